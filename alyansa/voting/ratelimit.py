"""Rate limits on casting, per credential (never per address: a whole hall may share one)."""

from __future__ import annotations

import time

from django.core.cache import cache

# A delegate holds at most a few votes per poll (their own and their proxies'); 30 attempts a
# minute leaves room for retries on a bad connection and stops a script.
CASTS_PER_MINUTE = 30


def cast_allowed(credential_key: str) -> bool:
    """Count one attempt for this credential; False once it is over the limit this minute."""
    bucket = f"voting:cast:{credential_key}:{int(time.time() // 60)}"
    if cache.add(bucket, 1, timeout=120):
        return True
    try:
        return cache.incr(bucket) <= CASTS_PER_MINUTE
    except ValueError:
        return True


class FastLimiter:
    """The same rule in one process's memory, for the bare ASGI endpoint (no cache round-trip
    per vote; with several processes each keeps its own count)."""

    def __init__(self, per_minute: int = CASTS_PER_MINUTE) -> None:
        self.per_minute = per_minute
        self.counts: dict[str, tuple[int, int]] = {}

    def allowed(self, key: str) -> bool:
        minute = int(time.time() // 60)
        seen_minute, count = self.counts.get(key, (minute, 0))
        if seen_minute != minute:
            count = 0
            if len(self.counts) > 100_000:
                self.counts.clear()
        self.counts[key] = (minute, count + 1)
        return count + 1 <= self.per_minute
