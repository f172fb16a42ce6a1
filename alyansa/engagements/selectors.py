"""Reads of engagements that check access.

Who sees what: the secretariat keeps the records and alone reads the delegation's internal
notes (travel, visas) and the private calendar addresses; officers read every engagement,
internal ones included, with the delegation named; everyone else sees public engagements,
with the delegation named only as alyansa/engagements/naming.py allows. An internal
engagement's address answers 404 to them, exactly as one never used. A follow-up task is
marked done by the secretariat or its owner.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Prefetch, QuerySet
from django.http import Http404

from alyansa.accounts.permissions import has_role, is_secretariat
from alyansa.accounts.roles import Role
from alyansa.engagements.models import (
    CalendarToken,
    DelegationMember,
    Engagement,
    FollowUp,
    Kind,
    SecretariatReport,
)
from alyansa.members.models import Language, Person, Region
from alyansa.statements.models import Statement

READERS = (Role.SECRETARIAT, Role.OFFICER)


def may_manage(user: Any) -> bool:
    return is_secretariat(user)


def require_manager(user: Any) -> None:
    if not may_manage(user):
        raise PermissionDenied


def may_read_internal(user: Any) -> bool:
    return any(has_role(user, role) for role in READERS)


def require_reader(user: Any) -> None:
    if not may_read_internal(user):
        raise PermissionDenied


def may_read_notes(user: Any) -> bool:
    """The delegation's internal notes: the secretariat only."""
    return is_secretariat(user)


def engagements_for(user: Any) -> QuerySet[Engagement]:
    """Every engagement `user` may see: all for readers, the public ones for everyone else."""
    found = Engagement.objects.all()
    return found if may_read_internal(user) else found.public()


def engagement_get_for(user: Any, engagement_id: int) -> Engagement:
    """The engagement, or 404 when it does not exist or `user` may not see it."""
    engagement = engagements_for(user).filter(pk=engagement_id).first()
    if engagement is None:
        raise Http404
    return engagement


def engagement_for_manager(user: Any, engagement_id: int) -> Engagement:
    require_manager(user)
    return engagement_get_for(user, engagement_id)


def delegation_of(engagement: Engagement) -> QuerySet[DelegationMember]:
    return engagement.delegation.select_related("person__organization").order_by("role", "id")


@dataclass(frozen=True)
class Position:
    title: str
    url: str


def statement_title(statement: Statement) -> str:
    """A statement's title in its own language (its translations prefetched)."""
    source = next(
        (t for t in statement.translations.all() if t.language == statement.source_language),
        None,
    )
    return source.title if source is not None else statement.slug


def positions_of(engagement: Engagement) -> list[Position]:
    """The published statements presented at the engagement, titled in their own language."""
    found = engagement.statements.published().prefetch_related("translations")
    return [Position(title=statement_title(s), url=s.get_absolute_url()) for s in found]


def member_get_for(user: Any, engagement: Engagement, member_id: int) -> DelegationMember:
    require_manager(user)
    member = delegation_of(engagement).filter(pk=member_id).first()
    if member is None:
        raise Http404
    return member


def follow_up_get_for(user: Any, task_id: int) -> FollowUp:
    """A task its owner or the secretariat may mark; 404 to anyone else."""
    task = FollowUp.objects.select_related("engagement", "owner").filter(pk=task_id).first()
    if task is None or not (may_manage(user) or task.owner_id == getattr(user, "pk", None)):
        raise Http404
    return task


def follow_ups_of(user: Any) -> QuerySet[FollowUp]:
    """The open tasks `user` owns (the secretariat: every open task)."""
    found = FollowUp.objects.open().select_related("engagement", "owner")
    return found if may_manage(user) else found.filter(owner_id=getattr(user, "pk", None))


def person_of(user: Any) -> Person | None:
    """The registry person linked to an account, if any (for the private calendar)."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Person.objects.filter(user=user, erased_at__isnull=True).first()


def calendar_tokens_of(person: Person) -> QuerySet[CalendarToken]:
    return CalendarToken.objects.filter(person=person).active()


def reports() -> QuerySet[SecretariatReport]:
    return SecretariatReport.objects.select_related("item__assembly")


def report_get_for(user: Any, report_id: int) -> SecretariatReport:
    require_reader(user)
    report = reports().filter(pk=report_id).first()
    if report is None:
        raise Http404
    return report


# ---- The public calendar -------------------------------------------------------------------


@dataclass(frozen=True)
class CalendarFilter:
    """What the calendar's visitor narrowed it to (each part optional)."""

    kind: str = ""
    region: Region | None = None
    language: Language | None = None

    @classmethod
    def from_params(cls, params: Any) -> CalendarFilter:
        """From the address's query: unknown values are ignored, not errors."""
        kind = params.get("kind", "")
        region_slug = params.get("region", "")[:40]
        language_code = params.get("language", "")[:12]
        return cls(
            kind=kind if kind in Kind.values else "",
            region=Region.objects.filter(slug=region_slug).first() if region_slug else None,
            language=Language.objects.filter(code=language_code).first() if language_code else None,
        )

    def apply(self, found: QuerySet[Engagement]) -> QuerySet[Engagement]:
        """`found` narrowed; each engagement once (a region or a language is one row of a
        relation, so a filter on it cannot repeat an engagement)."""
        if self.kind:
            found = found.filter(kind=self.kind)
        if self.region is not None:
            found = found.filter(regions=self.region)
        if self.language is not None:
            found = found.filter(languages=self.language)
        return found

    def query(self) -> str:
        parts = []
        if self.kind:
            parts.append(f"kind={self.kind}")
        if self.region is not None:
            parts.append(f"region={self.region.slug}")
        if self.language is not None:
            parts.append(f"language={self.language.code}")
        return "&".join(parts)


def calendar_version() -> str:
    """A key that changes with any change to an engagement (every service saves updated_at):
    what the calendar's cached fragments and feeds are kept under."""
    state = Engagement.objects.aggregate(
        count=Count("pk"), last=Max("pk"), changed=Max("updated_at")
    )
    changed = state["changed"].timestamp() if state["changed"] else 0
    return f"{state['count']}:{state['last']}:{changed}"


# What a calendar row does not show: left in the database.
LONG_FIELDS = ("description", "descriptions", "outcome", "outcomes")


def with_calendar_relations(found: QuerySet[Engagement]) -> QuerySet[Engagement]:
    """What a calendar row shows beside the engagement, in three queries whatever the count."""
    return found.defer(*LONG_FIELDS).prefetch_related(
        Prefetch("regions", queryset=Region.objects.only("id", "slug", "name", "names")),
        Prefetch("languages", queryset=Language.objects.only("id", "code")),
    )


def calendar_between(
    start: datetime.datetime, end: datetime.datetime, chosen: CalendarFilter
) -> QuerySet[Engagement]:
    """The public engagements overlapping [start, end), narrowed by `chosen`. The calendar is
    the public's view for everyone (its pages are shared); internal engagements are listed on
    the secretariat's pages."""
    found = chosen.apply(Engagement.objects.public().between(start, end))
    return with_calendar_relations(found.order_by("starts_at", "id"))
