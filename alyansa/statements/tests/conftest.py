import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache():  # type: ignore[no-untyped-def]
    """Cached statement pages and rate limits never leak from one test into the next."""
    cache.clear()
    yield
    cache.clear()
