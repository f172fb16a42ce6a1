"""Test helpers with no models: the shape of an access-matrix case."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = (
    "anonymous",
    "delegate",
    "plain",
    "coordinator",
    "election_committee",
    "officer",
    "secretariat",
    "treasurer",
)
EVERYONE = frozenset(PERSONAS)
# Everyone with an account. Delegates have none: they sign in with an assembly credential.
SIGNED_IN = EVERYONE - {"anonymous", "delegate"}


@dataclass(frozen=True)
class AccessCase:
    """One URL and the personas that may use it; every other persona must be refused."""

    url_name: str
    allowed: frozenset[str] | set[str]
    method: str = "get"
    kwargs: Callable[[Any], dict[str, Any]] | None = None
    data: Callable[[Any], dict[str, Any]] | None = field(default=None)


@dataclass
class World:
    """One account per persona (None for the anonymous visitor) and the objects they act on."""

    users: dict[str, Any]
    objects: dict[str, Any] = field(default_factory=dict)
    # How a persona without an account signs in a test client (the delegate's credential).
    sign_in: dict[str, Callable[[Any], None]] = field(default_factory=dict)


def comparable(content: bytes) -> bytes:
    """An answer without what differs on every response anyway (the masked CSRF token, a
    script nonce), so that two answers can be compared byte for byte: "an at-risk
    organization's address answers exactly as an unknown one"."""
    content = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", content)
    return re.sub(rb'nonce="[^"]*"', b"", content)
