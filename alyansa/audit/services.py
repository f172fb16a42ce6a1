"""Writing to the audit trail. Services call audit_record inside their own transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from alyansa.audit.models import AuditEvent
from alyansa.core.request_context import current_client_ip


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Record one administrative change. `actor` is a user, or None for the system itself.

    Callers must never pass ballot contents or anything that says how someone voted.
    """
    is_user = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        actor=actor if is_user else None,
        actor_label=str(actor) if is_user else "system",
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=changes or {},
        ip_address=current_client_ip(),
    )


def audit_rename_object(obj: models.Model, label: str) -> int:
    """Show every earlier row of the trail about `obj` under `label` instead of the name it had
    then (its `object_repr`), for an object whose name may no longer be kept: an erased person.
    What was done, by whom and when stays. Returns how many rows were relabelled."""
    return AuditEvent.objects.for_object(obj).update(object_repr=label[:200])


def audit_forget_ip_addresses(*, now: Any = None) -> int:
    """Blank the IP address of every event older than AUDIT_IP_RETENTION_DAYS. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.AUDIT_IP_RETENTION_DAYS)
    return AuditEvent.objects.filter(at__lt=cutoff, ip_address__isnull=False).update(
        ip_address=None
    )


def model_changes(
    instance: models.Model, before: dict[str, Any], fields: list[str]
) -> dict[str, Any]:
    """The fields whose value differs from `before`, as {field: [old, new]} for the trail."""
    changed = {}
    for name in fields:
        new = getattr(instance, name)
        if before.get(name) != new:
            changed[name] = [_plain(before.get(name)), _plain(new)]
    return changed


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return str(value)
