"""The assemblies API: public reads, registration (coordinators for their own organization),
check-in and the chair's numbers, and the delegate's own endpoints (credential session)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyCookie

from alyansa.accounts.api import api_auth
from alyansa.accounts.permissions import has_any_role
from alyansa.accounts.roles import Role
from alyansa.assemblies import selectors, services
from alyansa.assemblies.models import Attendance, Participant
from alyansa.assemblies.permissions import delegate_from_request
from alyansa.assemblies.services import AssemblyRuleError, normalize_code
from alyansa.core.api_input import read_body

router = Router(tags=["assemblies"])


class DelegateAuth(APIKeyCookie):
    """The delegate's credential session (the session cookie; unsafe methods need the CSRF
    token, as on any page)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return delegate_from_request(request)


delegate_auth = DelegateAuth()


class AssemblyOut(Schema):
    slug: str
    title: str
    theme: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    venue: str
    hybrid: bool
    status: str
    vote_mode: str


class ItemOut(Schema):
    id: int
    position: int
    kind: str
    title: str
    text: str
    status: str
    outcome: str
    additions: str


class AssemblyDetailOut(AssemblyOut):
    items: list[ItemOut]


class StrengthOut(Schema):
    vote_mode: str
    registered_delegates: int
    present_delegates: int
    present_participants: int
    active_proxies: int
    registered_votes: int
    present_votes: int
    quorum_votes: int
    quorate: bool


class ParticipantIn(Schema):
    display_name: str
    kind: str = "delegate"


class ParticipantOut(Schema):
    id: int
    display_name: str
    kind: str
    present: bool
    has_credential: bool


class CodeIn(Schema):
    code: str


class MeOut(Schema):
    participant: int
    display_name: str
    assembly: str
    present: bool
    current_item: ItemOut | None
    place_on_speakers_list: int | None


def _item(item: Any) -> dict[str, Any]:
    return {
        "id": item.pk,
        "position": item.position,
        "kind": item.kind,
        "title": item.local_title,
        "text": item.local_text,
        "status": item.status,
        "outcome": item.outcome,
        "additions": item.additions,
    }


def _rule(call: Any) -> Any:
    try:
        return call()
    except AssemblyRuleError as error:
        raise HttpError(400, str(error)) from error


@router.get("/", response=list[AssemblyOut], url_name="assemblies_list")
def assembly_list(request: HttpRequest) -> Any:
    return list(selectors.assemblies_public())


@router.get("/{slug}", response=AssemblyDetailOut, url_name="assemblies_detail")
def assembly_detail(request: HttpRequest, slug: str) -> Any:
    assembly = selectors.assembly_public_get(slug, request.user)
    data = AssemblyOut.from_orm(assembly).dict()
    data["items"] = [_item(item) for item in selectors.agenda(assembly)]
    return data


@router.get("/{slug}/strength", response=StrengthOut, auth=api_auth, url_name="assemblies_strength")
def strength(request: HttpRequest, slug: str) -> Any:
    value = selectors.assembly_strength(selectors.assembly_for_chair(request.user, slug))
    return {**value.__dict__, "quorate": value.quorate}


@router.get(
    "/{slug}/organizations/{org}/participants",
    response=list[ParticipantOut],
    auth=api_auth,
    url_name="assemblies_participants",
)
def participants(request: HttpRequest, slug: str, org: str) -> Any:
    if not has_any_role(request.user, (Role.SECRETARIAT, Role.COORDINATOR)):
        raise PermissionDenied
    assembly = selectors.assembly_public_get(slug, request.user)
    organization = selectors.organization_for_registrar(request.user, org)
    return [
        {
            "id": one.pk,
            "display_name": one.display_name,
            "kind": one.kind,
            "present": bool(getattr(one, "attendance", None) and one.attendance.present),
            "has_credential": bool(one.live),
        }
        for one in selectors.participants_of(assembly, organization)
    ]


@router.post(
    "/{slug}/organizations/{org}/participants",
    response={201: ParticipantOut},
    auth=api_auth,
    url_name="assemblies_register",
)
def register(request: HttpRequest, slug: str, org: str) -> Any:
    if not has_any_role(request.user, (Role.SECRETARIAT, Role.COORDINATOR)):
        raise PermissionDenied
    assembly = selectors.assembly_public_get(slug, request.user)
    organization = selectors.organization_for_registrar(request.user, org)
    payload = read_body(request, ParticipantIn)
    if payload.kind not in Participant.Kind.values:
        raise HttpError(400, "kind")
    participant = _rule(
        lambda: services.participant_register(
            assembly=assembly,
            organization=organization,
            kind=payload.kind,
            display_name=payload.display_name,
            acting_user=request.user,
        )
    )
    return 201, {
        "id": participant.pk,
        "display_name": participant.display_name,
        "kind": participant.kind,
        "present": False,
        "has_credential": False,
    }


@router.post("/{slug}/check-in", auth=api_auth, url_name="assemblies_check_in")
def check_in(request: HttpRequest, slug: str) -> Any:
    """The registration desk: a scanned or typed badge code marks the delegate present."""
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    payload = read_body(request, CodeIn)
    credential = selectors.credential_find(normalize_code(payload.code))
    if credential is None or credential.participant.assembly_id != assembly.pk:
        raise HttpError(404, "No valid badge has this code.")
    _rule(
        lambda: services.attendance_check_in(
            participant=credential.participant,
            method=Attendance.Method.DOOR,
            acting_user=request.user,
        )
    )
    return {"present_delegates": selectors.assembly_strength(assembly).present_delegates}


def _delegate(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


@router.get("/me/state", response=MeOut, auth=delegate_auth, url_name="assemblies_me")
def me(request: HttpRequest) -> Any:
    """The delegate's own view (credential session): attendance and the item under discussion."""
    delegate = _delegate(request)
    current = delegate.assembly.current_item
    attendance = Attendance.objects.filter(participant_id=delegate.pk).first()
    return {
        "participant": delegate.pk,
        "display_name": delegate.display_name,
        "assembly": delegate.assembly.slug,
        "present": bool(attendance and attendance.present),
        "current_item": _item(current) if current else None,
        "place_on_speakers_list": selectors.speakers_state(current).place_of(delegate)
        if current
        else None,
    }


@router.post("/me/floor", auth=delegate_auth, url_name="assemblies_floor")
def floor(request: HttpRequest) -> Any:
    delegate = _delegate(request)
    item = delegate.assembly.current_item
    if item is None:
        raise HttpError(400, "No item is under discussion.")
    _rule(lambda: services.speaker_request(item=item, participant=delegate))
    return {"place": selectors.speakers_state(item).place_of(delegate)}
