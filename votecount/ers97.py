"""STV by the Electoral Reform Society's 1997 rules (ERS97), counted exactly in hundredths.

The rule is stated in docs/rules/ers97.md; numbers in the comments are the paragraphs of the
ERS's "How to conduct an election by the Single Transferable Vote" (3rd edition, 1997),
sections 5 and 6. In short:

* every value is a whole number of hundredths of a vote; divisions ignore any remainder;
* quota = total valid vote / (seats + 1) to two decimal places, plus 0.01 unless exact (5.1.6),
  recalculated without the non-transferable vote while nobody has been elected (5.4.8);
* a candidate is deemed elected on reaching the quota, or (rarely) the total active vote divided
  by one more than the places not yet filled (5.1.7, 5.3.13, 5.4.9);
* a surplus moves only the last batch of papers the candidate received (all papers for a
  first-stage surplus), at surplus / transferable papers, truncated, or at the papers' own value
  if that is less (5.3);
* surpluses that cannot change which candidates are lowest are deferred (5.2.2), and as many of
  the lowest candidates as the rules allow are excluded together (5.2.5); an exclusion moves the
  papers batch by batch, highest value first, electing candidates between batches (5.4);
* ties go to the votes at the first stage, or the earliest point after a batch at which the tied
  candidates differed, then to a seeded lot (5.2.3, 5.2.5); a tie for the last places that no
  earlier point separates elects none of the tied candidates at that point (5.6.2).
"""

from __future__ import annotations

from dataclasses import replace

from votecount.model import Profile
from votecount.piles import Parcel, Sorted, merge_by_value
from votecount.result import CountResult
from votecount.transfer import TransferCount

#: ERS97 counts in hundredths of a vote: "to two decimal places" [5.1.6, 5.3.7].
ERS97_PLACES = 2


def _up(total: int, parts: int) -> int:
    """`total / parts` to the unit, remainder ignored, plus one unit unless exact [5.1.6]."""
    return -(-total // parts)


def ers97(profile: Profile, seed: int | None = None) -> CountResult:
    """Count by the ERS97 STV rules (docs/rules/ers97.md)."""
    profile.require_strict("ERS97 STV")
    profile.require_seats_available()
    return _Ers97Count(TransferCount(profile, seed, ERS97_PLACES), profile.seats).run()


class _Ers97Count:
    def __init__(self, count: TransferCount, seats: int) -> None:
        self.count = count
        self.seats = seats
        self.valid = count.valid_papers * count.unit
        self.quota = _up(self.valid, seats + 1)  # [5.1.6]
        #: Candidates deemed elected whose surplus has not been transferred yet.
        self.pending: list[int] = []
        self.action = "first preferences"
        self.subject: str | None = None
        self.values: tuple[int, ...] = ()

    # -- state ---------------------------------------------------------------------------------

    def continuing(self) -> list[int]:
        return [c for c in self.count.standing if self.count.continuing[c]]

    def names(self, candidates: list[int]) -> str:
        return ", ".join(self.count.names[c] for c in sorted(candidates))

    def vacancies(self) -> int:
        return self.seats - len(self.count.elected)

    def surplus(self, candidate: int) -> int:
        return max(self.count.votes[candidate] - self.quota, 0)

    def earlier(self, candidate: int) -> tuple[int, ...]:
        """The candidate's votes at the first stage and after every batch since, oldest first:
        comparing these in order finds the earliest point at which two candidates differed."""
        return tuple(totals[candidate] for totals in self.count.history)

    def close(self) -> None:
        self.count.close_stage(self.action, None, self.values, self.quota)
        if self.subject is not None:
            # A stage may concern several candidates excluded together: name them all.
            self.count.stages[-1] = replace(self.count.stages[-1], subject=self.subject)

    # -- ties ------------------------------------------------------------------------------------

    def choose(self, tied: list[int], *, lowest: bool, what: str) -> int:
        """One of `tied` (equal votes now) by the earliest point where they differed, then by
        lot [5.2.3, 5.2.5]."""
        if len(tied) == 1:
            return tied[0]
        chosen, note = self.count.ties.by_history(
            tied, self.count.history, lowest=lowest, look="earliest", what=what
        )
        self.count.notes.append(note)
        return chosen

    # -- election ---------------------------------------------------------------------------------

    def elect(self) -> None:
        """Deem elected, in descending order of votes and up to the places left, every continuing
        candidate with at least the quota or the active-vote threshold [5.1.7, 5.3.13, 5.4.9]."""
        count = self.count
        while self.vacancies():
            vacancies = self.vacancies()
            continuing = self.continuing()
            # [5.6.1, 6.20] the total active vote: the valid vote less the quotas (or votes, if
            # less) of those elected and the non-transferable vote; so it includes surpluses and
            # excluded candidates' papers awaiting transfer.
            kept = sum(min(count.votes[c], self.quota) for c in count.elected)
            active = self.valid - kept - count.exhausted - count.lost
            threshold = min(self.quota, _up(active, vacancies + 1))
            reached = [c for c in continuing if count.votes[c] >= max(threshold, 1)]
            if not reached:
                return
            chosen = self.first_places(reached, vacancies)
            if not chosen:
                return
            for candidate in chosen:
                reason = "reached the quota"
                if count.votes[candidate] < self.quota:
                    reason = "reached the total active vote divided by the places left plus one"
                count.mark(candidate, "elected", reason)
                if count.votes[candidate] > self.quota:
                    self.pending.append(candidate)

    def first_places(self, reached: list[int], places: int) -> list[int]:
        """`reached` in descending order of votes, cut at `places`; candidates with equal votes
        go by the earliest point at which they differed. Where that still leaves a tie across the
        last place, none of the tied is chosen now [5.6.2]; equal candidates who all fit are
        ordered by lot (the order of election only)."""
        votes = self.count.votes
        ordered = sorted(reached, key=lambda c: (-votes[c], tuple(-v for v in self.earlier(c))))
        chosen: list[int] = []
        while ordered and len(chosen) < places:
            level = [c for c in ordered if votes[c] == votes[ordered[0]]]
            ordered = ordered[len(level) :]
            room = places - len(chosen)
            if len(level) <= room:
                while level:
                    pick = self.choose(level, lowest=False, what="order of election")
                    chosen.append(pick)
                    level.remove(pick)
                continue
            cut = self.earlier(level[room - 1])
            if cut != self.earlier(level[room]):
                chosen.extend(level[:room])
                self.count.notes.append(
                    f"{self.names(level)} had equal votes with {room} place(s) left; "
                    "the earliest point at which they differed decided (rule 5.6.2)"
                )
            else:
                above = [c for c in level if self.earlier(c) > cut]
                chosen.extend(above)
                tied = [c for c in level if self.earlier(c) == cut]
                self.count.notes.append(
                    f"{self.names(tied)} had equal votes at every point with too few "
                    "places for all; none of them is deemed elected at this stage (rule 5.6.2)"
                )
            break
        return chosen

    # -- what to do next ---------------------------------------------------------------------------

    def plan(self) -> tuple[str, list[int]] | None:
        """The next stage: ("surplus", [candidate]) or ("exclude", candidates); None when the
        continuing candidates fill the last places [5.5.1]."""
        count = self.count
        continuing = self.continuing()
        vacancies = self.vacancies()
        if len(continuing) <= vacancies:
            self.fill(continuing)
            return None
        deferred = sum(self.surplus(c) for c in self.pending)
        lowest_votes = sorted(count.votes[c] for c in continuing)
        # [5.2.5] as many of the lowest as possible, leaving enough candidates for the places,
        # whose votes with any deferred surpluses do not exceed the vote of the next above.
        most = 0
        total = 0
        for k in range(1, len(continuing) - vacancies + 1):
            total += lowest_votes[k - 1]
            if total + deferred <= lowest_votes[k]:
                most = k
        if self.pending:
            if most == 0:
                # [5.2.3] the largest surplus first; equal ones by the earliest difference.
                largest = max(self.surplus(c) for c in self.pending)
                tied = [c for c in self.pending if self.surplus(c) == largest]
                return "surplus", [self.choose(tied, lowest=False, what="first surplus transfer")]
            # [5.2.2] the surpluses cannot change the order of the lowest: defer them.
            count.notes.append(
                f"surpluses totalling {count.decimal(deferred)} are deferred: they cannot lift "
                "the lowest candidates above the candidate next above (rule 5.2.2)"
            )
        group: list[int] = []
        left = list(continuing)
        for _ in range(max(most, 1)):
            fewest = min(count.votes[c] for c in left)
            tied = [c for c in left if count.votes[c] == fewest]
            pick = self.choose(tied, lowest=True, what="exclusion")
            group.append(pick)
            left.remove(pick)
        if len(left) == vacancies:
            self.fill(left)  # [5.5.1]
            return None
        return "exclude", group

    def fill(self, candidates: list[int]) -> None:
        """[5.5.1] The continuing candidates are no more than the places left: all elected."""
        left = list(candidates)
        while left:
            most = max(self.count.votes[c] for c in left)
            tied = [c for c in left if self.count.votes[c] == most]
            candidate = self.choose(tied, lowest=False, what="order of election")
            left.remove(candidate)
            self.count.mark(candidate, "elected", "continuing candidates fill the last vacancies")

    # -- the count -----------------------------------------------------------------------------

    def run(self) -> CountResult:
        count = self.count
        self.elect()
        while True:
            before = len(count.notes)
            next_step = self.plan() if self.vacancies() else None
            # Decisions about the next stage (deferrals, ties) are noted on that stage.
            planned = count.notes[before:] if next_step else []
            del count.notes[len(count.notes) - len(planned) :]
            self.close()
            count.notes.extend(planned)
            if next_step is None or not self.vacancies():
                break
            kind, candidates = next_step
            if kind == "surplus":
                self.transfer_surplus(candidates[0])
                self.elect()
            else:
                self.exclude(candidates)
        return count.result("ers97", self.quota)

    def transfer_surplus(self, subject: int) -> None:
        """[5.3] Move the surplus on the last batch the candidate received (for a first-stage
        surplus, all their papers) to the next continuing preference."""
        count = self.count
        self.pending.remove(subject)
        surplus = self.surplus(subject)
        batch = count.piles.held[subject][-1]
        sorted_papers = count.piles.sort(batch.rows, batch.positions, count.continuing, 0)
        transferable = sum(parcel.papers for parcel in sorted_papers.parcels.values())
        # [5.3.7] surplus / transferable papers, two places, remainder ignored; or the papers'
        # present value when their total value does not exceed the surplus.
        value = surplus // transferable if transferable * batch.value > surplus else batch.value
        parcels = {
            candidate: Parcel(parcel.rows, parcel.positions, value, parcel.papers)
            for candidate, parcel in sorted_papers.parcels.items()
        }
        gains = count._credit(Sorted(parcels, sorted_papers.exhausted_papers))
        count.changes = gains
        moved = sum(gains.values())
        if value == batch.value:
            count.exhausted += surplus - moved  # non-transferable papers' value
        else:
            count.lost += surplus - moved  # [6.11] the non-transferable difference
        count.votes[subject] = self.quota
        count.changes[subject] = -surplus
        self.action, self.subject = "transfer of surplus", count.names[subject]
        self.values = (value,)

    def exclude(self, group: list[int]) -> None:
        """[5.4] Exclude `group` together; move their papers batch by batch, highest value first,
        each batch a stage of its own, deeming candidates elected after each [5.4.9]; stop as
        soon as every place is filled [5.5.2]."""
        count = self.count
        for candidate in group:
            count.mark(candidate, "excluded", "had the fewest votes")
        held: dict[int, dict[int, int]] = {}
        parcels: list[Parcel] = []
        for candidate in group:
            for parcel in count.piles.give_up(candidate):
                share = held.setdefault(parcel.value, {})
                share[candidate] = share.get(candidate, 0) + parcel.papers * parcel.value
                parcels.append(parcel)
        subject = ", ".join(count.names[c] for c in sorted(group))
        batches = merge_by_value(parcels)
        self.action, self.subject, self.values = "exclusion", subject, ()
        for candidate in group:
            count.changes[candidate] = -count.votes[candidate] if not batches else 0
            if not batches:
                count.votes[candidate] = 0
        for number, batch in enumerate(batches, start=1):
            if number > 1:
                self.close()
            for candidate, value in held[batch.value].items():
                count.votes[candidate] -= value
                count.changes[candidate] = -value
            count.transfer([(batch, batch.value)])
            if len(batches) > 1:
                self.action = f"exclusion, batch {number} of {len(batches)}"
            self.values = (batch.value,)
            if not count.elected:
                # [5.4.8] nobody elected yet: the quota ignores the non-transferable vote.
                self.quota = _up(self.valid - count.exhausted - count.lost, self.seats + 1)
            self.elect()
            if not self.vacancies():
                return
