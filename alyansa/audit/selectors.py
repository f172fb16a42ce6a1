from __future__ import annotations

from django.db.models import Q

from alyansa.audit.models import AuditEvent, AuditEventQuerySet


def audit_events_search(*, query: str = "", action: str = "") -> AuditEventQuerySet:
    """The trail, newest first, filtered by free text and action. Callers check who may read."""
    events = AuditEvent.objects.select_related("actor").all()
    if action:
        events = events.filter(action=action)
    if query:
        events = events.filter(
            Q(actor_label__icontains=query)
            | Q(object_repr__icontains=query)
            | Q(action__icontains=query)
        )
    return events
