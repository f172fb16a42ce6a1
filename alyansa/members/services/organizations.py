"""Organizations in the registry: their profile, their address (slug) and its changes."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record, model_changes
from alyansa.core.text import single_line
from alyansa.members import public
from alyansa.members.audit_actions import Action
from alyansa.members.models import (
    DEFAULT_PUBLIC_FIELDS,
    Country,
    Language,
    Organization,
    PublicField,
    Region,
    Sector,
)
from alyansa.members.services.common import MembershipRuleError


@dataclass
class Profile:
    """An organization's profile as forms, the API and the importer hand it over."""

    name: str
    country: Country
    acronym: str = ""
    city: str = ""
    region: Region | None = None
    website: str = ""
    email: str = ""
    description: dict[str, str] | None = None
    sectors: Iterable[Sector] = ()
    nationalities: Iterable[Country] = ()
    languages: Iterable[Language] = ()
    public_fields: list[str] | None = None
    at_risk: bool = False


PROFILE_FIELDS = [
    "name",
    "acronym",
    "country",
    "city",
    "region",
    "website",
    "email",
    "description",
    "public_fields",
    "at_risk",
]
PROFILE_RELATIONS = ["sectors", "nationalities", "languages"]
# Names that must stay on one line (they go into e-mail subjects, CSV cells, titles).
SINGLE_LINE_FIELDS = frozenset({"name", "acronym", "city"})


# Addresses that pages use beside the slugs (/members/chapters/new/, ...).
RESERVED_SLUGS = frozenset({"new", "edit", "manage", "members", "constitution"})


def unique_slug(model: type[models.Model], text: str, *, taken: set[str] | None = None) -> str:
    """A slug for `text` that no row of `model` (and nothing in `taken`) uses yet."""
    base = slugify(text)[:70] or "org"
    slug, number = base, 1
    while (
        slug in RESERVED_SLUGS
        or (taken is not None and slug in taken)
        or model._default_manager.filter(slug=slug).exists()
    ):
        number += 1
        slug = f"{base}-{number}"
    if taken is not None:
        taken.add(slug)
    return slug


def at_risk_slug() -> str:
    """An at-risk organization's address: random, so that nobody finds its page, or learns
    that it exists, by guessing its acronym (its page answers 404 to the public anyway)."""
    return f"o-{secrets.token_hex(10)}"


def _region_for(country: Country, region: Region | None) -> Region:
    if region is not None:
        return region
    if country.region_id is None:
        raise MembershipRuleError(
            _("%(country)s belongs to no region yet: choose the region.") % {"country": country}
        )
    return country.region  # type: ignore[return-value]


def public_fields_kept(value: list[str] | None) -> list[str]:
    if value is None:
        return [str(field) for field in DEFAULT_PUBLIC_FIELDS]
    valid = set(PublicField.values)
    return [field for field in value if field in valid]


def new_organization(profile: Profile) -> Organization:
    organization = Organization.objects.create(
        name=single_line(profile.name),
        acronym=single_line(profile.acronym),
        slug=at_risk_slug()
        if profile.at_risk
        else unique_slug(Organization, profile.acronym or profile.name),
        country=profile.country,
        city=single_line(profile.city),
        region=_region_for(profile.country, profile.region),
        website=profile.website,
        email=profile.email,
        description={k: v for k, v in (profile.description or {}).items() if v.strip()},
        public_fields=public_fields_kept(profile.public_fields),
        at_risk=profile.at_risk,
    )
    organization.sectors.set(list(profile.sectors))
    organization.nationalities.set(list(profile.nationalities))
    organization.languages.set(list(profile.languages))
    return organization


@transaction.atomic
def organization_create(*, profile: Profile, acting_user: User | None) -> Organization:
    """Add an organization to the registry (without a membership: see membership_record)."""
    organization = new_organization(profile)
    audit_record(actor=acting_user, action=Action.ORGANIZATION_CREATE, obj=organization)
    return organization


@transaction.atomic
def organization_update(
    *, organization: Organization, changes: dict[str, Any], acting_user: User
) -> Organization:
    """Change an organization's profile. Every changed field, relations included, is audited.
    An organization newly marked at risk gets a new, random address (`at_risk_slug`): the old
    one, often its acronym, then answers like any unknown address."""
    unknown = set(changes) - set(PROFILE_FIELDS) - set(PROFILE_RELATIONS)
    if unknown:
        raise ValueError(f"Not profile fields: {sorted(unknown)}")
    before = {name: getattr(organization, name) for name in PROFILE_FIELDS}
    simple = [name for name in changes if name in PROFILE_FIELDS]
    for name in simple:
        value = changes[name]
        if name == "public_fields":
            value = public_fields_kept(value)
        elif name == "description":
            value = {k: v for k, v in (value or {}).items() if v and v.strip()}
        elif name in SINGLE_LINE_FIELDS:
            value = single_line(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(organization, name, value)
    if "country" in changes and "region" not in changes:
        organization.region = _region_for(organization.country, None)
    diff = model_changes(organization, before, PROFILE_FIELDS)
    if organization.at_risk and not before["at_risk"]:
        organization.slug = at_risk_slug()
        simple.append("slug")
    if organization.at_risk != before["at_risk"]:
        public.naming_changed()
    for name in PROFILE_RELATIONS:
        if name not in changes:
            continue
        manager = getattr(organization, name)
        old = sorted(str(item) for item in manager.all())
        manager.set(list(changes[name]))
        new = sorted(str(item) for item in changes[name])
        if old != new:
            diff[name] = [old, new]
    if diff:
        organization.updated_at = timezone.now()
        organization.save(update_fields=[*simple, "region", "updated_at"])
        audit_record(
            actor=acting_user, action=Action.ORGANIZATION_UPDATE, obj=organization, changes=diff
        )
    return organization
