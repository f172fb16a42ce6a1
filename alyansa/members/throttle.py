"""Holding off abuse of the public application form (it sends e-mail to any address) without a
third-party captcha: a rate limit per client address."""

from __future__ import annotations

from alyansa.core.ratelimit import rate_limited
from alyansa.core.request_context import current_client_ip

APPLICATIONS_PER_HOUR = 30


def application_rate_limited() -> bool:
    """Count one application from this client; True once more than the limit came within an
    hour. Generous, because a whole office or hall can share one address."""
    # Requests whose address is unknown all count as one client ("None").
    return rate_limited(
        "apply", str(current_client_ip()), limit=APPLICATIONS_PER_HOUR, seconds=3600
    )
