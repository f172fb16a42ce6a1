"""Plain factories for tests of engagements (and of the apps that show them)."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from alyansa.accounts.models import User
from alyansa.engagements.models import DelegationMember, Engagement, Kind, Role
from alyansa.engagements.services import EngagementFields, delegate_add, engagement_create
from alyansa.members.models import Person


def at(day: str, time: str, zone: str) -> datetime.datetime:
    """An aware moment from a local day and time in a zone ("2026-03-27", "10:00", "UTC")."""
    naive = datetime.datetime.fromisoformat(f"{day}T{time}")
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(zone))


def make_engagement(
    title: str = "High-Level Dialogue on International Migration",
    *,
    starts: datetime.datetime | None = None,
    hours: float = 8,
    time_zone: str = "Europe/Zurich",
    kind: str = Kind.UN_SESSION,
    acting_user: User | None = None,
    **fields: Any,
) -> Engagement:
    """A public engagement in Geneva unless told otherwise, on 27 March 2026 by default."""
    starts = starts or at("2026-03-27", "10:00", time_zone)
    fields.setdefault("place", "Palais des Nations, Geneva")
    data = EngagementFields(
        title=title,
        kind=kind,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=hours),
        time_zone=time_zone,
        **fields,
    )
    return engagement_create(data=data, acting_user=acting_user)  # type: ignore[arg-type]


def make_delegate(
    engagement: Engagement,
    person: Person,
    *,
    role: str = Role.DELEGATE,
    name_public: bool = True,
    **extra: Any,
) -> DelegationMember:
    return delegate_add(
        engagement=engagement,
        person=person,
        role=role,
        name_public=name_public,
        acting_user=None,  # type: ignore[arg-type]
        **extra,
    )
