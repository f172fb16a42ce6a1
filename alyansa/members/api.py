"""JSON API of the member registry, with the same permissions as the pages.

Public routes show what the public directory shows. Private routes (an organization's people,
history notes, applications, numbers) are for the secretariat and the organization's own
coordinators; anyone else gets 404 (or 403 where the route itself is the secretariat's).
"""
# No "from __future__ import annotations": django-ninja reads the parameter annotations.

from collections import Counter
from datetime import date as Date
from typing import Annotated, Any

from django.core.exceptions import PermissionDenied
from django.core.validators import validate_email
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate

from alyansa.accounts.api import api_auth
from alyansa.accounts.models import User
from alyansa.accounts.permissions import has_any_role, require_role
from alyansa.accounts.requests import ApiRequest
from alyansa.accounts.roles import Role
from alyansa.core.api_errors import also_answers
from alyansa.core.api_input import body_doc, read_body
from alyansa.core.bounds import Day, PathId
from alyansa.members import importing, selectors, services
from alyansa.members.exporting import EXPORT_COLUMNS, export_rows
from alyansa.members.models import (
    Application,
    Country,
    Language,
    MembershipCategory,
    MembershipStatus,
    Organization,
    PublicField,
    Region,
    Sector,
)
from alyansa.members.throttle import application_rate_limited

router = Router(tags=["members"])


# ---------------------------------------------------------------------------------------------
# Schemas


class Named(Schema):
    code: str
    name: str


def _shown(obj: Any, name: str) -> bool:
    return name in (obj.public_fields or [])


class OrganizationPublic(Schema):
    """Only what the organization chose to show; hidden fields are null."""

    slug: str
    name: str
    acronym: str
    country: Named
    region: Named
    category: str
    city: str | None = None
    website: str | None = None
    email: str | None = None
    description: dict[str, str] | None = None
    sectors: list[Named] | None = None
    nationalities: list[Named] | None = None
    languages: list[Named] | None = None

    # Resolvers: the directory pages through a queryset; each row shows only its public fields.
    @staticmethod
    def resolve_country(obj: Any) -> Any:
        return obj["country"] if isinstance(obj, dict) else _named(obj.country)

    @staticmethod
    def resolve_region(obj: Any) -> Any:
        return obj["region"] if isinstance(obj, dict) else _named(obj.region, "slug")

    @staticmethod
    def resolve_category(obj: Any) -> Any:
        if isinstance(obj, dict):
            return obj["category"]
        membership = getattr(obj, "membership", None)
        return membership.category if membership else ""

    @staticmethod
    def resolve_city(obj: Any) -> Any:
        return (
            obj.get("city")
            if isinstance(obj, dict)
            else (obj.city if _shown(obj, PublicField.CITY) else None)
        )

    @staticmethod
    def resolve_website(obj: Any) -> Any:
        return (
            obj.get("website")
            if isinstance(obj, dict)
            else (obj.website if _shown(obj, PublicField.WEBSITE) else None)
        )

    @staticmethod
    def resolve_email(obj: Any) -> Any:
        return (
            obj.get("email")
            if isinstance(obj, dict)
            else (obj.email if _shown(obj, PublicField.EMAIL) else None)
        )

    @staticmethod
    def resolve_description(obj: Any) -> Any:
        return (
            obj.get("description")
            if isinstance(obj, dict)
            else (obj.description if _shown(obj, PublicField.DESCRIPTION) else None)
        )

    @staticmethod
    def resolve_sectors(obj: Any) -> Any:
        return (
            obj.get("sectors")
            if isinstance(obj, dict)
            else (
                [_named(s, "slug") for s in obj.sectors.all()]
                if _shown(obj, PublicField.SECTORS)
                else None
            )
        )

    @staticmethod
    def resolve_nationalities(obj: Any) -> Any:
        return (
            obj.get("nationalities")
            if isinstance(obj, dict)
            else (
                [_named(c) for c in obj.nationalities.all()]
                if _shown(obj, PublicField.NATIONALITIES)
                else None
            )
        )

    @staticmethod
    def resolve_languages(obj: Any) -> Any:
        return (
            obj.get("languages")
            if isinstance(obj, dict)
            else (
                [_named(lang) for lang in obj.languages.all()]
                if _shown(obj, PublicField.LANGUAGES)
                else None
            )
        )


class MembershipEventOut(Schema):
    status: str
    category: str
    date: Date
    decided_by: str
    note: str


class PersonOut(Schema):
    id: int
    display_name: str
    contact: str


class OrganizationPrivate(OrganizationPublic):
    at_risk: bool
    public_fields: list[str]
    status: str | None
    history: list[MembershipEventOut]
    people: list[PersonOut]


class ProfileIn(Schema):
    """Fields to change; omitted fields stay as they are. Codes: ISO 3166 for countries,
    region and sector slugs, language codes."""

    name: str | None = None
    acronym: str | None = None
    country: str | None = None
    region: str | None = None
    city: str | None = None
    website: str | None = None
    email: str | None = None
    description: dict[str, str] | None = None
    sectors: list[str] | None = None
    nationalities: list[str] | None = None
    languages: list[str] | None = None
    public_fields: list[str] | None = None
    at_risk: bool | None = None


class ApplicationIn(ProfileIn):
    name: str
    country: str
    contact_name: str
    contact_email: str
    category: str = MembershipCategory.FULL
    motivation: str = ""


class ApplicationOut(Schema):
    id: int
    organization: str
    slug: str
    country: str
    category: str
    contact_name: str
    contact_email: str
    motivation: str
    confirmed_at: Any


class DecisionIn(Schema):
    decision: str  # "admit" or "decline"
    decided_by: str
    date: Day | None = None
    note: str = ""


class StepIn(Schema):
    status: str  # suspended, reinstated, withdrawn, expelled, admitted
    decided_by: str
    date: Day
    note: str = ""


class CountOut(Schema):
    group: str
    name: str
    members: int


class CountsOut(Schema):
    on: Date
    total: int
    by_category: dict[str, int]
    by_region: list[CountOut]
    by_country: list[CountOut]


class MovementOut(Schema):
    organization: str
    country: str
    status: str
    date: Date
    decided_by: str


class MovementsOut(Schema):
    start: Date
    end: Date
    joined: list[MovementOut]
    left: list[MovementOut]


class GrowthPoint(Schema):
    date: Date
    members: int


class RegionOut(Schema):
    slug: str
    name: str
    countries: list[Named]


class ChapterOut(Schema):
    slug: str
    name: str
    acronym: str
    kind: str
    region: str
    country: str | None
    members: int


class ReachOut(Schema):
    nationality: Named
    countries: list[CountOut]


class RowErrorOut(Schema):
    line: int
    name: str
    errors: list[dict[str, str]]


class ImportOut(Schema):
    rows: int
    valid: int
    to_create: int
    to_update: int
    unchanged: int
    written: int
    dry_run: bool
    bad_rows: list[RowErrorOut]


class ErasedOut(Schema):
    erased: bool


# ---------------------------------------------------------------------------------------------
# Helpers


def _named(obj: Any, code: str = "code") -> dict[str, str]:
    return {"code": getattr(obj, code), "name": obj.display_name}


def _public(org: Organization, *, everything: bool = False) -> dict[str, Any]:
    shows = set(PublicField.values) if everything else set(org.public_fields or [])
    membership = getattr(org, "membership", None)
    return {
        "slug": org.slug,
        "name": org.name,
        "acronym": org.acronym,
        "country": _named(org.country),
        "region": _named(org.region, "slug"),
        "category": membership.category if membership else "",
        "city": org.city if PublicField.CITY in shows else None,
        "website": org.website if PublicField.WEBSITE in shows else None,
        "email": org.email if PublicField.EMAIL in shows else None,
        "description": org.description if PublicField.DESCRIPTION in shows else None,
        "sectors": [_named(s, "slug") for s in org.sectors.all()]
        if PublicField.SECTORS in shows
        else None,
        "nationalities": [_named(c) for c in org.nationalities.all()]
        if PublicField.NATIONALITIES in shows
        else None,
        "languages": [_named(lang) for lang in org.languages.all()]
        if PublicField.LANGUAGES in shows
        else None,
    }


def _private(user: User, org: Organization) -> dict[str, Any]:
    data = _public(org, everything=True)
    data.update(
        {
            "at_risk": org.at_risk,
            "public_fields": org.public_fields,
            "status": org.membership.status if hasattr(org, "membership") else None,
            "history": [
                {
                    "status": e.status,
                    "category": e.category,
                    "date": e.date,
                    "decided_by": e.decided_by_name,
                    "note": e.note,
                }
                for e in selectors.membership_history(org)
            ],
            "people": [
                {"id": p.pk, "display_name": p.display_name, "contact": p.contact}
                for p in selectors.people_of(user, org)
            ],
        }
    )
    return data


def _lookup(model: Any, field: str, values: list[str], label: str) -> list[Any]:
    wanted = [v.upper() if field == "code" and model is Country else v for v in values]
    found = {getattr(o, field): o for o in model.objects.filter(**{f"{field}__in": wanted})}
    missing = [v for v in wanted if v not in found]
    if missing:
        raise HttpError(422, f"{label}: unknown {', '.join(missing)}")
    return [found[v] for v in wanted]


def _changes(data: ProfileIn) -> dict[str, Any]:
    raw = data.dict(exclude_unset=True)
    changes: dict[str, Any] = {}
    for name in (
        "name",
        "acronym",
        "city",
        "website",
        "email",
        "description",
        "public_fields",
        "at_risk",
    ):
        if name in raw and raw[name] is not None:
            changes[name] = raw[name]
    if raw.get("country"):
        changes["country"] = _lookup(Country, "code", [raw["country"]], "country")[0]
    if raw.get("region"):
        changes["region"] = _lookup(Region, "slug", [raw["region"]], "region")[0]
    for name, model, field in (
        ("sectors", Sector, "slug"),
        ("nationalities", Country, "code"),
        ("languages", Language, "code"),
    ):
        if raw.get(name) is not None:
            changes[name] = _lookup(model, field, raw[name], name)
    return changes


LIST_FIELDS = {"sectors", "nationalities", "languages", "public_fields"}


def _may_see_numbers(user: User) -> None:
    if not has_any_role(user, [Role.SECRETARIAT, Role.OFFICER]):
        raise PermissionDenied


# ---------------------------------------------------------------------------------------------
# Public


class DirectoryQuery(Schema):
    region: str | None = None
    country: str | None = None
    sector: str | None = None
    nationality: str | None = None
    language: str | None = None
    q: str = ""


@router.get(
    "/organizations",
    response=list[OrganizationPublic],
    url_name="members_directory",
    summary="The public directory (current members that are not at risk)",
)
@paginate
def directory(request: HttpRequest, filters: Query[DirectoryQuery]) -> Any:
    def one(model: Any, field: str, value: str | None) -> Any:
        if not value:
            return None
        value = value.upper() if model is Country else value
        return model.objects.filter(**{field: value}).first() or model(pk=0)

    query = selectors.DirectoryFilters(
        region=one(Region, "slug", filters.region),
        country=one(Country, "code", filters.country),
        sector=one(Sector, "slug", filters.sector),
        nationality=one(Country, "code", filters.nationality),
        language=one(Language, "code", filters.language),
        query=filters.q[:100],
    )
    return selectors.directory(query)


@router.get(
    "/organizations/{slug}",
    response=OrganizationPublic,
    url_name="members_organization",
    summary="An organization's public profile",
)
def organization(request: HttpRequest, slug: str) -> Any:
    return _public(selectors.organization_public(slug, request.user))


@router.get(
    "/regions",
    response=list[RegionOut],
    url_name="members_regions",
    summary="Regions and their countries (names in the request's language)",
)
def regions(request: HttpRequest) -> Any:
    countries: dict[int, list[dict[str, str]]] = {}
    for country in Country.objects.filter(region__isnull=False):
        countries.setdefault(country.region_id, []).append(_named(country))  # type: ignore[arg-type]
    return [
        {"slug": r.slug, "name": r.display_name, "countries": countries.get(r.pk, [])}
        for r in Region.objects.all()
    ]


@router.get(
    "/chapters",
    response=list[ChapterOut],
    url_name="members_chapters",
    summary="National chapters and regional coordinating bodies",
)
def chapters(request: HttpRequest) -> Any:
    return [
        {
            "slug": c.slug,
            "name": c.name,
            "acronym": c.acronym,
            "kind": c.kind,
            "region": c.region.slug,
            "country": c.country.code if c.country else None,
            "members": c.member_count,
        }
        for c in selectors.chapters_public()
    ]


@router.get(
    "/nationalities",
    response=list[ReachOut],
    url_name="members_nationalities",
    summary="Which nationalities the listed members organize, and where",
)
def nationalities(request: HttpRequest) -> Any:
    return [
        {
            "nationality": _named(nat),
            "countries": [{"group": "country", "name": c.code, "members": n} for c, n in where],
        }
        for nat, where in selectors.nationalities_reach()
    ]


@router.post(
    "/applications",
    response={201: ApplicationOut},
    url_name="members_apply",
    openapi_extra={**body_doc(ApplicationIn), **also_answers(429)},
    summary="Apply to join (a confirmation link is e-mailed to the contact)",
)
def apply(request: HttpRequest) -> Any:
    data = read_body(request, ApplicationIn, list_fields=LIST_FIELDS)
    if application_rate_limited():
        raise HttpError(429, "Too many applications from your network. Try again in an hour.")
    changes = _changes(data)
    if data.category not in MembershipCategory.values:
        raise HttpError(422, "category: use full or associate")
    try:
        validate_email(data.contact_email)
    except Exception as error:
        raise HttpError(422, "contact_email: not an e-mail address") from error
    profile = services.Profile(
        name=data.name,
        country=changes["country"],
        acronym=data.acronym or "",
        city=data.city or "",
        region=changes.get("region"),
        website=data.website or "",
        email=data.email or "",
        description=data.description,
        sectors=changes.get("sectors", []),
        nationalities=changes.get("nationalities", []),
        languages=changes.get("languages", []),
        public_fields=data.public_fields,
        at_risk=bool(data.at_risk),
    )
    application, _secret = services.application_submit(
        profile=profile,
        contact_name=data.contact_name,
        contact_email=data.contact_email,
        category=data.category,
        motivation=data.motivation,
    )
    return Status(201, _application(application))


def _application(a: Application) -> dict[str, Any]:
    return {
        "id": a.pk,
        "organization": a.organization.name,
        "slug": a.organization.slug,
        "country": a.organization.country.code,
        "category": a.category,
        "contact_name": a.contact_name,
        "contact_email": a.contact_email,
        "motivation": a.motivation,
        "confirmed_at": a.confirmed_at,
    }


# ---------------------------------------------------------------------------------------------
# Coordinators (their own organization) and the secretariat


@router.get(
    "/organizations/{slug}/private",
    response=OrganizationPrivate,
    auth=api_auth,
    url_name="members_organization_private",
    summary="Every field, the membership history and the people (own organization)",
)
def organization_private(request: ApiRequest, slug: str) -> Any:
    user = request.auth
    return _private(user, selectors.organization_get_for(user, slug))


@router.post(
    "/organizations/{slug}/profile",
    response=OrganizationPrivate,
    auth=api_auth,
    url_name="members_organization_update",
    openapi_extra=body_doc(ProfileIn),
    summary="Change the profile (own organization); every change is audited",
)
def organization_update(request: ApiRequest, slug: str) -> Any:
    user = request.auth
    org = selectors.organization_get_for(user, slug)
    data = read_body(request, ProfileIn, list_fields=LIST_FIELDS)
    services.organization_update(organization=org, changes=_changes(data), acting_user=user)
    return _private(user, selectors.organization_get_for(user, slug))


@router.get(
    "/people/{person_id}",
    auth=api_auth,
    url_name="members_person_export",
    summary="Everything held about a person (for the person's own organization)",
)
def person_export(request: ApiRequest, person_id: PathId) -> Any:
    person = selectors.person_get_for(request.auth, person_id)
    return services.person_export(person=person)


@router.post(
    "/people/{person_id}/erase",
    response=ErasedOut,
    auth=api_auth,
    url_name="members_person_erase",
    summary="Erase a person's name and contact (records of public office stay)",
)
def person_erase(request: ApiRequest, person_id: PathId) -> Any:
    user = request.auth
    services.person_erase(person=selectors.person_get_for(user, person_id), acting_user=user)
    return {"erased": True}


@router.get(
    "/review-queue",
    response=list[ApplicationOut],
    auth=api_auth,
    url_name="members_review_queue",
    summary="Confirmed applications awaiting a decision",
)
def review_queue(request: ApiRequest) -> Any:
    require_role(request.auth, Role.SECRETARIAT)
    return [_application(a) for a in selectors.review_queue()]


@router.post(
    "/applications/{application_id}/decision",
    response=MembershipEventOut,
    auth=api_auth,
    url_name="members_application_decide",
    openapi_extra=body_doc(DecisionIn),
    summary="Admit or decline an application, by the decision of a body",
)
def application_decide(request: ApiRequest, application_id: PathId) -> Any:
    user = request.auth
    require_role(user, Role.SECRETARIAT)
    data = read_body(request, DecisionIn)
    application = get_object_or_404(Application, pk=application_id)
    if data.decision not in {"admit", "decline"}:
        raise HttpError(422, "decision: use admit or decline")
    step = services.membership_admit if data.decision == "admit" else services.membership_decline
    event = step(
        organization=application.organization,
        decided_by=data.decided_by,
        date=data.date or timezone.localdate(),
        note=data.note,
        acting_user=user,
    )
    return _event(event)


def _event(e: Any) -> dict[str, Any]:
    return {
        "status": e.status,
        "category": e.category,
        "date": e.date,
        "decided_by": e.decided_by_name,
        "note": e.note,
    }


@router.post(
    "/organizations/{slug}/membership",
    response=MembershipEventOut,
    auth=api_auth,
    url_name="members_membership_step",
    openapi_extra=body_doc(StepIn),
    summary="Record a membership step: suspended, reinstated, withdrawn, expelled",
)
def membership_step(request: ApiRequest, slug: str) -> Any:
    user = request.auth
    require_role(user, Role.SECRETARIAT)
    data = read_body(request, StepIn)
    org = get_object_or_404(Organization, slug=slug)
    if data.status not in MembershipStatus.values:
        raise HttpError(422, "status: unknown")
    event = services.membership_record(
        organization=org,
        status=MembershipStatus(data.status),
        date=data.date,
        decided_by=data.decided_by,
        note=data.note,
        acting_user=user,
    )
    return _event(event)


@router.get(
    "/counts",
    response=CountsOut,
    auth=api_auth,
    url_name="members_counts",
    summary="How many members on a date, by category, region and country",
)
def counts(request: ApiRequest, on: Day | None = None) -> Any:
    _may_see_numbers(request.auth)
    result = selectors.member_counts(on or timezone.localdate())
    return {
        "on": result.day,
        "total": result.total,
        "by_category": result.by_category,
        "by_region": [
            {"group": "region", "name": r.slug, "members": n} for r, n in result.by_region
        ],
        "by_country": [
            {"group": "country", "name": c.code, "members": n} for c, n in result.by_country
        ],
    }


@router.get(
    "/movements",
    response=MovementsOut,
    auth=api_auth,
    url_name="members_movements",
    summary="Who joined and who left between two dates (both included)",
)
def movements(request: ApiRequest, start: Day, end: Day) -> Any:
    _may_see_numbers(request.auth)
    joined, left = selectors.joined_and_left(start, end, request.auth)

    def out(m: Any) -> dict[str, Any]:
        return {
            "organization": m.name,
            "country": m.country,
            "status": m.status,
            "date": m.date,
            "decided_by": m.decided_by,
        }

    return {
        "start": start,
        "end": end,
        "joined": [out(m) for m in joined],
        "left": [out(m) for m in left],
    }


@router.get(
    "/growth",
    response=list[GrowthPoint],
    auth=api_auth,
    url_name="members_growth",
    summary="Member totals at evenly spaced dates (the chart's numbers)",
)
def growth(
    request: ApiRequest, start: Day, end: Day, points: Annotated[int, Field(ge=2, le=400)] = 24
) -> Any:
    _may_see_numbers(request.auth)
    if end < start:
        raise HttpError(422, "Give start <= end.")
    return [{"date": d, "members": n} for d, n in selectors.growth_series(start, end, points)]


@router.get(
    "/export",
    auth=api_auth,
    url_name="members_export",
    summary="Every organization in the importer's columns (secretariat)",
)
def export(request: ApiRequest) -> Any:
    require_role(request.auth, Role.SECRETARIAT)
    return [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in export_rows()]


@router.post(
    "/import",
    response=ImportOut,
    auth=api_auth,
    url_name="members_import",
    summary="Import a member list (CSV or XLSX); dry_run=true checks and writes nothing",
    description=(
        "A row with a new name creates an organization; a row with a name in the registry "
        "updates it (the file's columns only; a new status on a later date is the next step)."
    ),
)
def import_members(
    request: ApiRequest,
    file: UploadedFile = File(...),  # noqa: B008
    dry_run: bool = True,
) -> Any:
    user = request.auth
    require_role(user, Role.SECRETARIAT)
    try:
        rows = importing.read_rows(file, file.name or "")
    except importing.ImportFileError as error:
        raise HttpError(422, str(error)) from error
    results = importing.check_rows(rows)
    bad = [r for r in results if not r.ok]
    actions = Counter(str(r.action) for r in results)
    written = 0
    if not dry_run and not bad:
        written = services.organizations_import(
            rows=results, acting_user=user, source=file.name or ""
        )
    return {
        "rows": len(results),
        "valid": len(results) - len(bad),
        "to_create": actions[importing.RowAction.CREATE],
        "to_update": actions[importing.RowAction.UPDATE],
        "unchanged": actions[importing.RowAction.UNCHANGED],
        "written": written,
        "dry_run": dry_run,
        "bad_rows": [
            {
                "line": r.line,
                "name": r.name,
                "errors": [{"field": f, "message": m} for f, m in r.errors],
            }
            for r in bad
        ],
    }
