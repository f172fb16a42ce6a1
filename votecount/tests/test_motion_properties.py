"""Properties of motions, beside STV's: each threshold stated as the statutes say it (a
fraction of the votes, abstentions in or out), monotonic in Yes and No, blind to ballot order
and to how weight is split, and a quorum that decides nothing when it is missed."""

from __future__ import annotations

import random as random_module

from hypothesis import given
from hypothesis import strategies as st

from votecount.motion import Choice, MotionBallot, Quorum, QuorumBasis, Threshold, decide

CHOICES: tuple[Choice, ...] = ("yes", "no", "abstain")
votes = st.integers(min_value=0, max_value=500)
EXCLUDING_ABSTENTIONS = (
    Threshold.MAJORITY_EXCLUDING_ABSTENTIONS,
    Threshold.TWO_THIRDS,
    Threshold.THREE_QUARTERS,
)


def ballots(yes: int, no: int, abstain: int) -> list[MotionBallot]:
    return [MotionBallot("yes", yes), MotionBallot("no", no), MotionBallot("abstain", abstain)]


def passes(threshold: Threshold, yes: int, no: int, abstain: int, electorate: int = 0) -> bool:
    return decide(ballots(yes, no, abstain), threshold, electorate=electorate).outcome == "passed"


@given(votes, votes, votes)
def test_each_threshold_is_the_fraction_the_statutes_name(yes: int, no: int, abstain: int) -> None:
    assert passes(Threshold.MAJORITY_OF_VOTES_CAST, yes, no, abstain) == (
        2 * yes > yes + no + abstain
    )
    assert passes(Threshold.MAJORITY_EXCLUDING_ABSTENTIONS, yes, no, abstain) == (yes > no)
    assert passes(Threshold.TWO_THIRDS, yes, no, abstain) == (yes > 0 and 3 * yes >= 2 * (yes + no))
    assert passes(Threshold.THREE_QUARTERS, yes, no, abstain) == (
        yes > 0 and 4 * yes >= 3 * (yes + no)
    )


@given(votes, votes, votes, st.integers(min_value=0, max_value=2000))
def test_an_absolute_majority_counts_everyone_entitled_whether_or_not_they_voted(
    yes: int, no: int, abstain: int, absent: int
) -> None:
    electorate = yes + no + abstain + absent
    result = passes(Threshold.ABSOLUTE_MAJORITY_OF_ELECTORATE, yes, no, abstain, electorate)
    assert result == (2 * yes > electorate)


@given(st.sampled_from(EXCLUDING_ABSTENTIONS), votes, votes, votes, votes)
def test_abstentions_change_nothing_where_they_are_not_counted(
    threshold: Threshold, yes: int, no: int, abstain: int, more: int
) -> None:
    assert passes(threshold, yes, no, abstain) == passes(threshold, yes, no, abstain + more)


@given(st.sampled_from(list(Threshold)), votes, votes, votes, st.integers(1, 50))
def test_one_more_yes_never_defeats_a_motion_and_one_more_no_never_carries_it(
    threshold: Threshold, yes: int, no: int, abstain: int, more: int
) -> None:
    electorate = 2000
    before = passes(threshold, yes, no, abstain, electorate)
    if before:
        assert passes(threshold, yes + more, no, abstain, electorate)
    else:
        assert not passes(threshold, yes, no + more, abstain, electorate)


@given(
    st.sampled_from(list(Threshold)),
    st.lists(st.tuples(st.sampled_from(CHOICES), st.integers(1, 5)), max_size=40),
    st.randoms(use_true_random=False),
)
def test_order_and_the_splitting_of_weighted_ballots_change_nothing(
    threshold: Threshold, cast: list[tuple[Choice, int]], random: random_module.Random
) -> None:
    weighted = [MotionBallot(choice, weight) for choice, weight in cast]
    split = [MotionBallot(ballot.choice) for ballot in weighted for _ in range(ballot.weight)]
    random.shuffle(split)
    assert decide(weighted, threshold, electorate=400) == decide(split, threshold, electorate=400)


@given(
    st.sampled_from(list(Threshold)),
    st.sampled_from(list(QuorumBasis)),
    votes,
    votes,
    votes,
    st.integers(0, 1600),
    st.integers(0, 1600),
)
def test_a_missed_quorum_decides_nothing_and_a_met_one_changes_nothing(
    threshold: Threshold,
    basis: QuorumBasis,
    yes: int,
    no: int,
    abstain: int,
    present: int,
    required: int,
) -> None:
    counted = present if basis is QuorumBasis.PRESENT_VOTING_DELEGATES else yes + no + abstain
    with_quorum = decide(
        ballots(yes, no, abstain),
        threshold,
        quorum=Quorum(basis, required),
        present=present,
        electorate=2000,
    )
    without = decide(ballots(yes, no, abstain), threshold, electorate=2000)
    if counted < required:
        assert with_quorum.outcome == "no quorum"
        assert with_quorum.needed is None
    else:
        assert (with_quorum.outcome, with_quorum.needed) == (without.outcome, without.needed)
