"""The import page's preview of a checked member list, kept for a while so that the secretariat
can page through a file of 10,000 rows and download the whole report.

Only the report is kept, never the file: each row's line, name, action, the columns that would
change, its errors, and the country, status and date the preview shows. E-mail addresses,
websites and descriptions from the file are not stored. The report lives in the cache (shared
by every process: Redis or the database cache when there are several) under a random key bound
to the user who checked the file, in chunks, so that one page of the preview reads one or two
chunks; it expires after PREVIEW_SECONDS. To write, the file is uploaded again and checked
again: the registry may have changed in between.
"""

from __future__ import annotations

import datetime
import heapq
import secrets
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from django.core.cache import cache
from django.utils import timezone

from alyansa.accounts.models import User
from alyansa.members.importing import RowAction, RowResult

CHUNK = 1000  # rows per cache entry: about a dozen entries for 10,000 rows
PREVIEW_SECONDS = 60 * 60
SECTIONS = [RowAction.ERROR, RowAction.UPDATE, RowAction.CREATE, RowAction.UNCHANGED]


@dataclass(frozen=True)
class PreviewRow:
    line: int
    name: str
    action: str
    country: str = ""
    status: str = ""
    since: str = ""
    changes: tuple[str, ...] = ()
    errors: tuple[tuple[str, str], ...] = ()


@dataclass
class PreviewSummary:
    token: str
    filename: str
    checked_at: datetime.datetime
    counts: dict[str, int] = field(default_factory=dict)
    # How many rows have an error in each column, most frequent first.
    errors_by_column: list[tuple[str, int]] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())

    def count(self, action: str) -> int:
        return self.counts.get(action, 0)


def _key(user: User, token: str, part: str) -> str:
    return f"members:import-preview:{user.pk}:{token}:{part}"


def _row(result: RowResult) -> PreviewRow:
    values = result.values
    country = values.get("country")
    since = values.get("since")
    return PreviewRow(
        line=result.line,
        name=result.name,
        action=str(result.action),
        country=getattr(country, "code", ""),
        status=values.get("status") or "",
        since=since.isoformat() if since else "",
        changes=tuple(result.changes),
        errors=tuple(result.errors),
    )


def preview_store(*, results: list[RowResult], user: User, filename: str) -> PreviewSummary:
    """Keep the report of checked rows for PREVIEW_SECONDS; returns its summary (and token)."""
    token = secrets.token_urlsafe(12)
    sections: dict[str, list[PreviewRow]] = {str(action): [] for action in SECTIONS}
    by_column: Counter[str] = Counter()
    for result in results:
        sections[str(result.action)].append(_row(result))
        by_column.update({column for column, _message in result.errors})
    summary = PreviewSummary(
        token=token,
        filename=filename[:200],
        checked_at=timezone.now(),
        counts={action: len(rows) for action, rows in sections.items()},
        errors_by_column=sorted(by_column.items(), key=lambda item: (-item[1], item[0])),
    )
    entries: dict[str, Any] = {_key(user, token, "summary"): summary}
    for action, rows in sections.items():
        for number, start in enumerate(range(0, len(rows), CHUNK)):
            entries[_key(user, token, f"{action}:{number}")] = rows[start : start + CHUNK]
    cache.set_many(entries, timeout=PREVIEW_SECONDS)
    return summary


def preview_summary(*, token: str, user: User) -> PreviewSummary | None:
    """The summary of a preview this user made, or None (unknown, another user's, expired)."""
    summary = cache.get(_key(user, token, "summary"))
    return summary if isinstance(summary, PreviewSummary) else None


class PreviewExpired(LookupError):
    """A chunk of the report left the cache before the summary did."""


class Section(Sequence[PreviewRow]):
    """The rows of one action, read from the cache a chunk at a time (Django's Paginator asks
    for the length, then one slice)."""

    def __init__(self, summary: PreviewSummary, user: User, action: str) -> None:
        self.summary, self.user, self.action = summary, user, action

    def __len__(self) -> int:
        return self.summary.count(self.action)

    def _chunk(self, number: int) -> list[PreviewRow]:
        rows = cache.get(_key(self.user, self.summary.token, f"{self.action}:{number}"))
        if rows is None:
            raise PreviewExpired
        return rows

    @overload
    def __getitem__(self, index: int) -> PreviewRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[PreviewRow]: ...

    def __getitem__(self, index: int | slice) -> PreviewRow | list[PreviewRow]:
        if isinstance(index, int):
            if not 0 <= index < len(self):
                raise IndexError(index)
            return self._chunk(index // CHUNK)[index % CHUNK]
        start, stop, step = index.indices(len(self))
        if step != 1:
            raise ValueError("Only plain slices.")
        rows: list[PreviewRow] = []
        if start >= stop:
            return rows
        for number in range(start // CHUNK, (stop - 1) // CHUNK + 1):
            chunk = self._chunk(number)
            first = number * CHUNK
            rows += chunk[max(start - first, 0) : stop - first]
        return rows

    def __iter__(self) -> Iterator[PreviewRow]:
        for number in range((len(self) + CHUNK - 1) // CHUNK):
            yield from self._chunk(number)


def preview_rows(*, summary: PreviewSummary, user: User) -> Iterator[PreviewRow]:
    """Every row of the report in the file's order, one chunk of each action at a time."""
    sections = [Section(summary, user, str(action)) for action in SECTIONS]
    return heapq.merge(*sections, key=lambda row: row.line)
