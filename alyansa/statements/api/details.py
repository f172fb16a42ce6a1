"""What the routes of the details around a statement's text read and answer: date, place,
issuer, signatories, reference, occasion, topics, campaign; references sent by their
addresses."""
# No "from __future__ import annotations": django-ninja and pydantic read the annotations.

from datetime import date
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import ValidationError as NinjaValidationError

from alyansa.core.bounds import Day
from alyansa.members.models import Chapter, Organization
from alyansa.statements.models import Occasion, Statement, Topic


class SignatoryOut(Schema):
    name: str
    role: str
    organization: str


class DetailsOut(Schema):
    slug: str
    status: str
    issued_on: date
    place: str
    issuer_kind: str
    issuer_name: str
    issuer_chapter: str | None
    issuer_organizations: list[str]
    signatories: list[SignatoryOut]
    contact: str
    occasion: str | None
    topics: list[str]
    campaign: str
    open_for_endorsement: bool
    corrections: list[dict[str, Any]]


class DetailsIn(Schema):
    """Only the details sent change. `issuer_chapter` and `occasion` sent as null clear them; a
    new `issuer_kind` without its chapter or organizations drops the old ones."""

    issued_on: Day | None = None
    place: str | None = Field(None, max_length=200)
    issuer_kind: str | None = Field(
        None, description=f"One of: {', '.join(Statement.Issuer.values)}."
    )
    issuer_name: str | None = Field(None, max_length=300)
    issuer_chapter: str | None = Field(None, description="A chapter's address (slug).")
    issuer_organizations: list[str] | None = Field(
        None, description="Member organizations' addresses (slugs), for a joint statement."
    )
    signatories: list[dict[str, str]] | None = Field(
        None,
        description='Each {"name", "role", "organization"}; the list replaces the old one.',
    )
    contact: str | None = Field(None, max_length=300)
    occasion: str | None = Field(None, description="An occasion's address (slug).")
    topics: list[str] | None = Field(None, description="Topics' addresses (slugs).")
    campaign: str | None = Field(None, max_length=200)
    open_for_endorsement: bool | None = None
    correction_note: str = Field(
        "",
        max_length=1000,
        description="Needed when a published statement's date, place, issuer or signatories "
        "change; readers see it.",
    )


def details_answer(statement: Statement) -> dict[str, Any]:
    return {
        "slug": statement.slug,
        "status": statement.status,
        "issued_on": statement.issued_on,
        "place": statement.place,
        "issuer_kind": statement.issuer_kind,
        "issuer_name": statement.issuer_name,
        "issuer_chapter": statement.issuer_chapter.slug if statement.issuer_chapter else None,
        "issuer_organizations": [o.slug for o in statement.issuer_organizations.all()],
        "signatories": [
            {
                "name": s.get("name", ""),
                "role": s.get("role", ""),
                "organization": s.get("organization", ""),
            }
            for s in statement.signatories
        ],
        "contact": statement.contact,
        "occasion": statement.occasion.slug if statement.occasion else None,
        "topics": [t.slug for t in statement.topics.all()],
        "campaign": statement.campaign,
        "open_for_endorsement": statement.open_for_endorsement,
        "corrections": [
            {"language": c.language, "note": c.note, "at": c.created_at.isoformat()}
            for c in statement.corrections.all()
        ],
    }


def _by_slugs(queryset: Any, field: str, slugs: list[str]) -> list[Any]:
    """The objects with these addresses; any unknown one is a 422 that names it."""
    found = {obj.slug: obj for obj in queryset.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        message = _("Select a valid choice. %(value)s is not one of the available choices.")
        raise NinjaValidationError(
            [{"loc": [field], "msg": message % {"value": slug}} for slug in unknown]
        )
    return [found[slug] for slug in dict.fromkeys(slugs)]


def details_changes(statement: Statement, payload: DetailsIn) -> dict[str, Any]:
    """The service's arguments for what was sent: references looked up by their addresses."""
    sent = payload.model_fields_set
    changes: dict[str, Any] = {
        name: getattr(payload, name)
        for name in (
            "issued_on",
            "place",
            "issuer_kind",
            "issuer_name",
            "contact",
            "campaign",
            "open_for_endorsement",
        )
        if name in sent
    }
    if "issuer_chapter" in sent:
        slug = payload.issuer_chapter
        changes["issuer_chapter"] = (
            _by_slugs(Chapter.objects.all(), "issuer_chapter", [slug])[0] if slug else None
        )
    if "occasion" in sent:
        slug = payload.occasion
        changes["occasion"] = (
            _by_slugs(Occasion.objects.all(), "occasion", [slug])[0] if slug else None
        )
    if payload.issuer_organizations is not None:
        # As on the page: the member organizations, and those that issued it (even if they
        # have left the alliance since).
        choosable = Organization.objects.filter(
            Q(pk__in=Organization.objects.current_members().values("pk"))
            | Q(pk__in=statement.issuer_organizations.values("pk"))
        )
        changes["issuer_organizations"] = _by_slugs(
            choosable, "issuer_organizations", payload.issuer_organizations
        )
    if payload.topics is not None:
        changes["topics"] = _by_slugs(Topic.objects.all(), "topics", payload.topics)
    if payload.signatories is not None:
        changes["signatories"] = [
            (row.get("name", ""), row.get("role", ""), row.get("organization", ""))
            for row in payload.signatories
        ]
    return changes
