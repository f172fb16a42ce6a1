"""ERS97 STV: counts worked by hand from the rules (docs/rules/ers97.md), checked to the digit.

Paragraph numbers are those of the ERS's "How to conduct an election by the Single Transferable
Vote", 3rd edition (1997).
"""

from __future__ import annotations

from decimal import Decimal

from votecount.methods import count
from votecount.tests.conftest import election


def events(stage: object) -> list[tuple[str, str]]:
    return [(event.candidate, event.outcome) for event in stage.events]  # type: ignore[attr-defined]


def test_quota_to_two_places_and_transfer_values_truncated() -> None:
    # 23 valid votes, 2 seats: 23 / 3 = 7.666.. -> 7.66 + 0.01 = 7.67 [5.1.6]. A's surplus of
    # 12 - 7.67 = 4.33 over 12 transferable papers: 0.3608.. -> 0.36 [5.3.7]; B gains
    # 9 x 0.36 = 3.24, C 3 x 0.36 = 1.08, and 4.33 - 4.32 = 0.01 is the non-transferable
    # difference [6.11]. D (2) is excluded and C reaches 8.08.
    ballots = election(2, (9, "AB"), (3, "AC"), (4, "B"), (5, "C"), (2, "DC"))

    result = count(ballots.profile(), "ers97")

    assert result.quota == Decimal("7.67")
    assert result.elected == ("A", "C")
    first, surplus, exclusion = result.stages
    assert first.quota == Decimal("7.67")
    assert surplus.transfer_values == (Decimal("0.36"),)
    assert surplus.totals == {
        "A": Decimal("7.67"),
        "B": Decimal("7.24"),
        "C": Decimal("6.08"),
        "D": Decimal("2.00"),
    }
    assert surplus.lost_to_rounding == Decimal("0.01")
    assert exclusion.totals["C"] == Decimal("8.08")
    assert events(exclusion) == [("D", "excluded"), ("C", "elected")]


def test_exact_division_is_the_quota() -> None:
    # 24 / 3 = 8.00 exactly: no 0.01 is added [5.1.6].
    ballots = election(2, (9, "A"), (7, "BD"), (4, "C"), (3, "EBC"), (1, "D"))

    assert count(ballots.profile(), "ers97").quota == Decimal("8.00")


def test_a_surplus_that_cannot_change_the_lowest_is_deferred() -> None:
    # Quota 8.00; A has a surplus of 1.00. D (1) + 1.00 does not exceed E (3), so the surplus
    # is deferred and D excluded [5.2.2(a)]; then E (3) + 1.00 does not exceed C (4): deferred
    # again and E excluded, which elects B. A's surplus is never transferred.
    ballots = election(2, (9, "A"), (7, "BD"), (4, "C"), (3, "EBC"), (1, "D"))

    result = count(ballots.profile(), "ers97")

    assert result.elected == ("A", "B")
    assert [stage.action for stage in result.stages] == [
        "first preferences",
        "exclusion",
        "exclusion",
    ]
    assert [stage.subject for stage in result.stages[1:]] == ["D", "E"]
    assert all("deferred" in stage.notes[-1] for stage in result.stages[1:])
    assert result.stages[-1].totals["A"] == Decimal("9.00")  # still holding its surplus


def test_bulk_exclusion_quota_recalculated_last_batch_only() -> None:
    # 45 valid votes, 3 seats: quota 11.25. Nobody is elected. E (5) and F (1) together do not
    # exceed C and D (9), so both are excluded at once [5.2.5]; adding C as well (15) would.
    # F's paper is non-transferable, so with nobody yet elected the quota becomes
    # 44 / 4 = 11.00 [5.4.8]. B (16) is elected; its surplus of 5.00 comes from the last batch
    # received only, E's 5 papers [5.3.2], whose value (5.00) does not exceed the surplus, so
    # they move at their own value 1.00 [5.3.7] to D, not to C as B's own papers would.
    # D (14) is elected; its surplus comes from the 5 papers just received, which rank nobody
    # further: 3.00 is non-transferable. The total active vote is then 45 - 11 - 11 - 4 = 19,
    # and 19 / 2 = 9.50 < quota, so A (10) is elected under 5.4.9(b)/5.3.13(b).
    ballots = election(3, (11, "BC"), (5, "EBD"), (10, "A"), (9, "C"), (9, "D"), (1, "F"))

    result = count(ballots.profile(), "ers97")

    assert result.elected == ("B", "D", "A")
    first, exclusion, surplus_b, surplus_d = result.stages
    assert first.quota == Decimal("11.25")
    assert exclusion.subject == "E, F"
    assert exclusion.quota == Decimal("11.00")
    assert sorted(events(exclusion)) == [("B", "elected"), ("E", "excluded"), ("F", "excluded")]
    assert surplus_b.transfer_values == (Decimal("1.00"),)
    assert surplus_b.totals["C"] == Decimal("9.00")
    assert surplus_b.totals["D"] == Decimal("14.00")
    assert surplus_d.exhausted == Decimal("4.00")
    assert surplus_d.events[0].reason.startswith("reached the total active vote")


def test_exclusion_moves_batches_by_value_and_stops_when_the_places_are_filled() -> None:
    # Quota 10.00. A's surplus 2.00 over 12 papers: 0.1666.. -> 0.16, C gains 1.92, 0.08 is
    # lost. B (4) is excluded (non-transferable). C (4.92) is excluded: its 1.00 batch goes
    # first [5.4.1]; D reaches 8.00, which is at least the total active vote
    # (30 - 10 - 4.08 = 15.92) over 2, 7.96, so D is elected [5.4.9(b)] and, every place being
    # filled, the 0.16 batch is never transferred [5.5.2].
    ballots = election(2, (12, "ACE"), (3, "CDE"), (5, "D"), (6, "E"), (4, "B"))

    result = count(ballots.profile(), "ers97")

    assert result.elected == ("A", "D")
    last = result.stages[-1]
    assert last.action == "exclusion, batch 1 of 2"
    assert last.transfer_values == (Decimal("1.00"),)
    assert last.totals["C"] == Decimal("1.92")
    assert last.totals["D"] == Decimal("8.00")
    total = sum(last.totals.values(), Decimal(0)) + last.exhausted + last.lost_to_rounding
    assert total == Decimal(30)


def test_ties_look_at_the_earliest_stage_where_the_candidates_differed() -> None:
    # X and Y both have 5 at stage 3. At stage 1 X had 3 and Y 4; at stage 2 X had 5 and Y 4.
    # ERS97 looks at the earliest point where they differed [5.2.5], so X is excluded (the
    # Scottish rule, looking at the most recent stage, would exclude Y).
    ballots = election(1, (3, "X"), (4, "Y"), (2, "WX"), (1, "VY"), (2, "V"), (9, "Z"))

    result = count(ballots.profile(), "ers97")

    assert result.stages[3].subject == "X"
    assert "stage 1, the earliest stage" in result.stages[3].notes[0]
    assert result.elected == ("Z",)


def test_equal_candidates_never_separated_are_not_both_deemed_elected() -> None:
    # Two seats, quota 30 / 3 = 10.00: A, B and C each have exactly the quota at the only stage.
    # They cannot all take the two places and were never unequal, so none of them is deemed
    # elected there [5.6.2]. The exclusion that follows is decided by lot, and it would leave
    # as many candidates as places, so those two are elected [5.5.1].
    ballots = election(2, (10, "A"), (10, "B"), (10, "C"))

    result = count(ballots.profile(), "ers97", seed=1)

    assert len(result.elected) == 2
    first = result.stages[0]
    assert "rule 5.6.2" in first.notes[0]
    assert not [e for e in first.events if e.reason == "reached the quota"]
    assert "chosen by lot (seed 1)" in first.notes[1]
    assert count(ballots.profile(), "ers97", seed=1).elected == result.elected
