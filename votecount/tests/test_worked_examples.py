"""Small counts worked out by hand from the rule texts (docs/rules/), checked to the digit."""

from __future__ import annotations

from decimal import Decimal

import pytest

from votecount.approval import NONE_OF_THE_CANDIDATES
from votecount.methods import count
from votecount.model import Ballot, Election, VoteCountError
from votecount.tests.conftest import election


def test_scottish_stv_truncates_transfer_values_and_fills_the_last_seat_below_quota() -> None:
    # 23 valid papers, 2 seats: quota 23 // 3 + 1 = 8. A's surplus of 4 moves at 4/12 = 0.33333
    # (truncated): B gains 9 x 0.33333 = 2.99997, C gains 3 x 0.33333 = 0.99999, 0.00004 is lost.
    # D is excluded: C reaches 7.99999, still short of the quota; B is excluded; C, the only
    # continuing candidate, fills the last seat under rule 52.
    ballots = election(2, (9, "AB"), (3, "AC"), (4, "B"), (5, "C"), (2, "DC"))

    result = count(ballots.profile(), "scottish-stv")

    assert result.quota == Decimal("8.00000")
    assert result.elected == ("A", "C")
    first, surplus, exclude_d, exclude_b = result.stages
    assert first.totals == {"A": 12, "B": 4, "C": 5, "D": 2}
    assert surplus.transfer_values == (Decimal("0.33333"),)
    assert surplus.totals["B"] == Decimal("6.99997")
    assert surplus.totals["C"] == Decimal("5.99999")
    assert surplus.lost_to_rounding == Decimal("0.00004")
    assert exclude_d.totals["C"] == Decimal("7.99999")
    assert exclude_b.exhausted == Decimal("6.99997")
    assert [(e.candidate, e.outcome, e.reason) for e in exclude_b.events] == [
        ("B", "excluded", "had the fewest votes"),
        ("C", "elected", "continuing candidates fill the last vacancies"),
    ]


def test_scottish_stv_surplus_never_goes_to_a_candidate_elected_at_the_same_stage() -> None:
    # A and B both pass the quota (10) at stage 1. A's surplus skips B, already elected, and
    # goes to C at 5/15 = 0.33333 per paper.
    ballots = election(2, (15, "ABC"), (12, "B"), (2, "C"), (1, "D"))

    result = count(ballots.profile(), "scottish-stv")

    assert result.elected == ("A", "B")
    assert result.stages[0].events[0].candidate == "A"
    assert [e.candidate for e in result.stages[0].events] == ["A", "B"]
    assert len(result.stages) == 1  # both seats filled at once: no transfer needed


def test_scottish_stv_largest_surplus_moves_first_and_only_to_continuing_candidates() -> None:
    ballots = election(3, (15, "ABC"), (12, "BAD"), (2, "C"), (5, "D"), (6, "E"))

    result = count(ballots.profile(), "scottish-stv")

    # quota 40 // 4 + 1 = 11: A (15) and B (12) elected at stage 1; A's surplus first.
    second = result.stages[1]
    assert second.subject == "A"
    assert second.changes == {"A": Decimal("-4.00000"), "C": Decimal("3.99990")}
    assert "B" not in second.changes


def test_scottish_stv_exclusion_tie_is_broken_by_the_most_recent_stage_where_they_differed() -> (
    None
):
    # Quota 16 // 2 + 1 = 9. E (1) is excluded and C reaches 4, tying D; at stage 1, the most
    # recent earlier stage where they differed, C had 3 and D 4, so C is excluded next.
    ballots = election(1, (8, "B"), (4, "D"), (3, "C"), (1, "EC"))

    result = count(ballots.profile(), "scottish-stv")

    assert [s.subject for s in result.stages] == [None, "E", "C", "D"]
    assert result.stages[2].notes == (
        "C and D were tied for exclusion; C had the fewest votes at stage 1, "
        "the most recent stage at which they differed",
    )
    assert result.elected == ("B",)


def test_irv_elects_the_majority_winner_after_exclusions() -> None:
    ballots = election(1, (8, "A"), (7, "BC"), (6, "CB"), (2, "DC"))

    result = count(ballots.profile(), "irv")

    # D out: C 8. B (7) out: C 15 of 23, a majority.
    assert result.elected == ("C",)
    assert [s.subject for s in result.stages] == [None, "D", "B"]
    assert result.alternates == ("B",)  # recount without C: B 7 + 6 = 13 of 23


def test_equal_lots_are_drawn_from_the_seed_and_the_seed_is_reported() -> None:
    ballots = election(1, (5, "A"), (5, "B"))

    first = count(ballots.profile(), "irv", seed=1)
    again = count(ballots.profile(), "irv", seed=1)

    assert first.elected == again.elected
    assert first.seed == 1
    assert "chosen by lot (seed 1)" in first.stages[1].notes[0]


def test_weighted_ballots_count_as_many_ballots() -> None:
    weighted = election(1, (3, "AB"), (2, "B"))
    repeated = Election(
        ("A", "B"), 1, tuple(Ballot(tuple(r)) for r in ["AB", "AB", "AB", "B", "B"])
    )

    assert count(weighted.profile(), "scottish-stv").stages == (
        count(repeated.profile(), "scottish-stv").stages
    )


def test_meek_transfers_surplus_by_keep_values() -> None:
    # 2 seats, quota 30 / 3 + 10^-9. A (20) is elected at once; A's keep value then falls to
    # 0.500000001 (rounded up), A keeps 20 x that = 10.00000002 and B, A's second choice, gets
    # the rest, 9.99999998: just short of the quota, so D, then C are excluded.
    ballots = election(2, (20, "AB"), (6, "C"), (4, "D"))

    result = count(ballots.profile(), "meek-stv")

    assert result.elected == ("A", "B")
    first, adjusted = result.stages[:2]
    assert first.quota == Decimal("10.000000001")
    assert adjusted.totals == {
        "A": Decimal("10.000000020"),
        "B": Decimal("9.999999980"),
        "C": Decimal("6.000000000"),
        "D": Decimal("4.000000000"),
    }
    assert [s.subject for s in result.stages[2:]] == ["D"]
    assert adjusted.transfer_values[0] == Decimal("0.500000001")


def test_schulze_ranks_the_classic_example() -> None:
    # Wikipedia's example of the Schulze method: E wins, ranking E > A > C > B > D.
    ballots = election(
        1,
        (5, "ACBED"),
        (5, "ADECB"),
        (8, "BEDAC"),
        (3, "CABED"),
        (7, "CAEBD"),
        (2, "CBADE"),
        (7, "DCEBA"),
        (8, "EBADC"),
    )

    result = count(ballots.profile(), "schulze")

    assert result.ranking == ("E", "A", "C", "B", "D")
    assert result.elected == ("E",)
    assert result.alternates == ("A",)


def test_plurality_approval_and_block() -> None:
    profile = Election(
        ("A", "B", "C"),
        2,
        (
            Ballot((frozenset({"A", "B"}),), 3),
            Ballot((frozenset({"C"}),), 4),
            Ballot((frozenset({"B", "C"}),), 2),
        ),
    ).profile()

    assert count(profile, "approval").elected == ("C", "B")
    assert count(profile, "block").elected == ("C", "B")
    with pytest.raises(VoteCountError, match="plurality ballot must mark one first choice"):
        count(profile, "plurality")
    assert count(election(1, (3, "A"), (4, "B")).profile(), "plurality").elected == ("B",)


def test_block_refuses_a_ballot_with_more_marks_than_seats() -> None:
    profile = Election(("A", "B", "C"), 1, (Ballot((frozenset({"A", "B"}),)),)).profile()

    with pytest.raises(VoteCountError, match="at most 1 candidates"):
        count(profile, "block")


def test_none_of_the_candidates_leaves_seats_empty() -> None:
    nota = NONE_OF_THE_CANDIDATES
    profile = Election(
        ("A", "B", nota),
        2,
        (Ballot(("A",), 5), Ballot(("B",), 2), Ballot((nota,), 3)),
    ).profile()

    result = count(profile, "plurality")

    assert result.elected == ("A",)
    assert "1 seat(s) left empty" in result.stages[0].notes[0]


def test_an_approval_poll_in_which_nobody_approved_anyone_elects_nobody() -> None:
    blank = Election(("A", "B", "C"), 1, (Ballot(()), Ballot(()), Ballot(()))).profile()
    one_vote = Election(("A", "B", "C"), 2, (Ballot((frozenset({"B"}),)), Ballot(()))).profile()

    nobody = count(blank, "approval")
    assert nobody.elected == () and nobody.ranking == ()
    assert "1 seat(s) left empty" in nobody.stages[0].notes[0]
    # The second seat is not drawn by lot among candidates nobody voted for.
    assert count(one_vote, "approval").elected == ("B",)
    assert count(one_vote, "block").elected == ("B",)


def test_meek_excludes_a_sure_loser_before_iterating_clause_13() -> None:
    # 32 votes, 2 seats: quota 32 / 3 = 10.666666666 (truncated) + 0.000000001. A (11) is
    # elected with a surplus of 0.333333333. D's 1 plus that surplus is less than C's 5, so D is
    # excluded at once (Schedule 1A clause 13) without iterating keep values. D's vote is
    # non-transferable, so the quota becomes 31 / 3 = 10.333333334 and A's surplus 0.666666666;
    # C's 5 plus that is still less than B's 6, so C is excluded; C's 5 papers are
    # non-transferable, the quota falls to 26 / 3 = 8.666666667 and E (9) reaches it.
    ballots = election(2, (11, "AC"), (6, "B"), (5, "C"), (1, "D"), (9, "E"))

    result = count(ballots.profile(), "meek-stv")

    assert [(s.action, s.subject) for s in result.stages] == [
        ("first preferences", None),
        ("exclusion", "D"),
        ("exclusion", "C"),
    ]
    assert [s.quota for s in result.stages] == [
        Decimal("10.666666667"),
        Decimal("10.333333334"),
        Decimal("8.666666667"),
    ]
    assert result.elected == ("A", "E")


def test_meek_ties_for_exclusion_look_at_the_earliest_difference() -> None:
    # Schedule 1A clauses 19 and 40 (AAFD): X and Y tie at 5 after V's exclusion; at stage 1 X
    # had 3 and Y 4, so X is excluded (the most recent difference, X 5 and Y 4 at stage 2,
    # would exclude Y).
    ballots = election(1, (3, "X"), (4, "Y"), (2, "WX"), (1, "VY"), (2, "V"), (9, "Z"))

    result = count(ballots.profile(), "meek-stv")

    excluded = [e.candidate for s in result.stages for e in s.events if e.outcome == "excluded"]
    assert excluded[:3] == ["W", "V", "X"]
    assert any("earliest stage" in note for s in result.stages for note in s.notes)


def test_schulze_ties_follow_a_tie_breaking_ranking_from_a_random_ballot() -> None:
    # A and B beat each other equally (2 to 2); C loses to both. Schulze's rule: draw a ballot
    # at random and rank A and B as it does. The draw is seeded, and does not depend on the
    # order in which the ballots come.
    forward = election(1, (2, "ABC"), (2, "BAC"))
    backward = election(1, (2, "BAC"), (2, "ABC"))

    first = count(forward.profile(), "schulze", seed=5)
    again = count(backward.profile(), "schulze", seed=5)

    assert first.ranking[2] == "C"
    assert first.ranking == again.ranking
    notes = first.stages[0].notes
    assert notes[0].startswith("tie-breaking ranking ")
    assert "1 ballot(s) drawn at random (seed 5)" in notes[0]
    assert {count(forward.profile(), "schulze", seed=s).elected[0] for s in range(20)} == {"A", "B"}
