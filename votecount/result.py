"""What a count returns: who is elected, the ranked alternates and the stage-by-stage record.

Vote values are `Decimal`s built from exact integers (or fixed-point integers at the precision
the rule set prescribes), never floats, so the record shows exactly what was counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Outcome = Literal["elected", "excluded"]


@dataclass(frozen=True, slots=True)
class Event:
    """A candidate elected or excluded at a stage, and the rule that decided it."""

    candidate: str
    outcome: Outcome
    reason: str


@dataclass(frozen=True, slots=True)
class TieBreak:
    """Candidates tied for something (`what`: "exclusion", "order of election", "first surplus
    transfer", "place 2"...) and how `chosen` was picked: by the votes at an earlier `stage`
    (the fewest if `lowest`, else the most) or by lot with `seed`. The same as the stage's note,
    as data, so that a reader's program can say it in any language."""

    tied: tuple[str, ...]
    what: str
    chosen: str
    how: Literal["earlier stage", "lot"]
    stage: int | None = None
    lowest: bool = False
    seed: int | None = None


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of a count.

    `totals` are the votes of every candidate still in the count (elected ones included) at the
    end of the stage; `changes` what this stage added to or took from each; `exhausted` and
    `lost_to_rounding` are running totals, so that at every stage the totals, the exhausted votes
    and the votes lost to rounding add up to the votes counted at the first stage.
    """

    number: int
    action: str
    totals: dict[str, Decimal]
    changes: dict[str, Decimal] = field(default_factory=dict)
    subject: str | None = None
    transfer_values: tuple[Decimal, ...] = ()
    exhausted: Decimal = Decimal(0)
    lost_to_rounding: Decimal = Decimal(0)
    events: tuple[Event, ...] = ()
    notes: tuple[str, ...] = ()
    quota: Decimal | None = None
    ties: tuple[TieBreak, ...] = ()


@dataclass(frozen=True, slots=True)
class CountResult:
    """The result of a count that fills seats.

    `elected` is in order of election; `alternates` ranks the runners-up by the rule in
    docs/rules/alternates.md; `seed` is the seed of any drawing of lots, so a recount with the
    same seed gives the same answer. `blank` counts the blank papers (ranking nobody), set
    aside before the first stage: they are not in `total_votes` nor in any quota.
    """

    method: str
    title: str
    candidates: tuple[str, ...]
    seats: int
    elected: tuple[str, ...]
    alternates: tuple[str, ...]
    stages: tuple[Stage, ...]
    seed: int
    quota: Decimal | None = None
    total_votes: Decimal = Decimal(0)
    withdrawn: tuple[str, ...] = ()
    ranking: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    blank: int = 0

    def replace_alternates(self, alternates: tuple[str, ...]) -> CountResult:
        return CountResult(
            method=self.method,
            title=self.title,
            candidates=self.candidates,
            seats=self.seats,
            elected=self.elected,
            alternates=alternates,
            stages=self.stages,
            seed=self.seed,
            quota=self.quota,
            total_votes=self.total_votes,
            withdrawn=self.withdrawn,
            ranking=self.ranking,
            notes=self.notes,
            blank=self.blank,
        )
