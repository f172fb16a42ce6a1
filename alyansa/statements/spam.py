"""Holding off spam without third-party captchas: a honeypot field and rate limits in the cache."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def rate_limited(scope: str, key: str, *, limit: int, seconds: int) -> bool:
    """Count one attempt for `key`; True once more than `limit` were made within `seconds`.

    The key is hashed so that the cache holds no IP or e-mail address in clear.
    """
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    cache_key = f"alyansa:rl:{scope}:{digest}"
    if cache.add(cache_key, 1, seconds):
        return False
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, seconds)
        return False
    return count > limit
