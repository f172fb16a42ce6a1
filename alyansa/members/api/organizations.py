"""An organization's private routes, for its coordinators and the secretariat, and the
secretariat's review of applications and membership steps."""

# No "from __future__ import annotations": django-ninja reads the parameter annotations.

from typing import Any

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja.errors import HttpError

from alyansa.accounts.api import api_auth
from alyansa.accounts.permissions import require_role
from alyansa.accounts.requests import ApiRequest
from alyansa.accounts.roles import Role
from alyansa.core.api_input import body_doc, read_body
from alyansa.core.bounds import PathId
from alyansa.members import selectors, services
from alyansa.members.api.common import (
    LIST_FIELDS,
    application_out,
    organization_private_out,
    profile_changes,
    router,
)
from alyansa.members.api.schemas import (
    ApplicationOut,
    DecisionIn,
    ErasedOut,
    MembershipEventOut,
    OrganizationPrivate,
    ProfileIn,
    StepIn,
)
from alyansa.members.models import Application, MembershipStatus, Organization


@router.get(
    "/organizations/{slug}/private",
    response=OrganizationPrivate,
    auth=api_auth,
    url_name="members_organization_private",
    summary="Every field, the membership history and the people (own organization)",
)
def organization_private(request: ApiRequest, slug: str) -> Any:
    user = request.auth
    return organization_private_out(user, selectors.organization_get_for(user, slug))


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
    services.organization_update(organization=org, changes=profile_changes(data), acting_user=user)
    return organization_private_out(user, selectors.organization_get_for(user, slug))


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
    return [application_out(a) for a in selectors.review_queue()]


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
