"""What the governance services share: their refusal, who decided, and saving what changed."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from alyansa.accounts.models import User
from alyansa.accounts.roles import scope_key
from alyansa.audit.services import audit_record, model_changes
from alyansa.core.errors import RuleError
from alyansa.governance.models import Body, Seat


class GovernanceRuleError(RuleError):
    """A change the statutes (as configured in seats and terms) do not allow."""


def decider_fields(decided_by: models.Model | str | None) -> tuple[str, str]:
    if decided_by is None:
        return "", ""
    if isinstance(decided_by, str):
        return decided_by.strip()[:200], ""
    return str(decided_by)[:200], scope_key(decided_by)


# Addresses under /bodies/ that pages use: a body is never given one of them.
RESERVED_SLUGS = frozenset({"constitution", "new"})


Changed = TypeVar("Changed", Body, Seat)


def save_changes(obj: Changed, *, acting_user: User | None, action: str, **values: Any) -> Changed:
    """Set `values` on `obj`, then save and audit the fields that changed (nothing at all when
    none did: saving the same form twice writes nothing)."""
    before = {field: getattr(obj, field) for field in values}
    for field, value in values.items():
        setattr(obj, field, value)
    changes = model_changes(obj, before, list(values))
    if changes:
        obj.save(update_fields=list(changes))
        audit_record(actor=acting_user, action=action, obj=obj, changes=changes)
    return obj
