"""Full-text search with one interface over SQLite FTS5 and PostgreSQL text search.

An index is a side table of (rowid, owner_id, text): one row per document (a translation, a
profile, ...), where `owner_id` is the key the search returns (the statement). The service
layer keeps it in sync with `put`/`remove` inside its own transaction; a migration creates it
with `CreateFullTextIndex`. Raw SQL, for a reason: the ORM knows neither FTS5 virtual tables
nor a tsvector column that works on both databases.

Both backends index with the language-neutral 'simple' rules (no stemming, case folded, accents
kept), so one query finds the same documents in any language and on either database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection, migrations
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

MAX_QUERY_WORDS = 12
# Up to this many matching owners, their keys are passed as a list (see FullTextIndex.filter).
SELECTIVE_LIMIT = 5000
# Letters and digits only: the same word boundaries as FTS5's unicode61 and PostgreSQL's parser.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def query_words(query: str) -> list[str]:
    """The words of a search box entry, lower-cased; operators and quotes are dropped."""
    return [word.lower() for word in _WORD.findall(query or "")][:MAX_QUERY_WORDS]


@dataclass(frozen=True)
class FullTextIndex:
    table: str

    # --- schema (used by the migration operation) -------------------------------------------
    def create_sql(self, vendor: str) -> list[str]:
        if vendor == "sqlite":
            return [
                f"CREATE VIRTUAL TABLE {self.table} USING fts5("
                "document, owner_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0')"
            ]
        if vendor == "postgresql":
            return [
                f"CREATE TABLE {self.table} (rowid bigint PRIMARY KEY, owner_id bigint NOT NULL, "
                "document tsvector NOT NULL)",
                f"CREATE INDEX {self.table}_document ON {self.table} USING GIN (document)",
                f"CREATE INDEX {self.table}_owner ON {self.table} (owner_id)",
            ]
        raise NotImplementedError(f"Full-text search is not available on {vendor}.")

    def drop_sql(self, vendor: str) -> list[str]:
        return [f"DROP TABLE IF EXISTS {self.table}"]

    # --- writes --------------------------------------------------------------------------
    def put(self, *, rowid: int, owner_id: int, text: str) -> None:
        """Index (or re-index) one document. Call inside the transaction that changed it."""
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute(f"DELETE FROM {self.table} WHERE rowid = %s", [rowid])  # noqa: S608
                cursor.execute(
                    f"INSERT INTO {self.table} (rowid, document, owner_id) VALUES (%s, %s, %s)",  # noqa: S608
                    [rowid, text, owner_id],
                )
            else:
                cursor.execute(
                    f"INSERT INTO {self.table} (rowid, owner_id, document) "  # noqa: S608
                    "VALUES (%s, %s, to_tsvector('simple', %s)) ON CONFLICT (rowid) DO UPDATE "
                    "SET owner_id = EXCLUDED.owner_id, document = EXCLUDED.document",
                    [rowid, owner_id, text],
                )

    def remove(self, *, rowid: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table} WHERE rowid = %s", [rowid])  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {self.table}")  # noqa: S608

    # --- reads ---------------------------------------------------------------------------
    def matching_owners_sql(self, query: str) -> tuple[str, list[Any]] | None:
        """A subquery selecting the owner_id of every document with all the words, or None
        when the query has no words at all."""
        words = query_words(query)
        if not words:
            return None
        if connection.vendor == "sqlite":
            # Each word quoted: FTS5 reads it as a plain string, never as an operator.
            match = " ".join(f'"{word}"' for word in words)
            return (f"SELECT owner_id FROM {self.table} WHERE {self.table} MATCH %s", [match])  # noqa: S608
        return (
            f"SELECT owner_id FROM {self.table} "  # noqa: S608
            "WHERE document @@ plainto_tsquery('simple', %s)",
            [" ".join(words)],
        )

    def filter(self, queryset: QuerySet[Any], query: str, field: str = "pk") -> QuerySet[Any]:
        """`queryset` narrowed to the rows whose `field` is an owner of a matching document.
        A query without words leaves the queryset as it is.

        When the words are rare (at most SELECTIVE_LIMIT owners match) the matching keys are
        read first and passed as a list, so the database looks rows up by key instead of
        checking every row of the queryset against the index (SQLite's planner otherwise
        prefers the queryset's own indexes). Frequent words fall back to a subquery.
        """
        sql = self.matching_owners_sql(query)
        if sql is None:
            return queryset
        limited = f"SELECT DISTINCT owner_id FROM ({sql[0]}) AS matches LIMIT %s"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(limited, [*sql[1], SELECTIVE_LIMIT + 1])
            owners = [row[0] for row in cursor.fetchall()]
        if len(owners) <= SELECTIVE_LIMIT:
            return queryset.filter(**{f"{field}__in": owners})
        # The SQL text is ours; the words travel as parameters.
        return queryset.filter(**{f"{field}__in": RawSQL(*sql)})  # noqa: S611


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
