"""Test helpers with no models: the shape of an access-matrix case."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

PERSONAS = ("anonymous", "plain", "coordinator", "election_committee", "officer", "secretariat")
EVERYONE = frozenset(
    {"anonymous", "plain", "coordinator", "election_committee", "officer", "secretariat"}
)
SIGNED_IN = EVERYONE - {"anonymous"}


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
