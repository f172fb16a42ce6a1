"""Full-text search with one interface over SQLite FTS5 and PostgreSQL text search.

An index is a side table with one document per owner (a statement with all its translations,
a profile, ...) and a sort key that puts the newest owner first. The service layer keeps it in
sync with `put`/`remove` inside its own transaction; a migration creates it with
`CreateFullTextIndex`. Raw SQL, for a reason: the ORM knows neither FTS5 virtual tables nor a
tsvector column that works on both databases.

Both backends index with the language-neutral 'simple' rules (no stemming, case folded, accents
kept), so one query finds the same documents in any language and on either database.

Why a sort key: an archive shows the newest matches first, a page at a time. A frequent word
matches tens of thousands of documents; reading them all and sorting by date cost 100-300 ms.
Read newest first from the index, a search stops as soon as it has enough (`filter`'s `limit`).
On SQLite the key is the FTS5 rowid itself (FTS5 walks its doclists in rowid order, either way,
without touching the documents); on PostgreSQL it is a column with its own index.
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from django.db import DatabaseError, connection, migrations
from django.db.models import QuerySet

AnyQuerySet = TypeVar("AnyQuerySet", bound=QuerySet[Any])

MAX_QUERY_WORDS = 12
# Word characters: letters, digits and the spacing marks of scripts such as Devanagari, as
# FTS5's unicode61 and PostgreSQL's parser see them; everything else separates words.
_WORD_CATEGORIES = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Nl", "No", "Mc", "Me", "Co"})
# sort key = day number << OWNER_BITS | owner id: newer days sort higher, then higher ids,
# the archive's own order (newest first, then the latest created).
OWNER_BITS = 40
OWNER_MASK = (1 << OWNER_BITS) - 1
# Keys read from the index at a time while looking for `limit` owners that pass the queryset.
CHUNK = 1000


def searchable(text: str) -> str:
    """Text as both sides see it: composed (NFC), then without the combining marks that remain
    (Arabic harakat, Hebrew points), which readers type or leave out as they please; accents
    that compose with their letter (é) are kept."""
    if text.isascii():
        return text  # most documents: nothing to compose or strip
    composed = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in composed if unicodedata.category(ch) != "Mn")


def query_words(query: str) -> list[str]:
    """The words of a search box entry, lower-cased; operators and quotes are dropped."""
    spaced = "".join(
        ch if unicodedata.category(ch) in _WORD_CATEGORIES else " " for ch in searchable(query)
    )
    return [word.lower() for word in spaced.split()][:MAX_QUERY_WORDS]


def sort_key(owner_id: int, day: date | None) -> int:
    return ((day.toordinal() if day else 0) << OWNER_BITS) | owner_id


@dataclass(frozen=True)
class FullTextIndex:
    table: str

    @property
    def keys_table(self) -> str:
        """SQLite: which FTS5 rowid holds each owner's document (the rowid moves with the date)."""
        return f"{self.table}_keys"

    # --- schema (used by the migration operation) -------------------------------------------
    def create_sql(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            return [
                f"CREATE VIRTUAL TABLE {self.table} USING fts5("
                "document, tokenize = 'unicode61 remove_diacritics 0')",
                f"CREATE TABLE {self.keys_table} "
                "(owner_id INTEGER PRIMARY KEY, sort_key INTEGER NOT NULL)",
            ]
        if vendor == "postgresql":
            return [
                f"CREATE TABLE {self.table} (owner_id bigint PRIMARY KEY, "
                "sort_key bigint NOT NULL, document tsvector NOT NULL)",
                f"CREATE INDEX {self.table}_document ON {self.table} USING GIN (document)",
                f"CREATE INDEX {self.table}_sort_key ON {self.table} (sort_key)",
            ]
        raise NotImplementedError(f"Full-text search is not available on {vendor}.")

    def drop_sql(self, vendor: str) -> list[str]:
        return [f"DROP TABLE IF EXISTS {self.table}", f"DROP TABLE IF EXISTS {self.keys_table}"]

    # --- writes --------------------------------------------------------------------------
    def put(self, *, owner_id: int, day: date | None, text: str) -> None:
        """Index (or re-index) one owner's document. Call inside the transaction that changed
        it, and again when the owner's date changes."""
        self.put_many([(owner_id, day, text)])

    def put_many(self, documents: Iterable[tuple[int, date | None, str]]) -> None:
        rows = [
            (owner_id, sort_key(owner_id, day), searchable(text))
            for owner_id, day, text in documents
        ]
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                self._remove_sqlite(cursor, [owner_id for owner_id, _key, _text in rows])
                cursor.executemany(
                    f"INSERT INTO {self.table} (rowid, document) VALUES (%s, %s)",  # noqa: S608
                    [(key, text) for _owner, key, text in rows],
                )
                cursor.executemany(
                    f"INSERT INTO {self.keys_table} (owner_id, sort_key) VALUES (%s, %s)",  # noqa: S608
                    [(owner_id, key) for owner_id, key, _text in rows],
                )
            else:
                cursor.executemany(
                    f"INSERT INTO {self.table} (owner_id, sort_key, document) "  # noqa: S608
                    "VALUES (%s, %s, to_tsvector('simple', %s)) ON CONFLICT (owner_id) DO UPDATE "
                    "SET sort_key = EXCLUDED.sort_key, document = EXCLUDED.document",
                    rows,
                )

    def remove(self, *, owner_id: int) -> None:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                self._remove_sqlite(cursor, [owner_id])
            else:
                cursor.execute(f"DELETE FROM {self.table} WHERE owner_id = %s", [owner_id])  # noqa: S608

    def _remove_sqlite(self, cursor: Any, owner_ids: list[int]) -> None:
        for owner_id in owner_ids:
            cursor.execute(
                f"DELETE FROM {self.table} WHERE rowid IN "  # noqa: S608
                f"(SELECT sort_key FROM {self.keys_table} WHERE owner_id = %s)",
                [owner_id],
            )
            cursor.execute(f"DELETE FROM {self.keys_table} WHERE owner_id = %s", [owner_id])  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")  # noqa: S608
            if connection.vendor == "sqlite":
                cursor.execute(f"DELETE FROM {self.keys_table}")  # noqa: S608

    def is_empty(self) -> bool:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {self.table} LIMIT 1")  # noqa: S608
            return cursor.fetchone() is None

    # --- reads ---------------------------------------------------------------------------
    def _keys_newest_first(
        self, cursor: Any, words: list[str], *, below: int, limit: int
    ) -> list[int]:
        """Up to `limit` sort keys of matching documents below `below`, newest first; fewer
        only when no more match."""
        if connection.vendor == "sqlite":
            # Each word quoted: FTS5 reads it as a plain string, never as an operator.
            cursor.execute(
                f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s "  # noqa: S608
                "AND rowid < %s ORDER BY rowid DESC LIMIT %s",
                [_fts5_match(words), below, limit],
            )
            return [row[0] for row in cursor.fetchall()]
        # PostgreSQL: a word in most documents fills a page from the newest few (tested one
        # by one); any other word goes through the GIN index. Left to itself, the planner
        # walks the date index testing every document, not knowing that each test reads the
        # document back from TOAST: 100 ms and more for a word in a few percent of them.
        window = min(max(3 * limit, 300), 3000)
        cursor.execute(
            "SELECT sort_key, document @@ plainto_tsquery('simple', %s) FROM "  # noqa: S608
            f"(SELECT sort_key, document FROM {self.table} WHERE sort_key < %s "
            "ORDER BY sort_key DESC LIMIT %s) AS newest",
            [" ".join(words), below, window],
        )
        rows = cursor.fetchall()
        keys = [key for key, matches in rows if matches][:limit]
        if len(keys) == limit or len(rows) < window:
            return keys
        with _through_the_index(cursor):
            cursor.execute(
                f"SELECT sort_key FROM {self.table} "  # noqa: S608
                "WHERE document @@ plainto_tsquery('simple', %s) AND sort_key < %s "
                "ORDER BY sort_key DESC LIMIT %s",
                [" ".join(words), rows[-1][0], limit - len(keys)],
            )
            return keys + [row[0] for row in cursor.fetchall()]

    def _keys_any_order(
        self, cursor: Any, words: list[str], *, limit: int, offset: int
    ) -> list[int]:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s "  # noqa: S608
                "LIMIT %s OFFSET %s",
                [_fts5_match(words), limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]
        with _through_the_index(cursor):
            cursor.execute(
                f"SELECT sort_key FROM {self.table} "  # noqa: S608
                "WHERE document @@ plainto_tsquery('simple', %s) LIMIT %s OFFSET %s",
                [" ".join(words), limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    def newest_owners(
        self, queryset: QuerySet[Any], query: str, *, limit: int, field: str = "pk"
    ) -> list[int]:
        """The newest `limit` owners of a document with every word of `query` whose `field`
        is in `queryset` (published, the other filters), newest first.

        The index is read newest first a chunk at a time, each chunk checked against the
        queryset by key, until `limit` owners pass or the matches run out: the first page of
        a word in 20,000 documents reads a few dozen index entries, not 20,000.
        """
        words = query_words(query)
        if not words or limit <= 0:
            return []
        chunk = min(max(2 * limit, 100), CHUNK)
        found: list[int] = []
        below = 1 << 62
        with connection.cursor() as cursor:
            while len(found) < limit:
                keys = self._keys_newest_first(cursor, words, below=below, limit=chunk)
                found += self._passing(queryset, field, [key & OWNER_MASK for key in keys])
                if len(keys) < chunk:
                    break
                below = keys[-1]
                chunk = CHUNK
        return found[:limit]

    def count_owners(
        self, queryset: QuerySet[Any], query: str, *, limit: int, field: str = "pk"
    ) -> int:
        """How many owners `newest_owners` would find, counted up to `limit` (in the index's
        own order: no sorting, so a frequent word costs `limit` index entries)."""
        words = query_words(query)
        if not words:
            return 0
        count = offset = 0
        with connection.cursor() as cursor:
            while count < limit:
                keys = self._keys_any_order(cursor, words, limit=CHUNK, offset=offset)
                count += len(self._passing(queryset, field, [key & OWNER_MASK for key in keys]))
                if len(keys) < CHUNK:
                    break
                offset += CHUNK
        return min(count, limit)

    @staticmethod
    def _passing(queryset: QuerySet[Any], field: str, owners: list[int]) -> list[int]:
        """`owners` that are in `queryset`, in their order."""
        if not owners:
            return []
        passing = set(queryset.filter(**{f"{field}__in": owners}).values_list(field, flat=True))
        return [owner for owner in owners if owner in passing]

    def filter(
        self, queryset: AnyQuerySet, query: str, *, limit: int, field: str = "pk"
    ) -> AnyQuerySet:
        """`queryset` narrowed to its newest `limit` matches of `query` (a query without words
        leaves it as it is)."""
        if not query_words(query):
            return queryset
        owners = self.newest_owners(queryset, query, limit=limit, field=field)
        return queryset.filter(**{f"{field}__in": owners})


def _fts5_match(words: list[str]) -> str:
    return " ".join(f'"{word}"' for word in words)


@contextlib.contextmanager
def _through_the_index(cursor: Any) -> Iterator[None]:
    """PostgreSQL: match through the GIN index only, never by reading every document (the
    planner prices a test of a TOASTed tsvector as if it were free)."""
    cursor.execute("SET enable_seqscan = off")
    cursor.execute("SET enable_indexscan = off")
    try:
        yield
    finally:
        # In a transaction the error aborted, these fail, and the rollback undoes the SETs.
        with contextlib.suppress(DatabaseError):
            cursor.execute("RESET enable_seqscan")
            cursor.execute("RESET enable_indexscan")


class SearchResults:
    """A search's matches as a sequence for a Paginator: pages come newest first and cost only
    what they show; the count stops at `cap` + 1 (a page can then say "more than `cap`")."""

    def __init__(self, index: FullTextIndex, queryset: QuerySet[Any], query: str, *, cap: int):
        self.index = index
        self.queryset = queryset
        self.query = query
        self.cap = cap

    def count(self) -> int:
        return self.index.count_owners(self.queryset, self.query, limit=self.cap + 1)

    def __getitem__(self, window: slice) -> list[Any]:
        start, stop = window.start or 0, window.stop
        owners = self.index.newest_owners(self.queryset, self.query, limit=stop)[start:]
        rows = {row.pk: row for row in self.queryset.filter(pk__in=owners)}
        return [rows[owner] for owner in owners if owner in rows]


class CreateFullTextIndex(migrations.RunSQL):
    """A migration operation: the vendor's CREATE for `index` (RunSQL, chosen by vendor)."""

    def __init__(self, index: FullTextIndex) -> None:
        self.index = index
        super().__init__(sql=migrations.RunSQL.noop, reverse_sql=migrations.RunSQL.noop)

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [self.index], {})

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        for statement in self.index.create_sql(schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        for statement in self.index.drop_sql(schema_editor.connection.vendor):
            schema_editor.execute(statement, params=None)

    def describe(self) -> str:
        return f"Create the full-text index {self.index.table}"


class RemoveFullTextIndex(CreateFullTextIndex):
    """The reverse of CreateFullTextIndex (an index whose layout changes is dropped, then
    created again; its rows are derived data and are refilled from their owners)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        super().database_backwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):  # type: ignore[no-untyped-def]
        super().database_forwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"Remove the full-text index {self.index.table}"
