"""Counts of marks: plurality (one choice), approval and block voting for several seats.

Rules in docs/rules/plurality-approval-block.md. A candidate named `NONE_OF_THE_CANDIDATES`
stands for "none of the candidates": it is never elected, and a candidate must have more votes
than it to be elected, so seats can be left empty. Without it, a candidate must have at least
one vote: nobody is elected by lot among candidates nobody voted for.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from votecount.model import BallotError, Profile
from votecount.result import CountResult, Event, Stage
from votecount.ties import TieBreaker, default_seed

NONE_OF_THE_CANDIDATES = "None of the candidates"


def plurality(profile: Profile, seed: int | None = None) -> CountResult:
    """Each ballot is one vote for its first choice; the most votes win the seats."""
    for ranking, line in zip(profile.groups, profile.lines, strict=True):
        if ranking and len(ranking[0]) > 1:
            raise BallotError(
                "a plurality ballot must mark one first choice, not several",
                line or None,
                profile.source,
            )
    return _by_marks(profile, seed, "plurality", lambda ranking: ranking[0] if ranking else ())


def approval(profile: Profile, seed: int | None = None) -> CountResult:
    """Each ballot is one vote for every candidate it marks; the most votes win the seats."""
    return _by_marks(profile, seed, "approval", _marked)


def block(profile: Profile, seed: int | None = None) -> CountResult:
    """Approval with at most as many marks as seats; a ballot with more is refused."""
    for ranking, line in zip(profile.groups, profile.lines, strict=True):
        if len(_marked(ranking)) > profile.seats:
            raise BallotError(
                f"a block vote may mark at most {profile.seats} candidates, one per seat",
                line or None,
                profile.source,
            )
    return _by_marks(profile, seed, "block", _marked)


def _marked(ranking: tuple[tuple[int, ...], ...]) -> tuple[int, ...]:
    return tuple(candidate for rank in ranking for candidate in rank)


def _by_marks(
    profile: Profile,
    seed: int | None,
    method: str,
    marks: Callable[[tuple[tuple[int, ...], ...]], tuple[int, ...]],
) -> CountResult:
    profile.require_seats_available()
    names = profile.candidates
    ties = TieBreaker(default_seed(profile) if seed is None else seed, names)
    votes = [0] * len(names)
    for ranking, weight in zip(profile.groups, profile.weights, strict=True):
        for candidate in marks(ranking):
            votes[candidate] += weight
    standing = [c for c in range(len(names)) if c not in profile.withdrawn]
    nota = names.index(NONE_OF_THE_CANDIDATES) if NONE_OF_THE_CANDIDATES in names else None
    # A candidate nobody marked is never elected: a poll in which nobody approved anyone
    # elects nobody (no seat is filled by lot among candidates without a vote).
    bar = votes[nota] if nota is not None else 0
    eligible = [c for c in standing if c != nota]
    # Rank every candidate above the bar by votes; equal votes are ordered by lot. The first
    # ones fill the seats and the rest are the alternates, in order.
    ranked: list[int] = []
    notes: list[str] = []
    while eligible:
        most = max(votes[c] for c in eligible)
        if most <= bar:
            break
        tied = [c for c in eligible if votes[c] == most]
        chosen = tied[0]
        if len(tied) > 1:
            chosen, note = ties.by_lot(tied, f"place {len(ranked) + 1}")
            notes.append(note)
        ranked.append(chosen)
        eligible.remove(chosen)
    elected = ranked[: profile.seats]
    events = tuple(Event(names[c], "elected", "among the most votes") for c in elected)
    if nota is not None and len(elected) < profile.seats:
        notes.append(
            f"{profile.seats - len(elected)} seat(s) left empty: no other candidate had more "
            f"votes than {NONE_OF_THE_CANDIDATES!r}"
        )
    elif len(elected) < profile.seats:
        notes.append(
            f"{profile.seats - len(elected)} seat(s) left empty: no other candidate had a vote"
        )
    stage = Stage(
        number=1,
        action="votes counted",
        totals={names[c]: Decimal(votes[c]) for c in standing},
        changes={},
        events=events,
        notes=tuple(notes),
        ties=tuple(ties.breaks),
    )
    return CountResult(
        method=method,
        title=profile.title,
        candidates=names,
        seats=profile.seats,
        elected=tuple(names[c] for c in elected),
        ranking=tuple(names[c] for c in ranked),
        alternates=(),
        stages=(stage,),
        seed=ties.seed,
        total_votes=Decimal(profile.total_weight),
        withdrawn=tuple(names[c] for c in sorted(profile.withdrawn)),
        blank=profile.blank,
    )
