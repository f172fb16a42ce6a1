"""The shapes the members API reads and answers."""

# No "from __future__ import annotations": django-ninja reads the parameter annotations.

from datetime import date as Date
from typing import Any

from ninja import Schema

from alyansa.core.bounds import Day
from alyansa.members.models import MembershipCategory, PublicField


def named(obj: Any, code: str = "code") -> dict[str, str]:
    return {"code": getattr(obj, code), "name": obj.display_name}


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
        return obj["country"] if isinstance(obj, dict) else named(obj.country)

    @staticmethod
    def resolve_region(obj: Any) -> Any:
        return obj["region"] if isinstance(obj, dict) else named(obj.region, "slug")

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
                [named(s, "slug") for s in obj.sectors.all()]
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
                [named(c) for c in obj.nationalities.all()]
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
                [named(lang) for lang in obj.languages.all()]
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
