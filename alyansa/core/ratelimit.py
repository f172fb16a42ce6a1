"""The site's one rate limiter: attempts counted per key in a window of time.

Counts live in Django's cache: Redis when REDIS_URL is set, so that every process shares them;
the database cache table on PostgreSQL without Redis; process memory on SQLite (which runs
one process). Keys are hashed, so the cache holds no address, e-mail or secret in clear.

The bare ASGI endpoints (the fast casting endpoint) count through `FastCounter` instead: no
thread and no database query per attempt. It counts in Redis directly (redis.asyncio) when
REDIS_URL is set, shared by every process; in the process's memory otherwise.
"""

from __future__ import annotations

import hashlib
import logging
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def _digest(scope: str, key: str) -> str:
    return hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]


def rate_limited(scope: str, key: str, *, limit: int, seconds: int) -> bool:
    """Count one attempt of `key` in `scope`; True once more than `limit` were made within
    `seconds` of the first."""
    cache_key = f"alyansa:rl:{scope}:{_digest(scope, key)}"
    if cache.add(cache_key, 1, seconds):
        return False
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, seconds)
        return False
    return count > limit


class FastCounter:
    """Counts for the bare ASGI endpoints, in fixed windows of `seconds`."""

    # Past this many keys in one window the process forgets the oldest window's counts.
    MEMORY_KEYS = 200_000

    def __init__(self) -> None:
        self._redis: Any = None
        self._memory: dict[str, tuple[int, int]] = {}

    def _client(self) -> Any:
        if self._redis is None and settings.REDIS_URL:
            import redis.asyncio  # only deployments with Redis need it loaded

            self._redis = redis.asyncio.from_url(settings.REDIS_URL)
        return self._redis

    async def add(self, scope: str, key: str, *, seconds: int, amount: int = 1) -> int:
        """Add `amount` attempts of `key` and return the count of this window."""
        window = int(time.time() // seconds)
        name = f"{settings.REDIS_KEY_PREFIX}:rl:{scope}:{_digest(scope, key)}:{window}"
        client = self._client()
        if client is not None:
            try:
                async with client.pipeline(transaction=False) as pipe:
                    pipe.incrby(name, amount)
                    pipe.expire(name, seconds * 2)
                    count, _ = await pipe.execute()
                return int(count)
            except Exception:  # a limiter that cannot count must not stop the vote
                logger.warning("Rate limit counts are unreachable in Redis", exc_info=True)
                return 0
        count = self._memory.get(name, (window, 0))[1]
        if len(self._memory) > self.MEMORY_KEYS:
            self._memory = {k: v for k, v in self._memory.items() if v[0] == window}
        self._memory[name] = (window, count + amount)
        return count + amount

    async def count(self, scope: str, key: str, *, seconds: int) -> int:
        return await self.add(scope, key, seconds=seconds, amount=0)
