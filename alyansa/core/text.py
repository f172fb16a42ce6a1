"""Cleaning of text that must stay on one line: titles and names.

A title or a name ends up in e-mail subjects (where a line break is refused as header
injection: Django raises BadHeaderError and the mail is never sent), in CSV cells, page titles,
feeds and PDFs. Every service that stores a title or a name passes it through `single_line`,
so forms, the API and the importers (which all call the services) get the same rule.
"""

from __future__ import annotations

import unicodedata

# Control characters (line feed, carriage return, NUL, ...) and the Unicode line and paragraph
# separators: each becomes a space.
_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def single_line(text: str) -> str:
    """`text` on one line: every line break, tab or control character becomes a space, runs of
    spaces become one, and the ends are trimmed."""
    if text.isprintable():
        return " ".join(text.split())
    spaced = "".join(" " if unicodedata.category(c) in _BREAKING else c for c in text)
    return " ".join(spaced.split())
