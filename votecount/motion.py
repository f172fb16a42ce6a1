"""Yes / No / Abstain motions: thresholds and quorum (docs/rules/motions.md).

The result is data (outcome, the rule, the numbers that decided it), so the web app can say it
in the reader's language; `MotionResult.sentence()` says it in English for the command line.
Confirming candidates for uncontested seats is a motion per candidate.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from votecount.model import VoteCountError

Choice = Literal["yes", "no", "abstain"]


class Threshold(StrEnum):
    """How many Yes votes a motion needs."""

    #: More Yes than half of all votes cast, abstentions included.
    MAJORITY_OF_VOTES_CAST = "majority-of-votes-cast"
    #: More Yes than No; abstentions are not counted.
    MAJORITY_EXCLUDING_ABSTENTIONS = "majority-excluding-abstentions"
    #: At least two thirds of the Yes and No votes; abstentions are not counted.
    TWO_THIRDS = "two-thirds"
    #: At least three quarters of the Yes and No votes; abstentions are not counted.
    THREE_QUARTERS = "three-quarters"
    #: More Yes than half of the whole electorate, whether or not they voted.
    ABSOLUTE_MAJORITY_OF_ELECTORATE = "absolute-majority-of-electorate"


class MotionOutcome(StrEnum):
    """What a motion's vote decided. The values are what results store and print."""

    PASSED = "passed"
    FAILED = "failed"
    #: Too few present (or voting) for the quorum: the motion is not decided.
    NO_QUORUM = "no quorum"


class QuorumBasis(StrEnum):
    """What a quorum counts."""

    PRESENT_VOTING_DELEGATES = "present-voting-delegates"
    BALLOTS_CAST = "ballots-cast"


@dataclass(frozen=True, slots=True)
class Quorum:
    basis: QuorumBasis
    required: int


@dataclass(frozen=True, slots=True)
class MotionBallot:
    choice: Choice
    weight: int = 1


@dataclass(frozen=True, slots=True)
class MotionResult:
    """`outcome` says whether it passed, failed or had no quorum; `needed` the Yes votes the
    threshold asked for (None when there was no quorum)."""

    outcome: MotionOutcome
    threshold: Threshold
    yes: int
    no: int
    abstain: int
    needed: int | None
    quorum: Quorum | None = None
    quorum_count: int | None = None
    electorate: int | None = None

    def sentence(self) -> str:
        tally = f"{self.yes} yes, {self.no} no, {self.abstain} abstaining"
        if self.outcome is MotionOutcome.NO_QUORUM and self.quorum is not None:
            counted = self.quorum.basis.value.replace("-", " ")
            return (
                f"The motion was not decided: there was no quorum ({self.quorum_count} "
                f"{counted}, {self.quorum.required} required). Votes: {tally}."
            )
        rule = self.threshold.value.replace("-", " ")
        return f"The motion {self.outcome.value} ({tally}); {rule} needed {self.needed} yes."


def tally(ballots: Iterable[MotionBallot]) -> tuple[int, int, int]:
    totals = {"yes": 0, "no": 0, "abstain": 0}
    for ballot in ballots:
        if ballot.choice not in totals or ballot.weight < 0:
            raise VoteCountError(f"not a motion ballot: {ballot!r}")
        totals[ballot.choice] += ballot.weight
    return totals["yes"], totals["no"], totals["abstain"]


def decide(
    ballots: Iterable[MotionBallot],
    threshold: Threshold,
    *,
    quorum: Quorum | None = None,
    present: int | None = None,
    electorate: int | None = None,
) -> MotionResult:
    """Decide a motion. `present` (voting delegates present) is needed for a quorum of present
    delegates; `electorate` (everyone entitled to vote) for an absolute majority."""
    yes, no, abstain = tally(ballots)
    cast = yes + no + abstain
    quorum_count = None
    if quorum is not None:
        if quorum.basis is QuorumBasis.PRESENT_VOTING_DELEGATES:
            if present is None:
                raise VoteCountError("a quorum of present delegates needs the number present")
            quorum_count = present
        else:
            quorum_count = cast
        if quorum_count < quorum.required:
            return MotionResult(
                MotionOutcome.NO_QUORUM, threshold, yes, no, abstain, None, quorum, quorum_count
            )
    if threshold is Threshold.MAJORITY_OF_VOTES_CAST:
        needed = cast // 2 + 1
    elif threshold is Threshold.MAJORITY_EXCLUDING_ABSTENTIONS:
        needed = (yes + no) // 2 + 1
    elif threshold is Threshold.TWO_THIRDS:
        needed = max(1, -(-2 * (yes + no) // 3))
    elif threshold is Threshold.THREE_QUARTERS:
        needed = max(1, -(-3 * (yes + no) // 4))
    else:
        if electorate is None:
            raise VoteCountError("an absolute majority of the electorate needs its size")
        needed = electorate // 2 + 1
    outcome = MotionOutcome.PASSED if yes >= needed else MotionOutcome.FAILED
    return MotionResult(
        outcome, threshold, yes, no, abstain, needed, quorum, quorum_count, electorate
    )


def confirm_candidates(
    candidates: Iterable[str],
    ballots: Iterable[tuple[Mapping[str, Choice], int]],
    threshold: Threshold,
    *,
    quorum: Quorum | None = None,
    present: int | None = None,
    electorate: int | None = None,
) -> dict[str, MotionResult]:
    """Uncontested seats: each candidate is confirmed by their own Yes/No/Abstain motion.

    `ballots` pairs each ballot's choices by candidate with its weight; a candidate a ballot
    leaves out counts as an abstention on that ballot.
    """
    names = list(candidates)
    papers = list(ballots)
    for choices, _ in papers:
        unknown = sorted(set(choices) - set(names))
        if unknown:
            raise VoteCountError(f"a ballot names unknown candidate {unknown[0]!r}")
    return {
        name: decide(
            [MotionBallot(choices.get(name, "abstain"), weight) for choices, weight in papers],
            threshold,
            quorum=quorum,
            present=present,
            electorate=electorate,
        )
        for name in names
    }
