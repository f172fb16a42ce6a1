"""The counting methods by name, and the rule that ranks alternates for all of them."""

from __future__ import annotations

from collections.abc import Callable

from votecount.approval import approval, block, plurality
from votecount.ers97 import ers97
from votecount.meek import meek_stv
from votecount.model import Profile, VoteCountError
from votecount.result import CountResult
from votecount.schulze import schulze
from votecount.transfer import irv, scottish_stv

Method = Callable[[Profile, int | None], CountResult]

METHODS: dict[str, Method] = {
    "approval": approval,
    "block": block,
    "ers97": ers97,
    "irv": irv,
    "meek-stv": meek_stv,
    "plurality": plurality,
    "schulze": schulze,
    "scottish-stv": scottish_stv,
}


def count(
    profile: Profile, method: str, *, seed: int | None = None, alternates: int | None = None
) -> CountResult:
    """Count `profile` by `method` and rank `alternates` runners-up (by default one per seat).

    Alternates (docs/rules/alternates.md): recount the same ballots by the same method with
    everyone already elected or ranked withdrawn, for the same number of seats (or as many as
    candidates remain); those elected join the list in order of election; repeat until the list
    is long enough or no candidate is left. The recounts use the seed of the main count.
    Methods that rank every candidate in one count (Schulze, plurality, approval, block) take
    their alternates from that ranking, after the winners.
    """
    try:
        counter = METHODS[method]
    except KeyError:
        known = ", ".join(sorted(METHODS))
        raise VoteCountError(f"unknown method {method!r}; choose one of {known}") from None
    result = counter(profile, seed)
    wanted = profile.seats if alternates is None else alternates
    if result.ranking:
        return result.replace_alternates(result.ranking[len(result.elected) :][:wanted])
    ranked: list[str] = []
    index = {name: number for number, name in enumerate(profile.candidates)}
    while len(ranked) < wanted:
        out = [index[name] for name in (*result.elected, *ranked)]
        remaining = profile.with_withdrawn(out)
        standing = len(remaining.candidates) - len(remaining.withdrawn)
        if standing == 0:
            break
        seats = min(profile.seats, standing) if method != "irv" else 1
        recount = counter(remaining.with_seats(seats), result.seed).elected
        if not recount:
            break
        ranked.extend(recount)
    return result.replace_alternates(tuple(ranked[:wanted]))
