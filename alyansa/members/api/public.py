"""Public routes: what the public directory shows, and the application form."""

# No "from __future__ import annotations": django-ninja reads the parameter annotations.

from typing import Any

from django.core.validators import validate_email
from django.http import HttpRequest
from ninja import Query, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from alyansa.core.api_errors import also_answers
from alyansa.core.api_input import body_doc, read_body
from alyansa.members import selectors, services
from alyansa.members.api.common import (
    LIST_FIELDS,
    application_out,
    organization_public_out,
    profile_changes,
    router,
)
from alyansa.members.api.schemas import (
    ApplicationIn,
    ApplicationOut,
    ChapterOut,
    OrganizationPublic,
    ReachOut,
    RegionOut,
    named,
)
from alyansa.members.models import Country, Language, MembershipCategory, Region, Sector
from alyansa.members.throttle import application_rate_limited


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
    return organization_public_out(selectors.organization_public(slug, request.user))


@router.get(
    "/regions",
    response=list[RegionOut],
    url_name="members_regions",
    summary="Regions and their countries (names in the request's language)",
)
def regions(request: HttpRequest) -> Any:
    countries: dict[int, list[dict[str, str]]] = {}
    for country in Country.objects.filter(region__isnull=False):
        countries.setdefault(country.region_id, []).append(named(country))  # type: ignore[arg-type]
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
            "nationality": named(nat),
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
    changes = profile_changes(data)
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
    return Status(201, application_out(application))
