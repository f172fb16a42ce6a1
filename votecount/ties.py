"""Breaking ties: first by the votes at earlier stages, then by a seeded drawing of lots."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from typing import Literal

import numpy as np

from votecount.model import Profile
from votecount.result import TieBreak

Look = Literal["most recent", "earliest"]


def default_seed(profile: Profile) -> int:
    """A seed taken from the ballots themselves (the candidates, seats, withdrawals, the number
    of ballots and each candidate's first-rank support), so that recounting the same ballots
    draws the same lots even when nobody chose a seed, whatever order the ballots come in."""
    first_rank = [0] * len(profile.candidates)
    matrix = profile.matrix
    if matrix.strict:
        ranked = np.zeros(len(profile.candidates) + 1, dtype=np.int64)
        np.add.at(ranked, matrix.rankings[:, 0], matrix.weights)
        first_rank = ranked[:-1].tolist()
    else:
        for ranking, weight in zip(profile.groups, profile.weights, strict=True):
            for candidate in ranking[0] if ranking else ():
                first_rank[candidate] += weight
    facts = (profile.candidates, profile.seats, sorted(profile.withdrawn), first_rank)
    return int.from_bytes(hashlib.sha256(repr(facts).encode()).digest()[:4], "big")


class TieBreaker:
    """Chooses between tied candidates and says how, for the stage record."""

    def __init__(self, seed: int, names: Sequence[str]) -> None:
        self.seed = seed
        self._names = names
        self._lots = random.Random(seed)
        #: Every tie broken so far, in order, as data (the notes say the same in English).
        self.breaks: list[TieBreak] = []

    @property
    def lots(self) -> random.Random:
        """The seeded generator every drawing of lots in the count uses."""
        return self._lots

    def by_lot(self, tied: Sequence[int], what: str) -> tuple[int, str]:
        chosen = self._lots.choice(sorted(tied))
        self.breaks.append(
            TieBreak(self._names_of(tied), what, self._names[chosen], "lot", seed=self.seed)
        )
        return chosen, (
            f"{self._list(tied)} were tied for {what}; {self._names[chosen]} was chosen by lot "
            f"(seed {self.seed})"
        )

    def by_history(
        self,
        tied: Sequence[int],
        history: Sequence[Sequence[int]],
        *,
        lowest: bool,
        look: Look,
        what: str,
    ) -> tuple[int, str]:
        """Break a tie by the totals at earlier stages, then by lot.

        `history` holds each earlier stage's totals by candidate index, oldest first. Looking at
        stages in the order `look` names, the candidates not lowest (or not highest) at the first
        stage where the tied candidates differ drop out; if several remain, the search goes on
        among them, and lots decide between any still tied at the end.
        """
        remaining = sorted(tied)
        stages = range(len(history)) if look == "earliest" else range(len(history) - 1, -1, -1)
        for stage in stages:
            votes = history[stage]
            values = {votes[candidate] for candidate in remaining}
            if len(values) == 1:
                continue
            decider = min(values) if lowest else max(values)
            remaining = [candidate for candidate in remaining if votes[candidate] == decider]
            if len(remaining) == 1:
                self.breaks.append(
                    TieBreak(
                        self._names_of(tied),
                        what,
                        self._names[remaining[0]],
                        "earlier stage",
                        stage=stage + 1,
                        lowest=lowest,
                    )
                )
                return remaining[0], (
                    f"{self._list(tied)} were tied for {what}; {self._names[remaining[0]]} had "
                    f"the {'fewest' if lowest else 'most'} votes at stage {stage + 1}, the "
                    f"{look} stage at which they differed"
                )
        return self.by_lot(remaining, what)

    def _names_of(self, candidates: Sequence[int]) -> tuple[str, ...]:
        return tuple(self._names[candidate] for candidate in sorted(candidates))

    def _list(self, candidates: Sequence[int]) -> str:
        names = [self._names[candidate] for candidate in sorted(candidates)]
        return ", ".join(names[:-1]) + " and " + names[-1]
