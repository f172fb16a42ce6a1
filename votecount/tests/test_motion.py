"""Motions: each threshold and quorum rule, and the English sentence."""

from __future__ import annotations

import json

import pytest

from votecount.model import VoteCountError
from votecount.motion import (
    MotionBallot,
    MotionOutcome,
    Quorum,
    QuorumBasis,
    Threshold,
    confirm_candidates,
    decide,
)


def ballots(yes: int, no: int, abstain: int) -> list[MotionBallot]:
    return [MotionBallot("yes", yes), MotionBallot("no", no), MotionBallot("abstain", abstain)]


@pytest.mark.parametrize(
    ("threshold", "votes", "outcome", "needed"),
    [
        (Threshold.MAJORITY_OF_VOTES_CAST, (10, 8, 3), "failed", 11),
        (Threshold.MAJORITY_OF_VOTES_CAST, (11, 8, 2), "passed", 11),
        (Threshold.MAJORITY_EXCLUDING_ABSTENTIONS, (10, 8, 3), "passed", 10),
        (Threshold.MAJORITY_EXCLUDING_ABSTENTIONS, (9, 9, 0), "failed", 10),
        (Threshold.TWO_THIRDS, (20, 10, 7), "passed", 20),
        (Threshold.TWO_THIRDS, (19, 10, 0), "failed", 20),
        (Threshold.TWO_THIRDS, (0, 0, 5), "failed", 1),
        (Threshold.THREE_QUARTERS, (30, 10, 4), "passed", 30),
        (Threshold.THREE_QUARTERS, (29, 11, 0), "failed", 30),
        (Threshold.THREE_QUARTERS, (7, 3, 0), "failed", 8),
        (Threshold.THREE_QUARTERS, (0, 0, 5), "failed", 1),
    ],
)
def test_thresholds(
    threshold: Threshold, votes: tuple[int, int, int], outcome: str, needed: int
) -> None:
    result = decide(ballots(*votes), threshold)

    assert (result.outcome, result.needed) == (outcome, needed)


def test_an_outcome_is_an_enum_whose_values_are_the_words_results_store() -> None:
    assert [outcome.value for outcome in MotionOutcome] == ["passed", "failed", "no quorum"]
    passed = decide(ballots(3, 1, 0), Threshold.MAJORITY_EXCLUDING_ABSTENTIONS)
    lacking = decide(
        ballots(3, 1, 0), Threshold.TWO_THIRDS, quorum=Quorum(QuorumBasis.BALLOTS_CAST, 5)
    )
    assert (passed.outcome, lacking.outcome) == (MotionOutcome.PASSED, MotionOutcome.NO_QUORUM)
    assert json.dumps({"outcome": passed.outcome}) == '{"outcome": "passed"}'


def test_absolute_majority_counts_the_whole_electorate() -> None:
    result = decide(ballots(30, 5, 0), Threshold.ABSOLUTE_MAJORITY_OF_ELECTORATE, electorate=70)

    assert (result.outcome, result.needed) == ("failed", 36)
    assert result.sentence() == (
        "The motion failed (30 yes, 5 no, 0 abstaining); "
        "absolute majority of electorate needed 36 yes."
    )
    with pytest.raises(VoteCountError, match="needs its size"):
        decide(ballots(1, 0, 0), Threshold.ABSOLUTE_MAJORITY_OF_ELECTORATE)


def test_quorum_of_ballots_cast_and_of_present_delegates() -> None:
    cast = Quorum(QuorumBasis.BALLOTS_CAST, 25)
    present = Quorum(QuorumBasis.PRESENT_VOTING_DELEGATES, 25)
    rule = Threshold.MAJORITY_EXCLUDING_ABSTENTIONS

    assert decide(ballots(10, 5, 5), rule, quorum=cast).outcome == "no quorum"
    assert decide(ballots(10, 5, 5), rule, quorum=present, present=30).outcome == "passed"
    result = decide(ballots(10, 5, 5), rule, quorum=present, present=20)
    assert result.sentence().startswith(
        "The motion was not decided: there was no quorum (20 present voting delegates, 25 required)"
    )


def test_weighted_motion_ballots() -> None:
    result = decide([MotionBallot("yes", 3), MotionBallot("no", 2)], Threshold.TWO_THIRDS)

    assert (result.yes, result.no, result.outcome) == (3, 2, "failed")


def test_uncontested_seats_are_confirmed_candidate_by_candidate() -> None:
    results = confirm_candidates(
        ["Ann", "Bo"],
        [({"Ann": "yes", "Bo": "no"}, 3), ({"Ann": "yes"}, 1), ({"Bo": "yes"}, 1)],
        Threshold.MAJORITY_EXCLUDING_ABSTENTIONS,
    )

    assert results["Ann"].outcome == "passed"
    assert (results["Bo"].yes, results["Bo"].no, results["Bo"].abstain) == (1, 3, 1)
    assert results["Bo"].outcome == "failed"
    with pytest.raises(VoteCountError, match="unknown candidate 'Cy'"):
        confirm_candidates(["Ann"], [({"Cy": "yes"}, 1)], Threshold.TWO_THIRDS)
