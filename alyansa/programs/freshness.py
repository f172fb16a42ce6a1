"""A token per program that changes whenever the program or its progress changes (a target
saved, a state, a figure given by hand, an adoption), so the cached dashboards show it at once;
what the records count (reports, engagements) shows within the cache's minute."""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.db import transaction


def _key(program_id: int) -> str:
    return f"alyansa:programs:generation:{program_id}"


def program_generation(program_id: int) -> str:
    return cache.get(_key(program_id)) or ""


def program_changed(program_id: int) -> None:
    """Now, and again once committed, so no request caches the old state meanwhile."""

    def bump() -> None:
        cache.set(_key(program_id), secrets.token_hex(8), None)

    bump()
    transaction.on_commit(bump)
