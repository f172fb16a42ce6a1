"""Holding off abuse of the public application form (it sends e-mail to any address) without a
third-party captcha: a rate limit per client address, kept hashed in the cache."""

from __future__ import annotations

import hashlib

from django.core.cache import cache

from alyansa.core.request_context import current_client_ip

APPLICATIONS_PER_HOUR = 30


def application_rate_limited() -> bool:
    """Count one application from this client; True once more than the limit came within an
    hour. Generous, because a whole office or hall can share one address."""
    digest = hashlib.sha256(f"apply:{current_client_ip()}".encode()).hexdigest()[:32]
    key = f"alyansa:rl:apply:{digest}"
    if cache.add(key, 1, 3600):
        return False
    try:
        return cache.incr(key) > APPLICATIONS_PER_HOUR
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        return False
