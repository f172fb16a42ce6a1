"""Scottish STV and instant-runoff voting: counts that move whole parcels of papers.

The rules are stated in docs/rules/scottish-stv.md and docs/rules/irv.md; rule numbers in the
comments refer to Schedule 1 of the Scottish Local Government Elections Order 2007 (SSI 2007/42).
"""

from __future__ import annotations

from decimal import Decimal

from votecount.model import Profile, VoteCountError
from votecount.piles import Parcel, Piles, Sorted, merge_by_value
from votecount.result import CountResult, Event, Outcome, Stage
from votecount.ties import Look, TieBreaker, default_seed

#: Scottish STV counts in units of 1/100000 of a vote: "five decimal places" [48(3)].
SCOTTISH_PLACES = 5


class TransferCount:
    """The state of a count in which candidates hold parcels of papers: votes by candidate in
    fixed-point units, who is continuing, and the stage record as it grows."""

    def __init__(self, profile: Profile, seed: int | None, places: int) -> None:
        self.profile = profile
        self.names = profile.candidates
        self.places = places
        self.unit = 10**places
        self.ties = TieBreaker(default_seed(profile) if seed is None else seed, self.names)
        size = len(self.names)
        self.continuing = [candidate not in profile.withdrawn for candidate in range(size)]
        self.standing = [
            candidate for candidate in range(size) if candidate not in profile.withdrawn
        ]
        self.piles = Piles(profile.matrix, size)
        self.votes = [0] * size
        self.history: list[list[int]] = []
        self.elected: list[int] = []
        self.stages: list[Stage] = []
        self.exhausted = 0
        self.lost = 0
        self.notes: list[str] = []
        self.events: list[Event] = []
        self.ties_recorded = 0  # tie breaks already given to a stage
        first = self.piles.first_preferences(self.continuing, self.unit)
        self.valid_papers = profile.total_weight - first.exhausted_papers
        self.changes = self._credit(first)

    def decimal(self, value: int) -> Decimal:
        return Decimal(value).scaleb(-self.places)

    def _credit(self, sorted_papers: Sorted) -> dict[int, int]:
        """Hand sorted parcels to their candidates; return what each candidate gained."""
        gains: dict[int, int] = {}
        for candidate, parcel in sorted_papers.parcels.items():
            gains[candidate] = parcel.papers * parcel.value
            self.votes[candidate] += gains[candidate]
        self.piles.receive(sorted_papers.parcels)
        return gains

    def transfer(self, parcels: list[tuple[Parcel, int]]) -> int:
        """Send each parcel to the next continuing preference at the value paired with it;
        papers with no such preference are exhausted at that value. Returns the value moved."""
        moved = 0
        for parcel, value in parcels:
            sorted_papers = self.piles.sort(parcel.rows, parcel.positions, self.continuing, value)
            for candidate, gain in self._credit(sorted_papers).items():
                self.changes[candidate] = self.changes.get(candidate, 0) + gain
                moved += gain
            self.exhausted += sorted_papers.exhausted_papers * value
            moved += sorted_papers.exhausted_papers * value
        return moved

    def mark(self, candidate: int, outcome: Outcome, reason: str) -> None:
        self.continuing[candidate] = False
        if outcome == "elected":
            self.elected.append(candidate)
        self.events.append(Event(self.names[candidate], outcome, reason))

    def order_by_votes(self, candidates: list[int], what: str) -> list[int]:
        """Highest vote first; equal votes by the most recent earlier stage, then by lot."""
        ordered: list[int] = []
        left = sorted(candidates, key=lambda candidate: -self.votes[candidate])
        while left:
            top = [c for c in left if self.votes[c] == self.votes[left[0]]]
            chosen = self.choose(top, lowest=False, what=what)
            ordered.append(chosen)
            left.remove(chosen)
        return ordered

    def choose(
        self, tied: list[int], *, lowest: bool, what: str, look: Look = "most recent"
    ) -> int:
        if len(tied) == 1:
            return tied[0]
        chosen, note = self.ties.by_history(tied, self.history, lowest=lowest, look=look, what=what)
        self.notes.append(note)
        return chosen

    def lowest_continuing(self, look: Look = "most recent") -> int:
        continuing = [c for c in self.standing if self.continuing[c]]
        fewest = min(self.votes[c] for c in continuing)
        tied = [c for c in continuing if self.votes[c] == fewest]
        return self.choose(tied, lowest=True, what="exclusion", look=look)

    def close_stage(
        self,
        action: str,
        subject: int | None = None,
        transfer_values: tuple[int, ...] = (),
        quota: int | None = None,
    ) -> None:
        """Record the stage just counted; its totals become history for later tie-breaks."""
        self.stages.append(
            Stage(
                number=len(self.stages) + 1,
                action=action,
                totals={self.names[c]: self.decimal(self.votes[c]) for c in self.standing},
                changes={self.names[c]: self.decimal(v) for c, v in sorted(self.changes.items())},
                subject=None if subject is None else self.names[subject],
                transfer_values=tuple(self.decimal(value) for value in transfer_values),
                exhausted=self.decimal(self.exhausted),
                lost_to_rounding=self.decimal(self.lost),
                events=tuple(self.events),
                notes=tuple(self.notes),
                quota=None if quota is None else self.decimal(quota),
                ties=tuple(self.ties.breaks[self.ties_recorded :]),
            )
        )
        self.ties_recorded = len(self.ties.breaks)
        self.history.append(list(self.votes))
        self.changes, self.events, self.notes = {}, [], []

    def result(self, method: str, quota: int | None) -> CountResult:
        return CountResult(
            method=method,
            title=self.profile.title,
            candidates=self.names,
            seats=self.profile.seats,
            elected=tuple(self.names[c] for c in self.elected),
            alternates=(),
            stages=tuple(self.stages),
            seed=self.ties.seed,
            quota=None if quota is None else self.decimal(quota),
            total_votes=Decimal(self.valid_papers),
            withdrawn=tuple(self.names[c] for c in sorted(self.profile.withdrawn)),
            blank=self.profile.blank,
        )


def scottish_stv(profile: Profile, seed: int | None = None) -> CountResult:
    """Count by the Scottish local government STV rules of 2007 (docs/rules/scottish-stv.md)."""
    profile.require_strict("Scottish STV")
    profile.require_seats_available()
    count = TransferCount(profile, seed, SCOTTISH_PLACES)
    seats = profile.seats
    # [46] Droop quota on the valid papers, ignoring any fraction, plus one.
    quota = (count.valid_papers // (seats + 1) + 1) * count.unit
    pending: list[int] = []
    action, subject = "first preferences", None
    values: tuple[int, ...] = ()
    while True:
        # [47] At the end of each stage, a candidate with at least the quota is elected.
        reached = [c for c in count.standing if count.continuing[c] and count.votes[c] >= quota]
        for candidate in count.order_by_votes(reached, "order of election"):
            count.mark(candidate, "elected", "reached the quota")
            if count.votes[candidate] > quota:
                pending.append(candidate)
        vacancies = seats - len(count.elected)
        continuing = [c for c in count.standing if count.continuing[c]]
        # [52] When the continuing candidates are no more than the vacancies, they fill them.
        if vacancies and len(continuing) <= vacancies:
            for candidate in count.order_by_votes(continuing, "order of election"):
                count.mark(candidate, "elected", "continuing candidates fill the last vacancies")
            vacancies = 0
        count.close_stage(action, subject, values, quota)
        if not vacancies:
            break
        if pending:
            # [48], [49] Transfer the largest surplus first; papers go only to continuing
            # candidates, each at (surplus x its value) / total, truncated to 5 places.
            biggest = max(count.votes[c] for c in pending)
            tied = [c for c in pending if count.votes[c] == biggest]
            subject = count.choose(tied, lowest=False, what="first surplus transfer")
            pending.remove(subject)
            total, surplus = count.votes[subject], count.votes[subject] - quota
            parcels = count.piles.give_up(subject)
            valued = [(parcel, surplus * parcel.value // total) for parcel in parcels]
            values = tuple(sorted({value for _, value in valued}, reverse=True))
            moved = count.transfer(valued)
            count.votes[subject] = quota
            count.changes[subject] = -surplus
            count.lost += surplus - moved
            action = "transfer of surplus"
        else:
            # [50], [51] Exclude the candidate with the fewest votes; every paper moves on at
            # the value at which it was received.
            subject = count.lowest_continuing()
            count.mark(subject, "excluded", "had the fewest votes")
            parcels = merge_by_value(count.piles.give_up(subject))
            values = tuple(parcel.value for parcel in parcels)
            count.transfer([(parcel, parcel.value) for parcel in parcels])
            count.changes[subject] = -count.votes[subject]
            count.votes[subject] = 0
            action = "exclusion"
    return count.result("scottish-stv", quota)


def irv(profile: Profile, seed: int | None = None) -> CountResult:
    """Instant-runoff voting for one seat (docs/rules/irv.md): a candidate with more than half
    of the votes still in the count wins; otherwise the candidate with the fewest votes is
    excluded and each of their ballots moves to its next continuing preference."""
    profile.require_strict("instant-runoff voting")
    profile.require_seats_available()
    if profile.seats != 1:
        raise VoteCountError("instant-runoff voting fills one seat; use an STV method for more")
    count = TransferCount(profile, seed, places=0)
    action, subject = "first preferences", None
    while True:
        continuing = [c for c in count.standing if count.continuing[c]]
        in_count = sum(count.votes[c] for c in continuing)
        leader = max(continuing, key=lambda candidate: count.votes[candidate])
        if 2 * count.votes[leader] > in_count or len(continuing) == 1:
            reason = "had more than half of the votes still in the count"
            count.mark(leader, "elected", reason if len(continuing) > 1 else "last candidate left")
            count.close_stage(action, subject)
            break
        count.close_stage(action, subject)
        subject = count.lowest_continuing()
        count.mark(subject, "excluded", "had the fewest votes")
        count.transfer([(parcel, parcel.value) for parcel in count.piles.give_up(subject)])
        count.changes[subject] = -count.votes[subject]
        count.votes[subject] = 0
        action = "exclusion"
    return count.result("irv", None)
