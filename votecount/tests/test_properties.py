"""Properties every count must have, on random elections (hypothesis)."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from votecount.methods import count
from votecount.model import Ballot, Election, Profile
from votecount.result import CountResult

NAMES = "ABCDEF"
TRANSFER_METHODS = ("scottish-stv", "meek-stv", "ers97", "irv")


@st.composite
def elections(draw: st.DrawFn, most_seats: int = 3) -> Election:
    size = draw(st.integers(2, len(NAMES)))
    names = NAMES[:size]
    orders = st.permutations(names).flatmap(
        lambda order: st.integers(1, len(order)).map(lambda length: tuple(order[:length]))
    )
    ballots = draw(st.lists(st.tuples(orders, st.integers(1, 9)), min_size=1, max_size=25))
    seats = draw(st.integers(1, min(most_seats, size)))
    return Election(
        candidates=tuple(names),
        seats=seats,
        ballots=tuple(Ballot(ranking, weight) for ranking, weight in ballots),
    )


def drew_lots(result: CountResult) -> bool:
    """Whether chance decided anything: a lot, or (Schulze) a ballot drawn at random."""
    return any(
        "by lot" in note or "at random" in note for stage in result.stages for note in stage.notes
    )


@settings(max_examples=150, deadline=None)
@given(elections(), st.sampled_from(("scottish-stv", "meek-stv", "ers97")))
def test_votes_are_conserved_at_every_stage(election: Election, method: str) -> None:
    result = count(election.profile(), method)

    for stage in result.stages:
        in_count = sum(stage.totals.values(), Decimal(0))
        assert in_count + stage.exhausted + stage.lost_to_rounding == result.total_votes


@settings(max_examples=150, deadline=None)
@given(elections(most_seats=1))
def test_irv_conserves_votes_at_every_stage(election: Election) -> None:
    result = count(election.profile(), "irv")

    for stage in result.stages:
        assert sum(stage.totals.values()) + stage.exhausted == result.total_votes


@settings(max_examples=150, deadline=None)
@given(elections(), st.sampled_from(("scottish-stv", "meek-stv", "ers97")))
def test_elected_candidates_have_a_quota_unless_they_fill_the_last_vacancies(
    election: Election, method: str
) -> None:
    result = count(election.profile(), method)

    assert len(result.elected) == election.seats
    for stage in result.stages:
        for event in stage.events:
            if event.outcome == "elected" and event.reason == "reached the quota":
                assert stage.quota is not None
                assert stage.totals[event.candidate] >= stage.quota


@settings(max_examples=150, deadline=None)
@given(elections(), st.randoms(use_true_random=False), st.sampled_from(TRANSFER_METHODS))
def test_results_do_not_depend_on_ballot_order(
    election: Election, shuffler: random.Random, method: str
) -> None:
    ballots = list(election.ballots)
    shuffler.shuffle(ballots)
    shuffled = Election(election.candidates, election.seats, tuple(ballots))
    seats = 1 if method == "irv" else election.seats

    original = count(election.profile().with_seats(seats), method)
    reordered = count(shuffled.profile().with_seats(seats), method)

    assert original == reordered


@settings(max_examples=150, deadline=None)
@given(elections(), st.sampled_from(TRANSFER_METHODS))
def test_anonymity_splitting_a_weighted_ballot_into_voters_changes_nothing(
    election: Election, method: str
) -> None:
    one_by_one = tuple(
        Ballot(ballot.ranking) for ballot in election.ballots for _ in range(ballot.weight)
    )
    seats = 1 if method == "irv" else election.seats

    weighted = count(election.profile().with_seats(seats), method)
    voters = count(Election(election.candidates, seats, one_by_one).profile(), method)

    assert weighted.elected == voters.elected
    assert weighted.stages == voters.stages


@settings(max_examples=150, deadline=None)
@given(
    elections(),
    st.permutations(range(len(NAMES))),
    st.sampled_from((*TRANSFER_METHODS, "schulze", "approval")),
)
def test_neutrality_renaming_and_reordering_candidates_renames_the_winners(
    election: Election, permutation: list[int], method: str
) -> None:
    rename = {
        name: f"candidate {permutation[number]}" for number, name in enumerate(election.candidates)
    }
    renamed = Election(
        candidates=tuple(sorted(rename.values())),
        seats=election.seats,
        ballots=tuple(
            Ballot(tuple(rename[str(name)] for name in ballot.ranking), ballot.weight)
            for ballot in election.ballots
        ),
    )
    seats = 1 if method == "irv" else election.seats

    original = count(election.profile().with_seats(seats), method, seed=7)
    relabelled = count(renamed.profile().with_seats(seats), method, seed=7)

    if not drew_lots(original) and not drew_lots(relabelled):
        assert [rename[name] for name in original.elected] == list(relabelled.elected)


@settings(max_examples=200, deadline=None)
@given(elections(), st.integers(0, 2**32 - 1))
def test_scottish_stv_for_one_seat_elects_the_irv_winner(election: Election, seed: int) -> None:
    profile: Profile = election.profile().with_seats(1)

    assert (
        count(profile, "scottish-stv", seed=seed).elected
        == count(profile, "irv", seed=seed).elected
    )


@settings(max_examples=100, deadline=None)
@given(
    elections(),
    st.sampled_from(("scottish-stv", "meek-stv", "ers97", "irv", "schulze", "approval")),
)
def test_alternates_are_distinct_unelected_candidates(election: Election, method: str) -> None:
    seats = 1 if method == "irv" else election.seats

    result = count(election.profile().with_seats(seats), method)

    assert len(set(result.alternates)) == len(result.alternates)
    assert not set(result.alternates) & set(result.elected)
