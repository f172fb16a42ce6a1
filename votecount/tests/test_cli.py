"""The command line prints a result, or a message on stderr with a non-zero status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from votecount.cli import main
from votecount.tests.conftest import DATA

WARD = DATA / "edinburgh2017" / "ward_10_-_meadowsmorningside_-_preference_profile_report.blt"


def test_json_output_lists_elected_alternates_and_stages(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status = main([str(WARD), "--method", "scottish-stv", "--format", "json"])

    data = json.loads(capsys.readouterr().out)
    assert status == 0
    assert sorted(data["elected"]) == ["Mandy WATT", "Melanie MAIN", "Neil ROSS", "Nick COOK"]
    assert data["alternates"] == ["Sandy HOWAT", "Chris LAND"]
    assert data["quota"] == "2716.00000"
    assert data["stages"][1]["transfer_values"] == ["0.09767"]


def test_text_output_ends_with_the_elected(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(WARD), "--method", "scottish-stv", "--seats", "3"]) == 0

    out = capsys.readouterr().out
    assert "3 seat(s), 6 candidates, 13579 valid votes, quota 3395.00000" in out
    assert "Elected: " in out


def test_html_output_escapes_candidate_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ballots = tmp_path / "x.blt"
    ballots.write_text('2 1\n3 1 0\n1 2 0\n0\n"<script>x</script>"\n"B & C"\n"<b>title</b>"\n')

    assert main([str(ballots), "--method", "irv", "--format", "html"]) == 0

    html = capsys.readouterr().out
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html and "B &amp; C" in html


def test_bad_input_prints_a_message_on_stderr_and_nothing_on_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ballots = tmp_path / "bad.blt"
    ballots.write_text("2 1\n3 1 7 0\n0\nA\nB\n")

    status = main([str(ballots), "--method", "irv"])

    captured = capsys.readouterr()
    assert status == 2
    assert captured.out == ""
    assert "bad.blt, line 2: unknown candidate '7'" in captured.err


def test_more_seats_than_candidates_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(WARD), "--method", "scottish-stv", "--seats", "7"]) == 2
    assert "more seats (7) than candidates standing (6)" in capsys.readouterr().err


def test_unknown_method_is_refused_by_argument_parsing(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(WARD), "--method", "borda"]) == 2
    assert "invalid choice: 'borda'" in capsys.readouterr().err


def test_python_dash_m_votecount_runs_the_same_command() -> None:
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "votecount",
            str(WARD),
            "--method",
            "scottish-stv",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )

    assert finished.returncode == 0, finished.stderr
    assert len(json.loads(finished.stdout)["elected"]) == 4


def test_ers97_is_a_cli_method(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(WARD), "--method", "ers97", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["method"] == "ers97"
    assert len(data["elected"]) == data["seats"]


def test_a_motion_is_decided_from_a_csv_of_choices(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    votes = tmp_path / "motion.csv"
    votes.write_text("choice,weight\nyes,12\nno,5\nAbstain,3\n")

    assert main([str(votes), "--method", "motion", "--threshold", "two-thirds"]) == 0
    assert capsys.readouterr().out == (
        "The motion passed (12 yes, 5 no, 3 abstaining); two thirds needed 12 yes.\n"
    )
    assert main([str(votes), "--method", "motion", "--quorum", "30", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["outcome"], data["quorum_count"], data["quorum"]["required"]) == (
        "no quorum",
        20,
        30,
    )


def test_a_bad_motion_row_is_refused_naming_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    votes = tmp_path / "motion.csv"
    votes.write_text("choice\nyes\nmaybe\n")

    assert main([str(votes), "--method", "motion"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "motion.csv, line 3: choice 'maybe' must be yes, no or abstain" in captured.err
