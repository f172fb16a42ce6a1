"""Blank papers: a ballot that ranks nobody (a BLT line "1 0", as in Wichmann's M135 validation
election) is read, counted as blank, reported, and kept out of the quota, as the ERS97 rules
(5.1.2: the total valid vote) and the Scottish rules (46: the quota on the valid papers) say."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from votecount import Ballot, Election, count
from votecount.readers import parse_blt, parse_csv, read_file
from votecount.render import to_data, to_html, to_json, to_text
from votecount.tests.conftest import DATA

BLANK_BLT = DATA / "blank_papers.blt"


def test_a_blt_line_that_ranks_nobody_is_a_blank_paper() -> None:
    profile = read_file(BLANK_BLT)

    assert profile.blank == 3
    assert profile.total_weight == 9
    assert dict(zip(profile.groups, profile.weights, strict=True)) == {
        ((0,), (1,)): 4,
        ((1,),): 3,
        ((2,), (0,)): 2,
    }


def test_the_line_by_line_reader_reads_blank_papers_as_the_bulk_reader_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import votecount.readers as readers

    data = BLANK_BLT.read_bytes()
    bulk = readers._parse_blt_plain(data, "blank.blt", None)
    assert bulk is not None
    monkeypatch.setattr(readers, "_parse_blt_plain", lambda *arguments: None)
    careful = parse_blt(data, source="blank.blt")

    assert (careful.blank, careful.groups, careful.weights) == (
        bulk.blank,
        bulk.groups,
        bulk.weights,
    )


def test_a_file_of_blank_papers_only_is_read() -> None:
    profile = parse_blt(b"2 1\n1 0\n4 0\n0\nA\nB\n")

    assert (profile.blank, profile.total_weight) == (5, 0)


@pytest.mark.parametrize(("method", "quota"), [("scottish-stv", "4"), ("ers97", "3.00")])
def test_blank_papers_are_kept_out_of_the_quota_and_reported(method: str, quota: str) -> None:
    result = count(read_file(BLANK_BLT), method)

    # Nine valid votes for two seats: a quota of 4 (Scottish: 9 // 3 + 1) or 3.00 (ERS97:
    # 9 / 3); the twelve papers would have made it 5 or 4.00.
    assert result.quota == Decimal(quota)
    assert result.stages[0].quota == Decimal(quota)
    assert result.total_votes == Decimal(9)
    assert result.blank == 3
    assert result.elected == ("Alma", "Bert")
    assert sum(result.stages[0].totals.values()) == 9


def test_the_stage_record_reports_the_blank_papers_in_every_form() -> None:
    result = count(read_file(BLANK_BLT), "scottish-stv")

    assert to_data(result)["blank"] == 3
    assert json.loads(to_json(result))["blank"] == 3
    assert "9 valid votes, 3 blank papers (not votes, not in the quota)" in to_text(result)
    assert "Blank papers (not votes, not in the quota): 3" in to_html(result)


def test_a_count_without_blank_papers_says_nothing_of_them() -> None:
    result = count(parse_blt(b"2 1\n3 1 0\n2 2 0\n0\nA\nB\n"), "irv")

    assert result.blank == 0
    assert "blank" not in to_text(result).lower()


def test_ballots_that_rank_nobody_are_blank_papers_for_every_method() -> None:
    election = Election(
        candidates=("A", "B", "C"),
        seats=1,
        ballots=(
            Ballot(("A", "B"), weight=3),
            Ballot(("B",), weight=2),
            Ballot((), weight=4),
            Ballot((frozenset(),), weight=1),
        ),
    )
    profile = election.profile()
    assert (profile.blank, profile.total_weight) == (5, 5)
    for method in ("irv", "scottish-stv", "ers97", "meek-stv", "schulze", "plurality"):
        result = count(profile, method)
        assert (result.blank, result.total_votes, result.elected) == (5, 5, ("A",)), method


def test_a_csv_row_that_ranks_nobody_is_a_blank_paper() -> None:
    profile = parse_csv("A,B,weight\n1,2,3\n,,2\n,1,1\n\n", seats=1)

    assert profile.blank == 2
    assert dict(zip(profile.groups, profile.weights, strict=True)) == {
        ((0,), (1,)): 3,
        ((1,),): 1,
    }


def test_a_three_way_tie_says_as_data_how_it_was_broken() -> None:
    from votecount.tests.conftest import election

    result = count(election(1, (1, "A"), (1, "B"), (1, "C")).profile(), "irv", seed=7)

    # Stage 2 excludes one of the three, tied at one vote each, by lot.
    tie = result.stages[1].ties[0]
    assert (tie.tied, tie.what, tie.how, tie.seed) == (("A", "B", "C"), "exclusion", "lot", 7)
    excluded = next(e for e in result.stages[1].events if e.outcome == "excluded")
    assert excluded.candidate == tie.chosen
    assert json.loads(to_json(result))["stages"][1]["ties"][0]["how"] == "lot"
