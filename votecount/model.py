"""The plain data a count starts from: candidates, seats and weighted ballots.

`Election` and `Ballot` are the public input types (the assemblies app builds them from database
rows). `Profile` is the grouped, index-based form every counting method works on: identical
ballots are merged once, so a count walks groups of ballots rather than single ballots.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

#: One rank on a ballot: a single candidate, or several candidates ranked equally.
Rank = str | frozenset[str]
#: A ballot's ranks by candidate index; each rank is a tuple of one or more candidate indexes.
IndexRanking = tuple[tuple[int, ...], ...]


class VoteCountError(ValueError):
    """Input that cannot be counted; the message says what is wrong and where."""


class BallotError(VoteCountError):
    """A ballot that cannot be counted, naming its line in the source when there is one."""

    def __init__(self, problem: str, line: int | None = None, source: str = "") -> None:
        where = ""
        if line is not None:
            where = f"{source}, line {line}: " if source else f"line {line}: "
        super().__init__(f"{where}{problem}")
        self.problem = problem
        self.line = line


@dataclass(frozen=True, slots=True)
class Ballot:
    """One voter's (or one organization's) ballot.

    `ranking` lists the candidates from most to least preferred; a frozenset ranks several
    candidates equally (approval ballots are a single such rank). `weight` counts the ballot
    that many times, for rules that give an organization several votes.
    """

    ranking: tuple[Rank, ...]
    weight: int = 1


@dataclass(frozen=True, slots=True)
class Election:
    """Candidates, the number of seats and the ballots cast.

    Withdrawn candidates stay on the ballot paper but are skipped when counting, as if the voter
    had not marked them. A ballot that ranks nobody is a blank paper: counted as blank, never
    as a vote (so it does not raise the quota).
    """

    candidates: tuple[str, ...]
    seats: int
    ballots: tuple[Ballot, ...]
    withdrawn: frozenset[str] = frozenset()
    title: str = ""

    def profile(self) -> Profile:
        """Check every ballot and group identical ones."""
        index = {name: number for number, name in enumerate(self.candidates)}
        if len(index) != len(self.candidates):
            raise VoteCountError("two candidates have the same name")
        unknown = sorted(self.withdrawn - index.keys())
        if unknown:
            raise VoteCountError(f"withdrawn candidate {unknown[0]!r} is not a candidate")
        grouped: Counter[IndexRanking] = Counter()
        blank = 0
        for number, ballot in enumerate(self.ballots, start=1):
            ranking = _index_ranking(ballot, index, number)
            if ballot.weight < 0:
                raise BallotError(f"ballot {number} has a negative weight", None)
            if ranking:
                grouped[ranking] += ballot.weight
            else:
                blank += ballot.weight
        return Profile.from_groups(
            candidates=self.candidates,
            seats=self.seats,
            groups=grouped,
            withdrawn=frozenset(index[name] for name in self.withdrawn),
            title=self.title,
            blank=blank,
        )


def _index_ranking(ballot: Ballot, index: dict[str, int], number: int) -> IndexRanking:
    ranks: list[tuple[int, ...]] = []
    seen: set[int] = set()
    for rank in ballot.ranking:
        names = sorted(rank) if isinstance(rank, frozenset) else [rank]
        indexes: list[int] = []
        for name in names:
            if name not in index:
                raise BallotError(f"ballot {number} names unknown candidate {name!r}")
            if index[name] in seen:
                raise BallotError(f"ballot {number} ranks {name!r} twice")
            seen.add(index[name])
            indexes.append(index[name])
        if indexes:
            ranks.append(tuple(indexes))
    return tuple(ranks)


@dataclass(frozen=True, eq=False)
class Profile:
    """Grouped ballots by candidate index: what every counting method reads.

    `groups[i]` is a distinct ranking held by ballots of total weight `weights[i]`; `lines[i]`
    is the source line where it first appears (0 when built from objects), for error messages.
    A profile is built either from groups (`from_groups`) or, by the bulk file reader, from a
    strict ranking matrix (`from_matrix`); each form is derived from the other only when asked
    for, so counting a million-line file never makes a Python tuple per group.

    `blank` is the weight of the blank papers (ballots that rank nobody): they are no group,
    so no method counts them as votes or in a quota; the result reports them.
    """

    candidates: tuple[str, ...]
    seats: int
    withdrawn: frozenset[int] = frozenset()
    blank: int = 0
    title: str = ""
    source: str = ""
    given_groups: tuple[IndexRanking, ...] | None = None
    given_weights: tuple[int, ...] | None = None
    given_lines: tuple[int, ...] = ()
    given_matrix: StrictMatrix | None = None

    @classmethod
    def from_groups(
        cls,
        *,
        candidates: Sequence[str],
        seats: int,
        groups: Iterable[tuple[IndexRanking, int]] | Counter[IndexRanking],
        withdrawn: frozenset[int] = frozenset(),
        title: str = "",
        lines: Sequence[int] = (),
        source: str = "",
        blank: int = 0,
    ) -> Profile:
        items = list(groups.items()) if isinstance(groups, Counter) else list(groups)
        _check(candidates, seats)
        if any(not ranking for ranking, _ in items):
            raise VoteCountError("a group of ballots ranks nobody: give blank papers as `blank`")
        return cls(
            candidates=tuple(candidates),
            seats=seats,
            given_groups=tuple(ranking for ranking, _ in items),
            given_weights=tuple(weight for _, weight in items),
            withdrawn=withdrawn,
            title=title,
            given_lines=tuple(lines),
            source=source,
            blank=blank,
        )

    @classmethod
    def from_matrix(
        cls,
        *,
        candidates: Sequence[str],
        seats: int,
        matrix: StrictMatrix,
        withdrawn: frozenset[int] = frozenset(),
        title: str = "",
        source: str = "",
        blank: int = 0,
    ) -> Profile:
        """Strict rankings already grouped into a matrix (rows padded with `len(candidates)`)."""
        _check(candidates, seats)
        return cls(
            candidates=tuple(candidates),
            seats=seats,
            withdrawn=withdrawn,
            title=title,
            source=source,
            given_matrix=matrix,
            blank=blank,
        )

    @cached_property
    def groups(self) -> tuple[IndexRanking, ...]:
        if self.given_groups is not None:
            return self.given_groups
        rankings = self.matrix.rankings
        size = len(self.candidates)
        singles = tuple((candidate,) for candidate in range(size))
        lengths = (rankings < size).sum(axis=1).tolist()
        return tuple(
            tuple(map(singles.__getitem__, row[:length]))
            for row, length in zip(rankings.tolist(), lengths, strict=True)
        )

    @cached_property
    def weights(self) -> tuple[int, ...]:
        if self.given_weights is not None:
            return self.given_weights
        return tuple(self.matrix.weights.tolist())

    @cached_property
    def lines(self) -> tuple[int, ...]:
        return self.given_lines or (0,) * len(self.weights)

    @cached_property
    def total_weight(self) -> int:
        if self.given_weights is None:
            return int(self.matrix.weights.sum())
        return sum(self.given_weights)

    def _same_ballots(self, *, seats: int, withdrawn: frozenset[int]) -> Profile:
        """The same ballots (sharing the matrix once built) with other seats or withdrawals."""
        return Profile(
            candidates=self.candidates,
            seats=seats,
            withdrawn=withdrawn,
            title=self.title,
            source=self.source,
            given_groups=self.given_groups,
            given_weights=self.given_weights,
            given_lines=self.given_lines,
            given_matrix=self.__dict__.get("matrix", self.given_matrix),
            blank=self.blank,
        )

    def with_withdrawn(self, more: Iterable[int]) -> Profile:
        """The same ballots with more candidates withdrawn (used to rank alternates)."""
        return self._same_ballots(seats=self.seats, withdrawn=self.withdrawn | frozenset(more))

    def with_seats(self, seats: int) -> Profile:
        return self._same_ballots(seats=seats, withdrawn=self.withdrawn)

    def require_strict(self, method: str) -> None:
        """Refuse ballots that rank candidates equally: ranked methods need a strict order."""
        if self.matrix.strict:
            return
        for ranking, line in zip(self.groups, self.lines, strict=True):
            for position, rank in enumerate(ranking, start=1):
                if len(rank) > 1:
                    raise BallotError(
                        f"a ballot ranks {len(rank)} candidates equally at rank {position}; "
                        f"{method} needs each ballot to rank candidates in a strict order",
                        line or None,
                        self.source,
                    )

    def require_seats_available(self) -> None:
        standing = len(self.candidates) - len(self.withdrawn)
        if self.seats > standing:
            raise VoteCountError(
                f"there are more seats ({self.seats}) than candidates standing ({standing})"
            )

    @cached_property
    def matrix(self) -> StrictMatrix:
        """The strict rankings as a padded integer matrix, for vectorised transfers."""
        return self.given_matrix or StrictMatrix.build(self)


def _check(candidates: Sequence[str], seats: int) -> None:
    if not candidates:
        raise VoteCountError("there are no candidates")
    if seats < 1:
        raise VoteCountError(f"the number of seats must be at least 1, not {seats}")


@dataclass(frozen=True, eq=False)
class StrictMatrix:
    """Strict rankings as rows of candidate indexes.

    Every row ends with at least one padding cell holding `len(candidates)`, so walking past the
    last preference always lands on the padding, which reads as "exhausted". When some ballot
    ranks candidates equally, `strict` is false and the rankings are not filled in.
    """

    rankings: npt.NDArray[np.int32]
    weights: npt.NDArray[np.int64]
    strict: bool

    @classmethod
    def build(cls, profile: Profile) -> StrictMatrix:
        groups = profile.groups
        lengths = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
        flat = [candidate for ranking in groups for rank in ranking for candidate in rank]
        width = int(lengths.max(initial=0)) + 1
        rankings = np.full((len(groups), width), len(profile.candidates), dtype=np.int32)
        strict = len(flat) == int(lengths.sum())
        if strict and flat:
            rows = np.repeat(np.arange(len(groups)), lengths)
            starts = np.repeat(np.cumsum(lengths) - lengths, lengths)
            rankings[rows, np.arange(len(flat)) - starts] = flat
        weights = np.fromiter(profile.weights, dtype=np.int64, count=len(profile.weights))
        return cls(rankings=rankings, weights=weights, strict=strict)
