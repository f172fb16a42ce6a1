"""Ballot papers held by candidates during a transfer count, in parcels that share one value.

A parcel is a set of ballot groups (rows of the profile's `StrictMatrix`), the position each
group has reached on its ranking, and the value every paper in it carries. Values are integers
in the rule set's fixed-point unit (for example 1/100000 of a vote), so all sums are exact.
Transfers are vectorised over the groups of a parcel, never over single ballots.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from votecount.model import StrictMatrix

Rows = npt.NDArray[np.int64]
Positions = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class Parcel:
    """Ballot groups `rows`, each at ranking position `positions`, worth `value` per paper."""

    rows: Rows
    positions: Positions
    value: int
    papers: int


@dataclass(frozen=True, slots=True)
class Sorted:
    """The outcome of sorting papers to their next available preference."""

    parcels: dict[int, Parcel]
    exhausted_papers: int


class Piles:
    """Who holds which papers, and the next-preference sorting every transfer rule needs."""

    def __init__(self, matrix: StrictMatrix, candidates: int) -> None:
        self.matrix = matrix
        self.candidates = candidates
        self.held: list[list[Parcel]] = [[] for _ in range(candidates)]

    def sort(self, rows: Rows, positions: Positions, continuing: list[bool], value: int) -> Sorted:
        """Move each group on to its first preference at or after its position for a continuing
        candidate, and split the groups by that candidate."""
        ranking = self.matrix.rankings
        # The padding column reads as exhausted, so walking always stops at or before it.
        stops = np.array([*continuing, True], dtype=bool)
        positions = positions.copy()
        walking = np.arange(len(rows))
        while len(walking):
            reached = ranking[rows[walking], positions[walking]]
            walking = walking[~stops[reached]]
            positions[walking] += 1
        reached = ranking[rows, positions]
        order = np.argsort(reached, kind="stable")
        bounds = np.searchsorted(reached[order], np.arange(self.candidates + 2))
        weights = self.matrix.weights
        parcels: dict[int, Parcel] = {}
        for candidate in range(self.candidates):
            chosen = order[bounds[candidate] : bounds[candidate + 1]]
            if len(chosen):
                parcel_rows = rows[chosen]
                papers = int(weights[parcel_rows].sum())
                parcels[candidate] = Parcel(parcel_rows, positions[chosen], value, papers)
        exhausted_rows = rows[order[bounds[self.candidates] :]]
        return Sorted(parcels, int(weights[exhausted_rows].sum()))

    def first_preferences(self, continuing: list[bool], value: int) -> Sorted:
        rows = np.arange(len(self.matrix.weights), dtype=np.int64)
        positions = np.zeros(len(rows), dtype=np.int32)
        return self.sort(rows, positions, continuing, value)

    def receive(self, parcels: dict[int, Parcel]) -> None:
        for candidate, parcel in parcels.items():
            self.held[candidate].append(parcel)

    def give_up(self, candidate: int) -> list[Parcel]:
        parcels, self.held[candidate] = self.held[candidate], []
        return parcels


def merge_by_value(parcels: list[Parcel]) -> list[Parcel]:
    """Join parcels of equal value: papers of one value move together in an exclusion."""
    by_value: dict[int, list[Parcel]] = {}
    for parcel in parcels:
        by_value.setdefault(parcel.value, []).append(parcel)
    merged = []
    for value, group in sorted(by_value.items(), reverse=True):
        if len(group) == 1:
            merged.append(group[0])
            continue
        merged.append(
            Parcel(
                np.concatenate([parcel.rows for parcel in group]),
                np.concatenate([parcel.positions for parcel in group]),
                value,
                sum(parcel.papers for parcel in group),
            )
        )
    return merged
