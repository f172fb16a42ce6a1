"""Shared helpers: where the test data lives, and a compact way to write ballots."""

from __future__ import annotations

from pathlib import Path

from votecount.model import Ballot, Election

DATA = Path(__file__).parent / "data"
#: The whole collection of real elections, beside the repository (`<clone>/../shared`).
SHARED_ELECTIONS = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "elections"


def election(seats: int, *ballots: tuple[int, str], candidates: str = "") -> Election:
    """An election from lines like (12, "ABC"): 12 ballots ranking A, then B, then C.

    Candidates are single letters; by default those that appear on any ballot.
    """
    names = candidates or "".join(sorted({c for _, ranking in ballots for c in ranking}))
    return Election(
        candidates=tuple(names),
        seats=seats,
        ballots=tuple(Ballot(tuple(ranking), weight) for weight, ranking in ballots),
    )
