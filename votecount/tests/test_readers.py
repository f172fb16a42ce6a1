"""Reading ballot files: every accepted variant, and a clear refusal naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from votecount.model import BallotError, VoteCountError
from votecount.readers import parse_blt, parse_csv, parse_preflib, read_file
from votecount.tests.conftest import DATA

SMALL_BLT = b"""3 2
-2
4 1 2 0
3 3 0
2 2 3=1 0
4 1 2 0
0
"Ann Smith"
"Bo ""Bear"" Jones" "Party X"
Cy
"The title"
"""


def test_blt_groups_identical_lines_and_reads_withdrawn_names_and_title() -> None:
    profile = parse_blt(SMALL_BLT, source="small.blt")

    assert profile.candidates == ("Ann Smith", 'Bo "Bear" Jones', "Cy")
    assert profile.seats == 2
    assert profile.withdrawn == frozenset({1})
    assert profile.title == "The title"
    assert dict(zip(profile.groups, profile.weights, strict=True)) == {
        ((0,), (1,)): 8,
        ((2,),): 3,
        ((1,), (0, 2)): 2,
    }


def test_blt_tied_ranks_are_refused_for_stv_naming_the_line() -> None:
    profile = parse_blt(SMALL_BLT, source="small.blt")

    with pytest.raises(BallotError, match=r"small\.blt, line 5: .*ranks 2 candidates equally"):
        profile.require_strict("Scottish STV")


def test_blt_with_commas_between_numbers_is_read_like_spaces() -> None:
    profile = read_file(DATA / "perth_kinross_2016_by_election_ward9.blt")

    assert profile.seats == 1
    assert profile.candidates[3] == "Wilma LUMSDEN"
    assert profile.total_weight > 0


def test_blt_names_given_only_as_alternative_name_comments_are_used() -> None:
    profile = read_file(DATA / "glasgow_2007_govan.blt")

    assert profile.candidates[0] == "Shaukat Butt (Lab)"
    assert profile.title == "govan"


def test_blt_quoted_names_keep_their_doubled_inner_quotes() -> None:
    profile = read_file(DATA / "aberdeen_2012_ward8.blt")

    assert profile.candidates[0] == 'Grn "Richie BRIAN"'


@pytest.mark.parametrize(
    ("ballot", "problem"),
    [
        (b"2 1 4 0", "line 2: unknown candidate '4'"),
        (b"2 1 2 1 0", "line 2: duplicate rank"),
        (b"2 1 2", 'line 2: a ballot line must end with "0"'),
        (b"x 1 0", "line 2: a ballot line must start with its weight"),
    ],
)
def test_blt_bad_ballot_lines_are_refused_naming_line_and_problem(
    ballot: bytes, problem: str
) -> None:
    data = b"3 1\n" + ballot + b"\n1 1 0\n0\nA\nB\nC\n"

    with pytest.raises(BallotError, match=problem):
        parse_blt(data)


def test_blt_missing_names_are_refused() -> None:
    with pytest.raises(BallotError, match="expected 3 candidate names after the ballots, found 1"):
        parse_blt(b"3 1\n1 1 0\n0\nA\n")


def test_blt_bad_header_is_refused() -> None:
    with pytest.raises(BallotError, match="line 1: the first line must be two numbers"):
        parse_blt(b"three 1\n1 1 0\n0\nA\n")


def test_preflib_toi_reads_ties_and_soi_strict_orders() -> None:
    text = """# FILE NAME: sample.toi
# DATA TYPE: toi
# NUMBER ALTERNATIVES: 3
# ALTERNATIVE NAME 1: Ann
# ALTERNATIVE NAME 2: Bo
# ALTERNATIVE NAME 3: Cy
5: 1,2,3
2: 3,{1,2}
1: 2
"""
    profile = parse_preflib(text, source="sample.toi", seats=1)

    assert profile.candidates == ("Ann", "Bo", "Cy")
    assert dict(zip(profile.groups, profile.weights, strict=True)) == {
        ((0,), (1,), (2,)): 5,
        ((2,), (0, 1)): 2,
        ((1,),): 1,
    }
    with pytest.raises(BallotError, match=r"sample\.toi, line 8: a ballot ranks 2 candidates"):
        profile.require_strict("instant-runoff voting")


def test_preflib_unknown_alternative_names_the_line() -> None:
    text = "# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n# ALTERNATIVE NAME 2: B\n3: 1,3\n"

    with pytest.raises(BallotError, match="line 4: unknown candidate '3'"):
        parse_preflib(text)


def test_csv_reads_rank_numbers_weights_and_blank_cells() -> None:
    text = "Ann,Bo,Cy,weight\n1,2,,3\n,1,1,1\n"

    profile = parse_csv(text, seats=1)

    assert profile.candidates == ("Ann", "Bo", "Cy")
    assert dict(zip(profile.groups, profile.weights, strict=True)) == {
        ((0,), (1,)): 3,
        ((1, 2),): 1,
    }


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("Ann,Bo\n1,x\n", "line 2: ranks and weights must be whole numbers"),
        ("Ann,Bo\n1,2\n,,\n1\n", "line 4: expected 2 cells, found 1"),
        ("Ann,Ann\n1,2\n", "line 1: the header row must name each candidate once"),
    ],
)
def test_csv_bad_rows_are_refused_naming_the_line(text: str, problem: str) -> None:
    with pytest.raises(BallotError, match=problem):
        parse_csv(text)


def test_unknown_file_type_and_missing_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(VoteCountError, match=r"unknown ballot format '\.txt'"):
        read_file(tmp_path / "ballots.txt")
    with pytest.raises(VoteCountError, match="cannot read"):
        read_file(tmp_path / "missing.blt")


def test_blt_plain_files_read_in_bulk_match_the_line_by_line_reading(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import votecount.readers as readers

    lines = [f"{1 + n % 3} {1 + n % 4} {1 + (n + 1) % 4} 0" for n in range(50)]
    data = "4 2\n-3\n" + "\n".join([*lines, "2 4 0", "2 3 1 4 0"]) + "\n0\nA\nB\nC\nD\nT\n"
    bulk = readers._parse_blt_plain(data.encode(), "x.blt", None)
    assert bulk is not None
    monkeypatch.setattr(readers, "_parse_blt_plain", lambda *arguments: None)
    careful = parse_blt(data.encode(), source="x.blt")

    assert bulk.groups == careful.groups
    assert bulk.weights == careful.weights
    assert (bulk.candidates, bulk.seats, bulk.withdrawn, bulk.title) == (
        careful.candidates,
        careful.seats,
        careful.withdrawn,
        careful.title,
    )
    assert bulk.matrix.rankings.tolist() == careful.matrix.rankings.tolist()


@pytest.mark.parametrize(
    ("ballot", "problem"),
    [
        ("2 1 4 0", "big.blt, line 1002: unknown candidate '4'"),
        ("2 1 2 1 0", "big.blt, line 1002: duplicate rank"),
        ("2 1 2", 'big.blt, line 1002: a ballot line must end with "0"'),
    ],
)
def test_blt_a_bad_line_among_many_names_its_first_occurrence(ballot: str, problem: str) -> None:
    good = "1 1 2 0\n1 2 3 0\n" * 500
    data = f"3 1\n{good}{ballot}\n{good}{ballot}\n0\nA\nB\nC\n".encode()

    with pytest.raises(BallotError, match=problem):
        parse_blt(data, source="big.blt")


def test_blt_plain_file_missing_names_names_the_line() -> None:
    with pytest.raises(BallotError, match=r"line 5: expected 3 candidate names"):
        parse_blt(b"3 1\n1 1 0\n1 2 0\n0\nA\n")
