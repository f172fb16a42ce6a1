"""JSON API of governing bodies: public reads; the secretariat records terms, mandates and
constitution versions."""
# No "from __future__ import annotations": django-ninja reads the parameter annotations.

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema

from alyansa.accounts.api import api_auth
from alyansa.accounts.permissions import require_role
from alyansa.accounts.requests import ApiRequest
from alyansa.accounts.roles import Role
from alyansa.core.api_input import body_doc, read_body
from alyansa.core.bounds import Count, Day, PathId
from alyansa.governance import selectors, services
from alyansa.governance.models import Seat, Term
from alyansa.members import public
from alyansa.members.models import Organization, Person

router = Router(tags=["governance"])


class MandateOut(Schema):
    name: str
    organization: str | None
    alternate_rank: int | None
    starts_on: date
    ends_on: date | None


class SeatOut(Schema):
    id: int
    name: str
    kind: str
    region: str | None
    holders: int
    alternates: int
    chosen_by: str
    eligible: str
    held_by: list[MandateOut]
    alternates_now: list[MandateOut]


class BodyOut(Schema):
    slug: str
    name: str
    kind: str
    elected_by: str | None
    on: date
    seats: list[SeatOut]


class TermIn(Schema):
    label: str
    starts_on: Day
    opened_by: str


class TermOut(Schema):
    id: int
    label: str
    starts_on: date
    ends_on: date | None
    opened_by: str


class MandateIn(Schema):
    seat_id: PathId
    person_id: PathId
    organization: str | None = None  # an organization's slug; else the person's organization
    starts_on: Day | None = None
    alternate_rank: Count | None = None


class VersionOut(Schema):
    number: int
    title: str
    summary: str
    adopted_on: date
    ratified_by: str
    text: str | None = None


class VersionIn(Schema):
    title: str
    text: str
    adopted_on: Day
    ratified_by: str
    summary: str = ""


def _mandate(m: Any) -> dict[str, Any]:
    # An organization at risk is never named in public, not even as a seat holder's.
    shown = m.organization is not None and public.may_name(m.organization)
    return {
        "name": m.public_name,
        "organization": m.organization.slug if shown else None,
        "alternate_rank": m.alternate_rank,
        "starts_on": m.starts_on,
        "ends_on": m.ends_on,
    }


def _body(body: Any, lines: list[Any], day: date) -> dict[str, Any]:
    return {
        "slug": body.slug,
        "name": body.display_name,
        "kind": body.kind,
        "elected_by": body.elected_by.slug if body.elected_by else None,
        "on": day,
        "seats": [
            {
                "id": line.seat.pk,
                "name": line.seat.display_name,
                "kind": line.seat.kind,
                "region": line.seat.region.slug if line.seat.region else None,
                "holders": line.seat.holders,
                "alternates": line.seat.alternates,
                "chosen_by": line.seat.chosen_by,
                "eligible": line.seat.eligible,
                "held_by": [_mandate(m) for m in line.holders],
                "alternates_now": [_mandate(m) for m in line.alternates],
            }
            for line in lines
        ],
    }


@router.get(
    "/bodies",
    response=list[BodyOut],
    url_name="governance_bodies",
    summary="Every body, its seat rules and who held each seat on a date (default today)",
)
def bodies(request: HttpRequest, on: Day | None = None) -> Any:
    day = on or timezone.localdate()
    return [_body(body, lines, day) for body, lines in selectors.compositions(day)]


@router.get(
    "/bodies/{slug}",
    response=BodyOut,
    url_name="governance_body",
    summary="A body's composition on a date",
)
def body(request: HttpRequest, slug: str, on: Day | None = None) -> Any:
    day = on or timezone.localdate()
    found = selectors.body_get(slug)
    return _body(found, selectors.composition(found, day), day)


@router.get(
    "/bodies/{slug}/terms",
    response=list[TermOut],
    url_name="governance_terms",
    summary="A body's terms, newest first",
)
def terms(request: HttpRequest, slug: str) -> Any:
    return [
        {
            "id": t.pk,
            "label": t.label,
            "starts_on": t.starts_on,
            "ends_on": t.ends_on,
            "opened_by": t.opened_by_name,
        }
        for t in selectors.terms_of(selectors.body_get(slug))
    ]


@router.post(
    "/bodies/{slug}/terms/open",
    response=TermOut,
    auth=api_auth,
    url_name="governance_term_open",
    openapi_extra=body_doc(TermIn),
    summary="Open a new term (the running one ends the day before)",
)
def term_open(request: ApiRequest, slug: str) -> Any:
    user = request.auth
    require_role(user, Role.SECRETARIAT)
    data = read_body(request, TermIn)
    term = services.term_open(
        body=selectors.body_get(slug),
        label=data.label,
        starts_on=data.starts_on,
        opened_by=data.opened_by,
        acting_user=user,
    )
    return {
        "id": term.pk,
        "label": term.label,
        "starts_on": term.starts_on,
        "ends_on": term.ends_on,
        "opened_by": term.opened_by_name,
    }


@router.post(
    "/terms/{term_id}/mandates",
    response=MandateOut,
    auth=api_auth,
    url_name="governance_mandate_assign",
    openapi_extra=body_doc(MandateIn),
    summary="Record who holds a seat (or is an alternate) in a term",
)
def mandate_assign(request: ApiRequest, term_id: PathId) -> Any:
    user = request.auth
    require_role(user, Role.SECRETARIAT)
    data = read_body(request, MandateIn)
    term = get_object_or_404(Term, pk=term_id)
    seat = get_object_or_404(Seat, pk=data.seat_id, body_id=term.body_id)
    person = get_object_or_404(Person, pk=data.person_id)
    organization = (
        get_object_or_404(Organization, slug=data.organization) if data.organization else None
    )
    mandate = services.mandate_assign(
        term=term,
        seat=seat,
        person=person,
        organization=organization,
        starts_on=data.starts_on,
        alternate_rank=data.alternate_rank,
        acting_user=user,
    )
    return _mandate(mandate)


def _version(v: Any, text: bool = False) -> dict[str, Any]:
    return {
        "number": v.number,
        "title": v.title,
        "summary": v.summary,
        "adopted_on": v.adopted_on,
        "ratified_by": v.ratified_by_name,
        "text": v.text if text else None,
    }


@router.get(
    "/constitution",
    response=list[VersionOut],
    url_name="governance_constitution",
    summary="The constitution's versions, newest first (without their text)",
)
def constitution(request: HttpRequest) -> Any:
    return [_version(v) for v in selectors.constitution_versions()]


@router.get(
    "/constitution/{number}",
    response=VersionOut,
    url_name="governance_constitution_version",
    summary="One version, with its text",
)
def constitution_version(request: HttpRequest, number: Count) -> Any:
    return _version(selectors.constitution_version(number), text=True)


@router.post(
    "/constitution-amendments",
    response=VersionOut,
    auth=api_auth,
    url_name="governance_constitution_amend",
    openapi_extra=body_doc(VersionIn),
    summary="Record the next version, ratified by an assembly",
)
def constitution_amend(request: ApiRequest) -> Any:
    user = request.auth
    require_role(user, Role.SECRETARIAT)
    data = read_body(request, VersionIn)
    version = services.constitution_amend(
        title=data.title,
        text=data.text,
        adopted_on=data.adopted_on,
        ratified_by=data.ratified_by,
        summary=data.summary,
        acting_user=user,
    )
    return _version(version, text=True)
