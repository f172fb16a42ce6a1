"""Reads of the member registry that check who may see what.

Public reads show only current members that are not at risk, and only the fields each chose to
show. Private reads (people, contacts, applications, history notes) are for the secretariat and
the organization's own coordinators; anyone else gets a 404, never a hint that the data exists.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from alyansa.accounts.models import RoleGrant
from alyansa.accounts.permissions import has_role, is_secretariat, scopes_of
from alyansa.accounts.roles import Role, scope_key
from alyansa.members import public
from alyansa.members.models import (
    ENDED_STATUSES,
    MEMBER_STATUSES,
    Application,
    Chapter,
    Country,
    Language,
    MembershipEvent,
    MembershipStatus,
    Organization,
    Person,
    PublicField,
    Region,
    Sector,
)

if TYPE_CHECKING:
    # Typing only: django-stubs-ext is a development dependency.
    from django_stubs_ext import WithAnnotations


def can_manage(user: Any, organization: Organization) -> bool:
    """The secretariat, and the organization's own coordinators."""
    return is_secretariat(user) or has_role(user, Role.COORDINATOR, scope=organization)


def organizations_coordinated_by(user: Any) -> QuerySet[Organization]:
    ids = [
        int(scope.split(":")[1])
        for scope in scopes_of(user, Role.COORDINATOR)
        if scope.startswith("members.organization:")
    ]
    return Organization.objects.filter(pk__in=ids).order_by("name")


def _with_profile(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    return queryset.select_related("country", "region", "membership").prefetch_related(
        "sectors", "languages", Prefetch("nationalities", queryset=Country.objects.order_by())
    )


@dataclass
class DirectoryFilters:
    region: Region | None = None
    country: Country | None = None
    sector: Sector | None = None
    nationality: Country | None = None
    language: Language | None = None
    query: str = ""


def directory(filters: DirectoryFilters) -> QuerySet[Organization]:
    """The public directory. A filter on a field matches only organizations that show it."""
    queryset: QuerySet[Organization] = Organization.objects.listed()
    if filters.region:
        queryset = queryset.filter(region=filters.region)
    if filters.country:
        queryset = queryset.filter(country=filters.country)
    # JSON "contains" is not portable to SQLite, so the public-fields check happens in Python
    # for the few filtered rows: filter by relation in SQL, then keep those that show it.
    relation_filters = [
        (filters.sector, "sectors", PublicField.SECTORS),
        (filters.nationality, "nationalities", PublicField.NATIONALITIES),
        (filters.language, "languages", PublicField.LANGUAGES),
    ]
    hidden_check = []
    for value, relation, shown_field in relation_filters:
        if value is not None:
            queryset = queryset.filter(**{relation: value})
            hidden_check.append(str(shown_field))
    if filters.query:
        queryset = queryset.filter(
            Q(name__icontains=filters.query) | Q(acronym__icontains=filters.query)
        )
    queryset = _with_profile(queryset.distinct()).order_by("name")
    if hidden_check:
        allowed = [
            pk
            for pk, fields in queryset.values_list("pk", "public_fields")
            if all(name in (fields or []) for name in hidden_check)
        ]
        queryset = queryset.filter(pk__in=allowed)
    return queryset


def organization_public(slug: str, user: Any = None) -> Organization:
    """An organization's page: current members only. An at-risk one is found only by the
    secretariat and its own coordinators; for anyone else its address is not found, exactly as
    one never taken (members/public.py)."""
    organization = public.organization_at_address(
        slug,
        user,
        queryset=_with_profile(Organization.objects.current_members()).prefetch_related("chapters"),
    )
    if organization is None:
        raise Http404
    return organization


def organization_get_for(user: Any, slug: str) -> Organization:
    """An organization whose private data `user` may see and change, or 404."""
    organization = _with_profile(Organization.objects.all()).filter(slug=slug).first()
    if organization is None or not can_manage(user, organization):
        raise Http404
    return organization


def coordinators_of(user: Any, organization: Organization) -> list[Any]:
    """The accounts that coordinate an organization: for the secretariat, who appoints them."""
    if not is_secretariat(user):
        raise Http404
    grants = RoleGrant.objects.filter(
        role=Role.COORDINATOR, scope=scope_key(organization)
    ).select_related("user")
    return sorted((grant.user for grant in grants), key=lambda u: (u.display_name, u.email))


def people_of(user: Any, organization: Organization) -> QuerySet[Person]:
    if not can_manage(user, organization):
        raise Http404
    return Person.objects.filter(organization=organization, erased_at__isnull=True)


def person_get_for(user: Any, person_id: int) -> Person:
    person = Person.objects.select_related("organization", "user").filter(pk=person_id).first()
    if person is None:
        raise Http404
    if is_secretariat(user):
        return person
    if person.organization is None or not has_role(
        user, Role.COORDINATOR, scope=person.organization
    ):
        raise Http404
    return person


def membership_history(organization: Organization) -> QuerySet[MembershipEvent]:
    return MembershipEvent.objects.filter(membership__organization=organization).order_by(
        "date", "id"
    )


def review_queue() -> QuerySet[Application]:
    """Confirmed applications waiting for a decision, oldest first."""
    return (
        Application.objects.filter(
            confirmed_at__isnull=False, organization__membership__status=MembershipStatus.APPLIED
        )
        .select_related("organization__country", "organization__region", "organization__membership")
        .order_by("confirmed_at")
    )


class MemberCount(TypedDict):
    member_count: int


def chapters_public() -> QuerySet[WithAnnotations[Chapter, MemberCount]]:
    """Every chapter, with `member_count`: how many of its organizations are members and not
    at risk."""
    return Chapter.objects.select_related("region", "country").annotate(
        member_count=Count(
            "organizations",
            filter=Q(
                organizations__membership__status__in=[s.value for s in MEMBER_STATUSES],
                organizations__at_risk=False,
            ),
        )
    )


def chapter_public(slug: str) -> Chapter:
    chapter = chapters_public().filter(slug=slug).first()
    if chapter is None:
        raise Http404
    return chapter


# ---------------------------------------------------------------------------------------------
# The secretariat's weekly questions, each for any date


@dataclass
class Counts:
    day: datetime.date
    total: int = 0
    by_category: dict[str, int] = field(default_factory=dict)
    by_region: list[tuple[Region, int]] = field(default_factory=list)
    by_country: list[tuple[Country, int]] = field(default_factory=list)


def member_counts(day: datetime.date) -> Counts:
    """How many members on `day`, by category, region and country, from the membership history
    (the category is the one recorded with the organization's latest step before that day)."""
    rows = _status_on(day)
    members = {
        org_id: (category)
        for org_id, (status, category) in rows.items()
        if status in MEMBER_STATUSES
    }
    counts = Counts(day=day, total=len(members))
    counts.by_category = dict(Counter(members.values()))
    place = dict(
        (pk, (region_id, country_id))
        for pk, region_id, country_id in Organization.objects.filter(pk__in=members).values_list(
            "pk", "region_id", "country_id"
        )
    )
    by_region = Counter(region for region, _country in place.values())
    by_country = Counter(country for _region, country in place.values())
    regions = Region.objects.in_bulk(list(by_region))
    countries = Country.objects.in_bulk(list(by_country))
    counts.by_region = sorted(
        ((regions[pk], n) for pk, n in by_region.items()),
        key=lambda item: (item[0].position, item[0].name),
    )
    counts.by_country = sorted(
        ((countries[pk], n) for pk, n in by_country.items()),
        key=lambda item: (-item[1], item[0].code),
    )
    return counts


def _status_on(day: datetime.date) -> dict[int, tuple[str, str]]:
    """Each organization's (status, category) as of `day`: the last event up to that day.
    One query over the events; fine for tens of thousands of rows."""
    latest: dict[int, tuple[str, str]] = {}
    events = (
        MembershipEvent.objects.filter(date__lte=day)
        .order_by("date", "id")
        .values_list("membership__organization_id", "status", "category")
    )
    for org_id, status, category in events.iterator(chunk_size=5000):
        latest[org_id] = (status, category)
    return latest


@dataclass
class Movement:
    organization_id: int
    name: str
    country: str
    status: str
    date: datetime.date
    decided_by: str


def joined_and_left(
    start: datetime.date, end: datetime.date, user: Any = None
) -> tuple[list[Movement], list[Movement]]:
    """Who joined (admitted) and who left (withdrew or was expelled) between two dates,
    both included, named as `user` may see them (an at-risk organization as the stand-in)."""
    events = (
        MembershipEvent.objects.filter(
            date__gte=start,
            date__lte=end,
            status__in=[MembershipStatus.ADMITTED, *[s.value for s in ENDED_STATUSES]],
        )
        .select_related("membership__organization__country")
        .order_by("date", "id")
    )
    joined: list[Movement] = []
    left: list[Movement] = []
    for event in events:
        organization = event.membership.organization
        named = public.organization(organization, user)
        movement = Movement(
            organization.pk,
            named.label,
            organization.country.code if named.named else "",
            event.status,
            event.date,
            event.decided_by_name,
        )
        (joined if event.status == MembershipStatus.ADMITTED else left).append(movement)
    return joined, left


def growth_series(
    start: datetime.date, end: datetime.date, points: int = 24
) -> list[tuple[datetime.date, int]]:
    """Member totals at `points` evenly spaced dates from start to end, from one query."""
    points = max(2, points)
    span = max((end - start).days, 1)
    days = sorted(
        {start + datetime.timedelta(days=round(span * i / (points - 1))) for i in range(points)}
    )
    events = (
        MembershipEvent.objects.filter(date__lte=end)
        .order_by("date", "id")
        .values_list("membership__organization_id", "status", "date")
    )
    state: dict[int, str] = {}
    series: list[tuple[datetime.date, int]] = []
    members = 0
    pending = list(days)
    for org_id, status, date in events.iterator(chunk_size=5000):
        while pending and date > pending[0]:
            series.append((pending.pop(0), members))
        was = state.get(org_id) in MEMBER_STATUSES
        now = status in MEMBER_STATUSES
        members += int(now) - int(was)
        state[org_id] = status
    while pending:
        series.append((pending.pop(0), members))
    return series


def nationalities_reach() -> list[tuple[Country, list[tuple[Country, int]]]]:
    """Which nationalities the listed members organize, and in which countries (public: only
    organizations that show their nationalities count)."""
    through = Organization.nationalities.through
    rows = through.objects.filter(organization__in=Organization.objects.listed()).values_list(
        "country_id", "organization__country_id", "organization__public_fields"
    )
    reach: dict[int, Counter[int]] = defaultdict(Counter)
    for nationality_id, where_id, fields in rows:
        if PublicField.NATIONALITIES in (fields or []):
            reach[nationality_id][where_id] += 1
    countries = Country.objects.in_bulk({*reach, *(c for cs in reach.values() for c in cs)})
    result = [
        (
            countries[nat],
            sorted(((countries[w], n) for w, n in where.items()), key=lambda item: -item[1]),
        )
        for nat, where in reach.items()
    ]
    return sorted(result, key=lambda item: item[0].display_name)
