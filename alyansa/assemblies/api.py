"""The assemblies API: public reads, registration (coordinators for their own organization),
check-in, written proxies and the rules for decisions (the secretariat), the chair's numbers,
and the delegate's own endpoints (credential session)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError, ValidationError

from alyansa.accounts.api import api_auth
from alyansa.accounts.permissions import has_any_role
from alyansa.accounts.requests import ApiRequest
from alyansa.accounts.roles import Role
from alyansa.assemblies import selectors, services
from alyansa.assemblies.models import (
    THRESHOLD_FIELD_BY_KIND,
    AgendaItem,
    Assembly,
    Attendance,
    Participant,
    Proxy,
    QuorumBasisChoice,
    ThresholdChoice,
)
from alyansa.assemblies.permissions import DelegateApiRequest, delegate_auth
from alyansa.assemblies.services import AssemblyRuleError, normalize_code
from alyansa.core.api_input import body_doc, read_body
from alyansa.core.bounds import MAX_COUNT, PathId

router = Router(tags=["assemblies"])


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
    restricted_delegates: int


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


class DelegateStateOut(Schema):
    participant: int
    display_name: str
    assembly: str
    present: bool
    current_item: ItemOut | None
    place_on_speakers_list: int | None


def _item(item: AgendaItem) -> dict[str, Any]:
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
def strength(request: ApiRequest, slug: str) -> Any:
    value = selectors.assembly_strength(selectors.assembly_for_chair(request.user, slug))
    return {**value.__dict__, "quorate": value.quorate}


@router.get(
    "/{slug}/organizations/{org}/participants",
    response=list[ParticipantOut],
    auth=api_auth,
    url_name="assemblies_participants",
)
def participants(request: ApiRequest, slug: str, org: str) -> Any:
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
            # `live`: the usable credentials that participants_of prefetched.
            "has_credential": bool(getattr(one, "live", None)),
        }
        for one in selectors.participants_of(assembly, organization)
    ]


@router.post(
    "/{slug}/organizations/{org}/participants",
    response={201: ParticipantOut},
    auth=api_auth,
    url_name="assemblies_register",
)
def register(request: ApiRequest, slug: str, org: str) -> Any:
    if not has_any_role(request.user, (Role.SECRETARIAT, Role.COORDINATOR)):
        raise PermissionDenied
    assembly = selectors.assembly_public_get(slug, request.user)
    organization = selectors.organization_for_registrar(request.user, org)
    payload = read_body(request, ParticipantIn)
    if payload.kind not in Participant.Kind.values:
        raise ValidationError(
            [
                {
                    "loc": ["kind"],
                    "msg": _("Choose one of: %(kinds)s.")
                    % {"kinds": ", ".join(Participant.Kind.values)},
                }
            ]
        )
    participant = services.participant_register(
        assembly=assembly,
        organization=organization,
        kind=payload.kind,
        display_name=payload.display_name,
        acting_user=request.user,
    )
    return Status(
        201,
        {
            "id": participant.pk,
            "display_name": participant.display_name,
            "kind": participant.kind,
            "present": False,
            "has_credential": False,
        },
    )


@router.post("/{slug}/check-in", auth=api_auth, url_name="assemblies_check_in")
def check_in(request: ApiRequest, slug: str) -> Any:
    """The registration desk: a scanned or typed badge code marks the delegate present."""
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    payload = read_body(request, CodeIn)
    credential = selectors.credential_find(normalize_code(payload.code))
    if credential is None or credential.participant.assembly_id != assembly.pk:
        raise HttpError(404, _("No valid badge has this code."))
    services.attendance_check_in(
        participant=credential.participant,
        method=Attendance.Method.DOOR,
        acting_user=request.user,
    )
    return {"present_delegates": selectors.assembly_strength(assembly).present_delegates}


# ---------------------------------------------------------------------------------------------
# Written proxies and the rules for decisions: the secretariat (the proxies page, and the rules
# on the assembly's set-up page; the chair reads the rules on the console).

RULE_FIELDS = ("quorum_percent", "quorum_basis", *THRESHOLD_FIELD_BY_KIND.values())


class DelegateRef(Schema):
    id: int
    display_name: str
    organization: str | None


class ProxyOut(Schema):
    id: int
    giver: DelegateRef
    holder: DelegateRef
    granted_at: datetime.datetime
    in_force: bool
    # Who typed in a written proxy handed in at the desk; null: the giver granted it from
    # their phone.
    recorded_by: str | None
    revoked_at: datetime.datetime | None
    revoked_by: str | None


class ProxyIn(Schema):
    giver: PathId = Field(description="The delegate (participant id) who gives their vote.")
    holder: PathId = Field(description="The present delegate (participant id) who holds it.")


class RulesOut(Schema):
    quorum_percent: int
    quorum_basis: str
    threshold_procedural: str
    threshold_admission: str
    threshold_report: str
    threshold_motion: str
    threshold_constitutional: str


def _choice(choices: Any) -> Any:
    # The service refuses other values, saying why in the user's language (422, code "rule").
    return Field(None, description=f"One of: {', '.join(choices.values)}.")


class RulesIn(Schema):
    """Only the rules sent change; the others stay as they are."""

    quorum_percent: int | None = Field(
        None,
        ge=0,
        le=MAX_COUNT,
        description="Percent of the registered voting strength (at most 100).",
    )
    quorum_basis: str | None = _choice(QuorumBasisChoice)
    threshold_procedural: str | None = _choice(ThresholdChoice)
    threshold_admission: str | None = _choice(ThresholdChoice)
    threshold_report: str | None = _choice(ThresholdChoice)
    threshold_motion: str | None = _choice(ThresholdChoice)
    threshold_constitutional: str | None = _choice(ThresholdChoice)


def _delegate_ref(participant: Participant) -> dict[str, Any]:
    organization = participant.organization
    return {
        "id": participant.pk,
        "display_name": participant.display_name,
        "organization": organization.slug if organization else None,
    }


def _proxy(proxy: Proxy) -> dict[str, Any]:
    return {
        "id": proxy.pk,
        "giver": _delegate_ref(proxy.giver),
        "holder": _delegate_ref(proxy.holder),
        "granted_at": proxy.granted_at,
        "in_force": proxy.revoked_at is None,
        "recorded_by": proxy.recorded_by.display_name if proxy.recorded_by else None,
        "revoked_at": proxy.revoked_at,
        "revoked_by": proxy.revoked_by.display_name if proxy.revoked_by else None,
    }


def _rules(assembly: Assembly) -> dict[str, Any]:
    return {name: getattr(assembly, name) for name in RULE_FIELDS}


@router.get(
    "/{slug}/proxies",
    response=list[ProxyOut],
    auth=api_auth,
    url_name="assemblies_proxies",
    summary="Every proxy of the assembly, ended ones too, newest first (secretariat)",
)
def proxies(request: ApiRequest, slug: str) -> Any:
    assembly = selectors.assembly_for_secretariat(request.auth, slug)
    return [_proxy(proxy) for proxy in selectors.proxies_all(assembly)]


@router.post(
    "/{slug}/proxies",
    response={201: ProxyOut},
    auth=api_auth,
    url_name="assemblies_proxy_record",
    openapi_extra=body_doc(ProxyIn),
    summary="Record a written proxy handed in at the desk (secretariat)",
)
def proxy_record(request: ApiRequest, slug: str) -> Any:
    """The rules are those of a proxy given from the phone (proxy_grant): the holder is present,
    of the same organization (or region, if the assembly allows it), under the cap; a refusal
    is a 422 with code "rule". A new proxy replaces the giver's earlier one."""
    user = request.auth
    assembly = selectors.assembly_for_secretariat(user, slug)
    payload = read_body(request, ProxyIn)
    delegates = selectors.delegates_for_proxies(assembly)
    found = {one.pk: one for one in delegates.filter(pk__in=[payload.giver, payload.holder])}
    missing = [name for name in ("giver", "holder") if getattr(payload, name) not in found]
    if missing:
        message = _("Select a valid choice. That choice is not one of the available choices.")
        raise ValidationError([{"loc": [name], "msg": message} for name in missing])
    proxy = services.proxy_grant(
        giver=found[payload.giver], holder=found[payload.holder], acting_user=user
    )
    return Status(201, _proxy(proxy))


@router.post(
    "/{slug}/proxies/{proxy_id}/end",
    response=ProxyOut,
    auth=api_auth,
    url_name="assemblies_proxy_end",
    summary="End a proxy: the giver has their vote back (secretariat)",
)
def proxy_end(request: ApiRequest, slug: str, proxy_id: PathId) -> Any:
    """Ending a proxy that has already ended changes nothing (a retry is safe)."""
    user = request.auth
    proxy = selectors.proxy_get(selectors.assembly_for_secretariat(user, slug), proxy_id)
    return _proxy(services.proxy_revoke(proxy=proxy, acting_user=user))


@router.get(
    "/{slug}/rules",
    response=RulesOut,
    auth=api_auth,
    url_name="assemblies_rules",
    summary="The rules for decisions: the quorum and the majority per kind of item (the chair)",
)
def rules(request: ApiRequest, slug: str) -> Any:
    return _rules(selectors.assembly_for_chair(request.auth, slug))


@router.patch(
    "/{slug}/rules",
    response=RulesOut,
    auth=api_auth,
    url_name="assemblies_rules_update",
    openapi_extra=body_doc(RulesIn),
    summary="Change the rules for decisions (secretariat)",
)
def rules_update(request: ApiRequest, slug: str) -> Any:
    """The rules may change at any time (an assembly adopts its rules of procedure in session);
    polls already prepared keep the rules they were prepared with (assembly_update)."""
    user = request.auth
    assembly = selectors.assembly_for_secretariat(user, slug)
    payload = read_body(request, RulesIn)
    changes = {
        name: value
        for name, value in payload.model_dump(exclude_unset=True).items()
        if value is not None
    }
    return _rules(services.assembly_update(assembly=assembly, changes=changes, acting_user=user))


@router.get("/me/state", response=DelegateStateOut, auth=delegate_auth, url_name="assemblies_me")
def me(request: DelegateApiRequest) -> Any:
    """The delegate's own view (credential session): attendance and the item under discussion."""
    delegate = request.auth
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
def floor(request: DelegateApiRequest) -> Any:
    delegate = request.auth
    item = delegate.assembly.current_item
    if item is None:
        raise AssemblyRuleError(_("No item is under discussion."))
    services.speaker_request(item=item, participant=delegate)
    return {"place": selectors.speakers_state(item).place_of(delegate)}
