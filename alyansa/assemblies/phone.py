"""What the delegate's phone page tells of the apps above the assemblies (the voting app):
the extension point through which they say that something waits for the delegate.

The assemblies never import those apps (as for restrictions.py). An app registers a counter in
its AppConfig.ready(); the phone page asks `votes_waiting(delegate)` on every load, so that it
says "a vote has opened" even when the live channel never reaches the phone (JavaScript off,
a captive portal or a proxy that blocks the stream).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from alyansa.assemblies.models import Participant


class WaitingCounter(Protocol):
    def __call__(self, delegate: Participant) -> int: ...


#: About how often (seconds) a phone page that waits for a vote reloads itself.
PHONE_REFRESH = 30

_counters: dict[str, WaitingCounter] = {}


def register_waiting_counter(name: str, counter: WaitingCounter) -> None:
    """Register (or replace) the counter called `name`."""
    _counters[name] = counter


def votes_waiting(delegate: Participant) -> int:
    """How many votes the delegate holds (their own and their proxies') in open polls and has
    not cast yet, by every registered counter."""
    return sum(counter(delegate) for counter in _counters.values())
