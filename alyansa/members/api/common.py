"""What the members API's routes share: the router, and an organization or application as
the API answers it."""

# No "from __future__ import annotations": django-ninja reads the parameter annotations.

from typing import Any

from ninja import Router
from ninja.errors import HttpError

from alyansa.accounts.models import User
from alyansa.members import selectors
from alyansa.members.api.schemas import ProfileIn, named
from alyansa.members.models import (
    Application,
    Country,
    Language,
    Organization,
    PublicField,
    Region,
    Sector,
)

router = Router(tags=["members"])


def organization_public_out(org: Organization, *, everything: bool = False) -> dict[str, Any]:
    shows = set(PublicField.values) if everything else set(org.public_fields or [])
    membership = getattr(org, "membership", None)
    return {
        "slug": org.slug,
        "name": org.name,
        "acronym": org.acronym,
        "country": named(org.country),
        "region": named(org.region, "slug"),
        "category": membership.category if membership else "",
        "city": org.city if PublicField.CITY in shows else None,
        "website": org.website if PublicField.WEBSITE in shows else None,
        "email": org.email if PublicField.EMAIL in shows else None,
        "description": org.description if PublicField.DESCRIPTION in shows else None,
        "sectors": [named(s, "slug") for s in org.sectors.all()]
        if PublicField.SECTORS in shows
        else None,
        "nationalities": [named(c) for c in org.nationalities.all()]
        if PublicField.NATIONALITIES in shows
        else None,
        "languages": [named(lang) for lang in org.languages.all()]
        if PublicField.LANGUAGES in shows
        else None,
    }


def organization_private_out(user: User, org: Organization) -> dict[str, Any]:
    data = organization_public_out(org, everything=True)
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


def profile_changes(data: ProfileIn) -> dict[str, Any]:
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


def application_out(a: Application) -> dict[str, Any]:
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
