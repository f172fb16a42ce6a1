"""The full-text index of statements, in every language."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from alyansa.core.markdown import markdown_to_text
from alyansa.core.search import FullTextIndex
from alyansa.statements.models import (
    Statement,
)

SEARCH_INDEX = FullTextIndex("statements_search")


def _search_document(statement: Statement) -> str:
    """Every language of the statement in one search document, with its issuer and place."""
    parts = [statement.issuer_name, statement.place]
    for translation in statement.translations.all():
        parts += [
            translation.title,
            translation.subtitle,
            markdown_to_text(translation.body),
            *[str(d) for d in translation.demands],
        ]
    return "\n".join(parts)


def index_statement(statement: Statement) -> None:
    """Re-index the statement: after any change to a translation, its date, issuer or place."""
    SEARCH_INDEX.put(
        owner_id=statement.pk, day=statement.issued_on, text=_search_document(statement)
    )


def search_index_rebuild() -> int:
    """Re-index every statement (after a restore, which does not carry the index)."""
    count = 0
    statements = Statement.objects.prefetch_related("translations").order_by("pk")
    with transaction.atomic():
        SEARCH_INDEX.clear()
        batch: list[tuple[int, date | None, str]] = []
        for statement in statements.iterator(chunk_size=500):
            batch.append((statement.pk, statement.issued_on, _search_document(statement)))
            if len(batch) == 500:
                SEARCH_INDEX.put_many(batch)
                batch = []
            count += 1
        SEARCH_INDEX.put_many(batch)
    return count
