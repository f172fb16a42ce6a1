"""Plain factory functions for tests of the member registry (and of apps above it)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from alyansa.members.models import (
    Chapter,
    Country,
    Language,
    MembershipCategory,
    MembershipStatus,
    Organization,
    Person,
    Region,
    Sector,
)
from alyansa.members.services import (
    Profile,
    chapter_create,
    membership_record,
    organization_create,
    person_create,
)

_numbers = itertools.count(1)


def make_region(name: str = "") -> Region:
    number = next(_numbers)
    name = name or f"Region {number}"
    return Region.objects.get_or_create(slug=f"region-{number}", defaults={"name": name})[0]


def make_country(code: str = "PH", region: Region | None = None) -> Country:
    country, _created = Country.objects.get_or_create(code=code)
    if region is not None and country.region_id != region.pk:
        country.region = region
        country.save(update_fields=["region"])
    elif country.region_id is None:
        country.region = make_region()
        country.save(update_fields=["region"])
    return country


def make_sector(slug: str = "domestic-workers", name: str = "Domestic workers") -> Sector:
    return Sector.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def make_language(code: str = "tl") -> Language:
    return Language.objects.get_or_create(code=code)[0]


def make_organization(
    name: str = "",
    *,
    country: Country | None = None,
    member_since: datetime.date | None = datetime.date(2020, 5, 1),
    category: str = MembershipCategory.FULL,
    **profile: Any,
) -> Organization:
    """An organization, by default a full member since 2020 (member_since=None: not a member)."""
    number = next(_numbers)
    country = country or make_country()
    organization = organization_create(
        profile=Profile(name=name or f"Migrant Workers Union {number}", country=country, **profile),
        acting_user=None,
    )
    if member_since is not None:
        membership_record(
            organization=organization,
            status=MembershipStatus.ADMITTED,
            date=member_since,
            decided_by="General Assembly 2020",
            category=category,
            acting_user=None,
        )
    return organization


def make_chapter(
    name: str = "",
    *,
    organizations: list[Organization] = (),  # type: ignore[assignment]
    kind: str = Chapter.Kind.NATIONAL,
    country: Country | None = None,
) -> Chapter:
    country = country or make_country()
    return chapter_create(
        name=name or f"Chapter {next(_numbers)}",
        kind=kind,
        region=country.region,  # type: ignore[arg-type]
        country=country,
        organizations=organizations,
        acting_user=None,
    )


def make_person(
    name: str = "Lina Santos", *, organization: Organization | None = None, contact: str = ""
) -> Person:
    return person_create(
        display_name=name, organization=organization, contact=contact, acting_user=None
    )
