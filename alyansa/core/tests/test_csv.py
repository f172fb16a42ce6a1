"""Every CSV Alyansa writes guards cells that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from alyansa.core.csv import csv_writer, guard_cell, unguard_cell

PACKAGE = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_that_a_spreadsheet_would_run_is_written_as_text(start: str) -> None:
    buffer = io.StringIO()
    csv_writer(buffer).writerow([f'{start}HYPERLINK("http://evil.example/", "x")', 7])
    [row] = list(csv.reader(io.StringIO(buffer.getvalue())))
    assert row[0] == "'" + start + 'HYPERLINK("http://evil.example/", "x")'
    assert row[1] == "7"
    assert unguard_cell(row[0]) == start + 'HYPERLINK("http://evil.example/", "x")'


def test_ordinary_text_and_numbers_are_written_as_they_are() -> None:
    assert guard_cell("Samahan ng Migrante") == "Samahan ng Migrante"
    assert guard_cell("'quoted'") == "'quoted'"
    assert unguard_cell("'quoted'") == "'quoted'"
    assert guard_cell(-5) == -5


def test_every_csv_the_project_writes_goes_through_the_one_guard() -> None:
    """A new export must not write CSV with the bare csv module (a test fails if it does)."""
    writers = re.compile(r"csv\.(writer|DictWriter)\(")
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts
        and path != PACKAGE / "core" / "csv.py"
        and writers.search(path.read_text())
    ]
    assert offenders == []
