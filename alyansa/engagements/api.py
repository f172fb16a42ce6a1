"""The engagements' JSON API: the public calendar for anyone (delegations named as on the
pages, through naming.py), every engagement and the report for readers, and recording for the
secretariat. Times are ISO 8601 with their offset, beside the event's own time zone."""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from alyansa.accounts.api import api_auth
from alyansa.accounts.requests import ApiRequest
from alyansa.core.api_input import body_doc, read_body
from alyansa.core.bounds import MAX_OFFSET, MAX_PAGE_SIZE, Day, Moment, PathId
from alyansa.engagements import selectors, services
from alyansa.engagements.models import DelegationMember, Engagement
from alyansa.engagements.naming import delegation
from alyansa.engagements.reporting import default_period, report_build
from alyansa.engagements.selectors import CalendarFilter
from alyansa.governance.models import Body
from alyansa.members.models import Language, Person, Region
from alyansa.statements.models import Statement

router = Router(tags=["engagements"])

Text = Annotated[str, Field(max_length=300)]
LongText = Annotated[str, Field(max_length=20_000)]
Slugs = Annotated[list[Annotated[str, Field(max_length=80)]], Field(max_length=50)]
Ids = Annotated[list[PathId], Field(max_length=50)]


class DelegateOut(Schema):
    name: str
    role: str


class EngagementOut(Schema):
    id: int
    title: str
    kind: str
    starts: str
    ends: str
    time_zone: str
    place: str
    online: bool
    organizer: str
    languages: list[str]
    regions: list[str]
    cancelled: bool
    sequence: int
    url: str
    delegation: list[DelegateOut]
    unnamed_delegates: int
    outcome: str


class CalendarQuery(Schema):
    kind: Annotated[str, Field(max_length=20)] = ""
    region: Annotated[str, Field(max_length=40)] = ""
    language: Annotated[str, Field(max_length=12)] = ""
    start: Day | None = None
    end: Day | None = None
    limit: int = Field(50, ge=1, le=MAX_PAGE_SIZE)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def _out(engagement: Engagement, user: Any = None) -> dict[str, Any]:
    shown = delegation(engagement.delegation.all(), user)
    return {
        "id": engagement.pk,
        "title": engagement.title_text,
        "kind": engagement.kind,
        "starts": engagement.local_start.isoformat(),
        "ends": engagement.local_end.isoformat(),
        "time_zone": engagement.time_zone,
        "place": engagement.place,
        "online": engagement.online,
        "organizer": engagement.organizer,
        "languages": [language.code for language in engagement.languages.all()],
        "regions": [region.slug for region in engagement.regions.all()],
        "cancelled": engagement.is_cancelled,
        "sequence": engagement.sequence,
        "url": engagement.get_absolute_url(),
        "delegation": [{"name": d.name.label, "role": d.role} for d in shown.named],
        "unnamed_delegates": shown.unnamed,
        "outcome": engagement.outcome_text,
    }


def _page(found: QuerySet[Engagement], filters: CalendarQuery, user: Any = None) -> list[Any]:
    """One page of `found`, with what each answer names in a fixed number of queries."""
    rows = selectors.with_calendar_relations(found).prefetch_related(
        Prefetch(
            "delegation",
            queryset=DelegationMember.objects.select_related("person__organization"),
        )
    )
    return [_out(e, user) for e in rows[filters.offset : filters.offset + filters.limit]]


def _between(filters: CalendarQuery) -> tuple[datetime.datetime, datetime.datetime]:
    start = filters.start or datetime.date(1900, 1, 1)
    end = filters.end or datetime.date(2199, 12, 31)
    return (
        datetime.datetime.combine(start, datetime.time.min, tzinfo=datetime.UTC),
        datetime.datetime.combine(end, datetime.time.max, tzinfo=datetime.UTC),
    )


@router.get(
    "/engagements",
    response=list[EngagementOut],
    url_name="engagements_list",
    summary="The public calendar, filtered by kind, region, language and dates",
)
def engagement_list(request: HttpRequest, filters: Query[CalendarQuery]) -> Any:
    start, end = _between(filters)
    chosen = CalendarFilter.from_params(filters.dict())
    found = chosen.apply(Engagement.objects.public().between(start, end))
    return _page(found.order_by("starts_at", "id"), filters)


@router.get(
    "/engagements/{engagement_id}",
    response=EngagementOut,
    url_name="engagements_detail",
    summary="A public engagement (an internal one answers 404, as an unknown one)",
)
def engagement_detail(request: HttpRequest, engagement_id: PathId) -> Any:
    return _out(selectors.engagement_get_for(None, engagement_id))


@router.get(
    "/internal/engagements",
    response=list[EngagementOut],
    auth=api_auth,
    url_name="engagements_all",
    summary="Every engagement, internal ones too (secretariat and officers)",
)
def engagement_all(request: ApiRequest, filters: Query[CalendarQuery]) -> Any:
    user = request.auth
    selectors.require_reader(user)
    start, end = _between(filters)
    chosen = CalendarFilter.from_params(filters.dict())
    found = chosen.apply(Engagement.objects.between(start, end)).order_by("starts_at", "id")
    return _page(found, filters, user)


class EngagementIn(Schema):
    title: Text
    kind: Annotated[str, Field(max_length=20)]
    starts: Moment
    ends: Moment
    time_zone: Annotated[str, Field(max_length=64)]
    organizer: Annotated[str, Field(max_length=200)] = ""
    place: Text = ""
    online: bool = False
    online_url: Annotated[str, Field(max_length=200)] = ""
    description: LongText = ""
    is_public: bool = True
    languages: Slugs = []
    regions: Slugs = []
    bodies: Slugs = []
    statements: Slugs = []


def _fields(data: EngagementIn) -> services.EngagementFields:
    return services.EngagementFields(
        title=data.title,
        kind=data.kind,
        starts_at=data.starts,
        ends_at=data.ends,
        time_zone=data.time_zone,
        organizer=data.organizer,
        place=data.place,
        online=data.online,
        online_url=data.online_url,
        description=data.description,
        is_public=data.is_public,
        languages=list(Language.objects.filter(code__in=data.languages)),
        regions=list(Region.objects.filter(slug__in=data.regions)),
        bodies=list(Body.objects.filter(slug__in=data.bodies)),
        statements=list(Statement.objects.filter(slug__in=data.statements)),
    )


@router.post(
    "/engagements",
    response={201: EngagementOut},
    auth=api_auth,
    url_name="engagements_create",
    openapi_extra=body_doc(EngagementIn),
    summary="Record an engagement (secretariat)",
)
def engagement_create(request: ApiRequest) -> Any:
    user = request.auth
    selectors.require_manager(user)
    data = read_body(
        request, EngagementIn, list_fields=("languages", "regions", "bodies", "statements")
    )
    engagement = services.engagement_create(data=_fields(data), acting_user=user)
    return Status(201, _out(engagement, user))


@router.post(
    "/engagements/{engagement_id}/cancel",
    response=EngagementOut,
    auth=api_auth,
    url_name="engagements_cancel",
    summary="Cancel an engagement: feeds say STATUS:CANCELLED (secretariat)",
)
def engagement_cancel(request: ApiRequest, engagement_id: PathId) -> Any:
    user = request.auth
    engagement = selectors.engagement_for_manager(user, engagement_id)
    return _out(services.engagement_cancel(engagement=engagement, acting_user=user), user)


class DelegateIn(Schema):
    person_id: PathId
    role: Annotated[str, Field(max_length=12)]
    accreditation: Annotated[str, Field(max_length=12)] = "not_needed"
    accreditation_reference: Annotated[str, Field(max_length=200)] = ""
    name_public: bool = False


@router.post(
    "/engagements/{engagement_id}/delegation",
    response={201: EngagementOut},
    auth=api_auth,
    url_name="engagements_delegate_add",
    openapi_extra=body_doc(DelegateIn),
    summary="Put a person in the delegation; name_public records their consent (secretariat)",
)
def delegate_add(request: ApiRequest, engagement_id: PathId) -> Any:
    user = request.auth
    engagement = selectors.engagement_for_manager(user, engagement_id)
    data = read_body(request, DelegateIn)
    services.delegate_add(
        engagement=engagement,
        person=get_object_or_404(Person, pk=data.person_id),
        role=data.role,
        accreditation=data.accreditation,
        accreditation_reference=data.accreditation_reference,
        name_public=data.name_public,
        acting_user=user,
    )
    return Status(201, _out(engagement, user))


class ReportEntryOut(Schema):
    id: int
    title: str
    kind: str
    starts: str
    ends: str
    regions: list[str]
    delegates: list[DelegateOut]
    unnamed_delegates: int
    statements: list[str]
    interventions: list[str]
    outcome: str
    follow_ups_done: int
    follow_ups_total: int


class EngagementsReportOut(Schema):
    start: datetime.date
    end: datetime.date
    engagements: list[ReportEntryOut]


@router.get(
    "/report",
    response=EngagementsReportOut,
    auth=api_auth,
    url_name="engagements_report",
    summary="The secretariat's report on engagements, by default since the last assembly",
)
def report(request: ApiRequest, start: Day | None = None, end: Day | None = None) -> Any:
    selectors.require_reader(request.auth)
    first, last = default_period()
    built = report_build(start or first, end or last)
    return {
        "start": built.start,
        "end": built.end,
        "engagements": [vars(entry) for entry in built.engagements],
    }
