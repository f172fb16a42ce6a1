"""Decision listeners: the extension point through which an app above the assemblies (the
program of action) learns that an agenda item was decided, inside the decision's transaction.

The assemblies never import those apps. An app registers a listener in its AppConfig.ready();
`item_decide` calls every listener with the decided item before it returns, so what a listener
writes (a program adopted, a report frozen) commits or rolls back with the decision itself.
A listener that refuses raises a RuleError, and the decision is not taken.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from alyansa.accounts.models import User
    from alyansa.assemblies.models import AgendaItem


class DecisionListener(Protocol):
    def __call__(self, *, item: AgendaItem, acting_user: User | None) -> None: ...


_listeners: dict[str, DecisionListener] = {}


def register_decision_listener(name: str, listener: DecisionListener) -> None:
    """Register (or replace) the listener called `name`."""
    _listeners[name] = listener


def unregister_decision_listener(name: str) -> None:
    _listeners.pop(name, None)


def item_decided(item: AgendaItem, *, acting_user: User | None) -> None:
    """Tell every listener that `item` has just been decided (its outcome is saved)."""
    for listener in list(_listeners.values()):
        listener(item=item, acting_user=acting_user)
