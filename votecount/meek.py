"""Meek's method of STV, with the arithmetic of New Zealand's STV elections.

The rule is stated in docs/rules/meek-stv.md (Hill, Wichmann and Woodall's Algorithm 123 as
adopted in Schedule 1A of New Zealand's Local Electoral Regulations 2001): every candidate has a
keep value; each ballot gives each candidate it reaches the keep value's share of what is left
of it. Values are integers in units of 10^-9 of a vote: shares are rounded down, keep values up.
"""

from __future__ import annotations

import numpy as np

from votecount.model import Profile, VoteCountError
from votecount.result import CountResult
from votecount.transfer import TransferCount

MEEK_PLACES = 9
#: Clause 13 of Schedule 1A: the lowest hopeful is excluded once the elected candidates'
#: surpluses together are less than 0.0001 of a vote.
TOLERANCE = 10 ** (MEEK_PLACES - 4)
#: Ballots of total weight beyond this could overflow the 64-bit sums of 10^-9 vote units.
MOST_BALLOTS = 9 * 10**9


def meek_stv(profile: Profile, seed: int | None = None) -> CountResult:
    """Count by Meek's method (docs/rules/meek-stv.md)."""
    profile.require_strict("Meek STV")
    profile.require_seats_available()
    if profile.total_weight > MOST_BALLOTS:
        raise VoteCountError(f"Meek STV counts at most {MOST_BALLOTS} ballots")
    count = TransferCount(profile, seed, MEEK_PLACES)
    unit, seats = count.unit, profile.seats
    size = len(profile.candidates)
    keep = [unit if count.continuing[c] else 0 for c in range(size)]
    rankings, weights = profile.matrix.rankings, profile.matrix.weights
    quota = 0
    action, subject = "first preferences", None

    def distribute() -> tuple[list[int], int]:
        """Each ballot gives each candidate it reaches its keep value's share of what is left."""
        keeps = np.array([*keep, 0], dtype=np.int64)  # the padding column keeps nothing
        left = np.full(len(weights), unit, dtype=np.int64)
        votes = np.zeros(size + 1, dtype=np.int64)
        for column in range(rankings.shape[1]):
            reached = rankings[:, column]
            given = left * keeps[reached] // unit
            np.add.at(votes, reached, given * weights)
            left -= given
        return [int(v) for v in votes[:size]], int((left * weights).sum())

    def sure_loser(hopeful: list[int], surplus: int) -> bool:
        """Clause 13: the lowest hopeful's votes and the total surplus are less than the votes
        of every other hopeful, so no further iteration can save them."""
        votes = sorted(count.votes[c] for c in hopeful)
        return len(votes) > 1 and votes[0] + surplus < votes[1]

    while True:
        hopeful = [c for c in count.standing if count.continuing[c]]
        newly: list[int] = []
        changed = False
        for _iteration in range(10_000):
            count.votes, count.exhausted = distribute()
            quota = (profile.total_weight * unit - count.exhausted) // (seats + 1) + 1
            newly = [c for c in hopeful if count.votes[c] >= quota]
            surplus = sum(count.votes[c] - quota for c in count.elected)
            if newly or surplus < TOLERANCE or sure_loser(hopeful, surplus):
                break
            adjusted = [
                -(-keep[c] * quota // count.votes[c]) if count.votes[c] else keep[c]
                for c in count.elected
            ]
            if adjusted == [keep[c] for c in count.elected]:
                break  # keep values can move no further at this precision
            for c, value in zip(count.elected, adjusted, strict=True):
                keep[c] = value
            changed = True
        for candidate in count.order_by_votes(newly, "order of election"):
            count.mark(candidate, "elected", "reached the quota")
        remaining = [c for c in count.standing if count.continuing[c]]
        vacancies = seats - len(count.elected)
        if vacancies and len(remaining) <= vacancies:
            for candidate in count.order_by_votes(remaining, "order of election"):
                count.mark(candidate, "elected", "continuing candidates fill the last vacancies")
            vacancies = 0
        # Clause 13 excludes before any keep value moved: then there is no stage to record.
        if not (vacancies and not newly and not changed and action == "keep values adjusted"):
            count.close_stage(action, subject, tuple(keep[c] for c in count.elected), quota)
        if not vacancies:
            break
        if newly:
            action, subject = "keep values adjusted", None
            continue
        subject = count.lowest_continuing(look="earliest")  # clause 19: the AAFD method
        count.mark(subject, "excluded", "had the fewest votes")
        keep[subject] = 0
        action = "exclusion"
    return count.result("meek-stv", quota)
