"""Every CSV Alyansa writes guards cells that a spreadsheet would run as a formula."""

from __future__ import annotations

import ast
import csv
import io
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


BARE_WRITERS = frozenset({"writer", "DictWriter"})


def bare_csv_writers(source: str) -> list[int]:
    """The lines of a module that make a CSV writer without the guard: `csv.writer(...)`,
    `csv.DictWriter(...)`, or either imported from the csv module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in BARE_WRITERS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "csv"
        ) or (
            isinstance(node, ast.ImportFrom)
            and node.module == "csv"
            and any(alias.name in BARE_WRITERS for alias in node.names)
        ):
            found.append(node.lineno)
    return found


def test_the_check_finds_a_bare_writer_and_only_a_real_one() -> None:
    assert bare_csv_writers("import csv\nw = csv.writer(out)") == [2]
    assert bare_csv_writers("from csv import DictWriter") == [1]
    assert bare_csv_writers("w = csv_writer(out)  # not csv.writer(out)\n'csv.writer('") == []


def test_every_csv_the_project_writes_goes_through_the_one_guard() -> None:
    """A new export must not write CSV with the bare csv module (a test fails if it does). No
    behaviour test can see an export that does not exist yet, so this is a lint: it parses the
    modules (a comment or a string that mentions csv.writer counts for nothing)."""
    offenders = [
        f"{path.relative_to(PACKAGE)}:{line}"
        for path in PACKAGE.rglob("*.py")
        if "tests" not in path.parts and path != PACKAGE / "core" / "csv.py"
        for line in bare_csv_writers(path.read_text())
    ]
    assert offenders == []
