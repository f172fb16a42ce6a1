"""Live pages hear of every change to an assembly, once per transaction."""

from __future__ import annotations

import threading
from typing import Any

from django.db import transaction

from alyansa.assemblies.models import Assembly
from alyansa.assemblies.selectors import live_state
from alyansa.core import live

_this_thread = threading.local()


def assembly_announce(assembly: Assembly, event: str, data: dict[str, Any] | None = None) -> None:
    """Tell live pages that something changed. The channel `assembly:<id>` carries its whole
    state each time (counts and ids, never lists of people: selectors.live_state), plus what
    `data` adds, through alyansa.core.live.

    The state is read after the commit, outside the write transaction (short writes matter on
    SQLite), and once per transaction however many changes it made: only the last
    announcement of an assembly is sent. If that last change is rolled back while an earlier
    one commits, nothing is sent; pages catch up at their next event or reload."""
    pending: dict[int, tuple[int, str, dict[str, Any]]] = _this_thread.__dict__.setdefault(
        "pending", {}
    )
    sequence = pending.get(assembly.pk, (0, "", {}))[0] + 1
    pending[assembly.pk] = (sequence, event, data or {})
    transaction.on_commit(lambda: _announce_now(assembly.pk, sequence))


def _announce_now(assembly_id: int, sequence: int) -> None:
    pending: dict[int, tuple[int, str, dict[str, Any]]] = _this_thread.__dict__.setdefault(
        "pending", {}
    )
    entry = pending.get(assembly_id)
    if entry is None or entry[0] != sequence:
        # A later change announces the state: in the same transaction, or already (an
        # announcement made from another commit hook goes out at once and takes the entry).
        return
    _latest, event, data = entry
    pending.pop(assembly_id, None)
    assembly = Assembly.objects.filter(pk=assembly_id).first()
    if assembly is not None:
        live.publish(f"assembly:{assembly_id}", event, {**live_state(assembly), **data})
