"""The Schulze method: a Condorcet method giving a winner and a full ranking.

Rule in docs/rules/schulze.md. Ballots may rank candidates equally and leave candidates out;
unranked candidates count as ranked equally below every ranked one.
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from itertools import accumulate

import numpy as np

from votecount.model import Profile
from votecount.result import CountResult, Event, Stage
from votecount.ties import TieBreaker, default_seed


def pairwise(profile: Profile) -> list[list[int]]:
    """`d[a][b]`: the weight of ballots ranking a above b."""
    size = len(profile.candidates)
    positions = np.full((len(profile.groups), size), size, dtype=np.int64)
    for row, ranking in enumerate(profile.groups):
        for position, rank in enumerate(ranking):
            positions[row, list(rank)] = position
    weights = np.fromiter(profile.weights, dtype=np.int64, count=len(profile.weights))
    return [
        [int(weights[positions[:, a] < positions[:, b]].sum()) for b in range(size)]
        for a in range(size)
    ]


def strongest_paths(d: list[list[int]], candidates: list[int]) -> dict[tuple[int, int], int]:
    """Widest paths by winning votes: a link a→b is d[a][b] when a beats b, else absent."""
    p = {(a, b): d[a][b] if d[a][b] > d[b][a] else 0 for a in candidates for b in candidates}
    for via in candidates:
        for a in candidates:
            if a == via:
                continue
            for b in candidates:
                if b not in (a, via):
                    p[a, b] = max(p[a, b], min(p[a, via], p[via, b]))
    return p


def tie_breaking_ranking(
    profile: Profile, standing: list[int], ties: TieBreaker
) -> tuple[list[int], str]:
    """Schulze's tie-breaking ranking (Schulze 2011, section 5.2.1): draw a ballot at random
    and order the candidates as it does; candidates it ranks equally (or leaves out) are ordered
    by the next ballot drawn, and so on; any still equal after as many draws as there are
    ballot groups are ordered by lot. Draws come from the count's seeded generator, each
    ballot (not each group) equally likely."""
    rng = ties.lots
    size = len(profile.candidates)
    classes: list[list[int]] = [sorted(standing)]
    drawn: list[int] = []
    total = profile.total_weight
    # Ballots in a canonical order, so the draw does not depend on the order they came in.
    rows = sorted(range(len(profile.weights)), key=profile.groups.__getitem__)
    ends = list(accumulate(profile.weights[row] for row in rows))
    for _ in range(len(rows)):
        if all(len(group) == 1 for group in classes) or not total:
            break
        row = rows[bisect_right(ends, rng.randrange(total))]
        drawn.append(row)
        place = [size] * size
        for position, rank in enumerate(profile.groups[row]):
            for candidate in rank:
                place[candidate] = position
        refined: list[list[int]] = []
        for group in classes:
            for position in sorted({place[c] for c in group}):
                refined.append([c for c in group if place[c] == position])
        classes = refined
    ranking: list[int] = []
    for group in classes:
        group = list(group)
        rng.shuffle(group)
        ranking.extend(group)
    names = profile.candidates
    return ranking, (
        f"tie-breaking ranking {', '.join(names[c] for c in ranking)}, from {len(drawn)} ballot(s) "
        f"drawn at random (seed {ties.seed})"
        + ("" if all(len(group) == 1 for group in classes) else ", then by lot")
    )


def schulze(profile: Profile, seed: int | None = None) -> CountResult:
    """Rank by strongest paths: a is above b when the strongest path from a to b is stronger than
    the one from b to a. Candidates are taken in that order, the seats going to the first;
    candidates the paths cannot separate are ordered by Schulze's tie-breaking ranking, built
    from ballots drawn at random (`tie_breaking_ranking`)."""
    profile.require_seats_available()
    names = profile.candidates
    ties = TieBreaker(default_seed(profile) if seed is None else seed, names)
    standing = [c for c in range(len(names)) if c not in profile.withdrawn]
    d = pairwise(profile)
    p = strongest_paths(d, standing)
    left, order, notes = list(standing), list[int](), list[str]()
    tie_breaking: list[int] | None = None
    while left:
        unbeaten = [a for a in left if all(p[a, b] >= p[b, a] for b in left if b != a)]
        chosen = unbeaten[0]
        if len(unbeaten) > 1:
            if tie_breaking is None:
                tie_breaking, how = tie_breaking_ranking(profile, standing, ties)
                notes.append(how)
            chosen = min(unbeaten, key=tie_breaking.index)
            notes.append(
                f"{', '.join(names[c] for c in sorted(unbeaten))} were tied for place "
                f"{len(order) + 1} of the ranking; {names[chosen]} is highest in the "
                "tie-breaking ranking"
            )
        order.append(chosen)
        left.remove(chosen)
    wins = {a: sum(1 for b in standing if p[a, b] > p[b, a]) for a in standing}
    contests = tuple(
        f"{names[a]} over {names[b]}: {d[a][b]} to {d[b][a]}, strongest path {p[a, b]} to {p[b, a]}"
        for a in standing
        for b in standing
        if a < b
    )
    elected = order[: profile.seats]
    stage = Stage(
        number=1,
        action="pairwise contests (totals: candidates beaten by strongest path)",
        totals={names[c]: Decimal(wins[c]) for c in standing},
        events=tuple(Event(names[c], "elected", "highest in the Schulze ranking") for c in elected),
        notes=tuple(notes),
    )
    return CountResult(
        method="schulze",
        title=profile.title,
        candidates=names,
        seats=profile.seats,
        elected=tuple(names[c] for c in elected),
        alternates=(),
        stages=(stage,),
        seed=ties.seed,
        total_votes=Decimal(profile.total_weight),
        withdrawn=tuple(names[c] for c in sorted(profile.withdrawn)),
        ranking=tuple(names[c] for c in order),
        notes=contests,
        blank=profile.blank,
    )
