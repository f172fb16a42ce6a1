"""Titles and names stay on one line, whatever arrives."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from alyansa.core.text import single_line


def test_line_breaks_tabs_and_control_characters_become_one_space() -> None:
    assert (
        single_line("  Stop the\r\ndeportations\u2028now\t\x00!  ") == "Stop the deportations now !"
    )
    assert single_line("Samahan ng Migrante") == "Samahan ng Migrante"


@given(st.text())
def test_nothing_that_starts_a_new_line_survives(text: str) -> None:
    cleaned = single_line(text)
    assert cleaned.splitlines() in ([], [cleaned])
    assert cleaned == cleaned.strip()
    assert single_line(cleaned) == cleaned
