import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_cache(request):  # type: ignore[no-untyped-def]
    """Cached statement pages and rate limits never leak from one test into the next.
    (With PostgreSQL the cache is a table, so only tests with a database touch it.)"""
    uses_db = request.node.get_closest_marker("django_db") is not None or {
        "db",
        "transactional_db",
        "live_server",
    } & set(request.fixturenames)
    if uses_db:
        cache.clear()
    yield
    if uses_db:
        cache.clear()
