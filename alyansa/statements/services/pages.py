"""The public page's cache: statements' services forget a page once its statement changes."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction

from alyansa.statements.models import (
    Statement,
)

# The public page's data is cached (selectors.statement_page) until a service here forgets it.
PAGE_CACHE_SECONDS = 6 * 3600


def page_cache_key(slug: str) -> str:
    return f"alyansa:statements:page:{slug}"


FACETS_CACHE_KEY = "alyansa:statements:facets"


def statement_page_forget(statement: Statement) -> None:
    """Drop the cached public page (and the archive's facets) once the change is committed,
    and now, for this process."""
    keys = [page_cache_key(statement.slug), FACETS_CACHE_KEY]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
