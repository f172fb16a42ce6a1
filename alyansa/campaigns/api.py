"""The campaigns' JSON API: campaigns, calls and public reports for everyone (organizations
named only through the public projection), and answers for the secretariat and officers (all)
and coordinators (their own organization's only), who also answer through it."""
# No "from __future__ import annotations": django-ninja reads the parameter annotations.

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from alyansa.accounts.api import OPTIONAL_AUTH_DOC, api_auth, optional_auth
from alyansa.accounts.requests import ApiRequest
from alyansa.campaigns import selectors
from alyansa.campaigns.errors import CampaignRuleError
from alyansa.campaigns.ledger import PublicReport, public_totals
from alyansa.campaigns.models import Answer, CallToAction, DeclineReason
from alyansa.campaigns.services import (
    answer_decline,
    answer_pledge,
    new_submission_key,
    report_submit,
)
from alyansa.campaigns.services.answers import MAX_PARTICIPANTS, MAX_SUMMARY
from alyansa.core.api_input import body_doc, read_body
from alyansa.core.bounds import Count, Day, PathId
from alyansa.members import public
from alyansa.members.models import Country

router = Router(tags=["campaigns"])


def _user(request: HttpRequest) -> Any:
    auth = getattr(request, "auth", None)
    return auth if auth is not True and auth is not None else request.user


class CampaignOut(Schema):
    slug: str
    name: str
    names: dict[str, str]
    goals: dict[str, str]
    starts_on: datetime.date
    ends_on: datetime.date | None
    is_public: bool


class TotalsOut(Schema):
    actions: int
    cities: int
    countries: int
    participants: int


class CallOut(Schema):
    id: int
    campaign: str | None
    title: str
    titles: dict[str, str]
    text: dict[str, str]
    kind: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    report_by: datetime.date
    status: str
    is_public: bool


class ActionReportOut(Schema):
    organization: str
    city: str
    country: str
    held_on: datetime.date
    participants: str
    summary: str
    links: list[dict[str, str]]


class AnswerOut(Schema):
    id: int
    call: int
    organization: int
    organization_name: str
    state: str
    time_zone: str
    planned_on: datetime.date | None
    planned_city: str
    decline_reason: str
    answered_at: datetime.datetime | None
    changed_at: datetime.datetime | None


class CallAnswerIn(Schema):
    """pledged: planned_on and city; declined: reason (and note); reported: what happened."""

    state: Literal["pledged", "declined", "reported"]
    planned_on: Day | None = None
    city: str = Field("", max_length=100)
    reason: DeclineReason | None = None
    note: str = Field("", max_length=2000)
    # A report: a key of the client's own (16 to 64 hex digits) makes a retry harmless.
    key: str = Field("", pattern=r"^([0-9a-f]{16,64})?$")
    summary: str = Field("", max_length=MAX_SUMMARY)
    held_on: Day | None = None
    held_until: Day | None = None
    country: str = Field("", pattern=r"^([A-Z]{2})?$")
    participants_low: Count | None = Field(None, le=MAX_PARTICIPANTS)
    participants_high: Count | None = Field(None, le=MAX_PARTICIPANTS)
    partners: str = Field("", max_length=300)
    links: list[str] = Field(default_factory=list, max_length=20)
    is_public: bool = False


class CallsQuery(Schema):
    campaign: str = Field("", max_length=80, description="A campaign's address")


class AnswersQuery(Schema):
    call: PathId | None = None


def _call(call: CallToAction) -> dict[str, Any]:
    return {
        "id": call.pk,
        "campaign": call.campaign.slug if call.campaign else None,
        "title": call.title,
        "titles": call.titles,
        "text": call.text,
        "kind": call.kind,
        "starts_on": call.starts_on,
        "ends_on": call.ends_on,
        "report_by": call.report_by,
        "status": call.status,
        "is_public": call.is_public,
    }


def _answer(answer: Answer, user: Any) -> dict[str, Any]:
    return {
        "id": answer.pk,
        "call": answer.call_id,
        "organization": answer.organization_id,
        # Officers read every answer: one at risk is the stand-in to them.
        "organization_name": public.organization(answer.organization, user).name,
        "state": answer.state,
        "time_zone": answer.time_zone,
        "planned_on": answer.planned_on,
        "planned_city": answer.planned_city,
        "decline_reason": answer.decline_reason,
        "answered_at": answer.answered_at,
        "changed_at": answer.changed_at,
    }


def _report(report: PublicReport) -> dict[str, Any]:
    return {
        "organization": report.name,
        "city": report.city,
        "country": report.country,
        "held_on": report.held_on,
        "participants": report.participants,
        "summary": report.summary,
        "links": report.links,
    }


@router.get(
    "/",
    response=list[CampaignOut],
    auth=optional_auth,
    openapi_extra=OPTIONAL_AUTH_DOC,
    url_name="campaigns_list",
    summary="Campaigns (public ones; every one for the secretariat and officers)",
)
@paginate
def campaigns_list(request: HttpRequest) -> Any:
    campaigns: Any = selectors.campaigns_for(_user(request)).order_by("-starts_on", "pk")
    return campaigns


@router.get(
    "/calls",
    response=list[CallOut],
    auth=optional_auth,
    openapi_extra=OPTIONAL_AUTH_DOC,
    url_name="campaigns_calls",
    summary="Calls to action: issued public ones, those a coordinator's organization got, "
    "every one for the secretariat and officers",
)
@paginate
def calls_list(request: HttpRequest, filters: Query[CallsQuery]) -> Any:
    calls = selectors.calls_for(_user(request)).select_related("campaign")
    if filters.campaign:
        calls = calls.filter(campaign__slug=filters.campaign)
    return [_call(call) for call in calls.order_by("-starts_on", "-pk")]


@router.get(
    "/calls/{call_id}",
    response=CallOut,
    auth=optional_auth,
    openapi_extra=OPTIONAL_AUTH_DOC,
    url_name="campaigns_call",
    summary="One call to action",
)
def call_detail(request: HttpRequest, call_id: PathId) -> Any:
    return _call(selectors.call_get_for(_user(request), call_id))


class PublicReportsOut(Schema):
    totals: TotalsOut
    reports: list[ActionReportOut]


@router.get(
    "/calls/{call_id}/reports",
    response=PublicReportsOut,
    auth=optional_auth,
    openapi_extra=OPTIONAL_AUTH_DOC,
    url_name="campaigns_call_reports",
    summary="A call's public reports and their totals (organizations at risk are counted, "
    "never named)",
)
def call_reports(request: HttpRequest, call_id: PathId) -> Any:
    call = selectors.call_get_for(_user(request), call_id)
    public = CallToAction.objects.public().filter(pk=call.pk)
    totals = public_totals(public)
    return {
        "totals": {
            "actions": totals.actions,
            "cities": totals.cities,
            "countries": totals.countries,
            "participants": totals.participants,
        },
        "reports": [_report(r) for reports in totals.by_country.values() for r in reports],
    }


@router.get(
    "/answers",
    response=list[AnswerOut],
    auth=api_auth,
    url_name="campaigns_answers",
    summary="Answers to calls: every one for the secretariat and officers, a coordinator's "
    "own organization's otherwise",
)
@paginate
def answers_list(request: ApiRequest, filters: Query[AnswersQuery]) -> Any:
    answers = selectors.answers_for(request.auth).filter(call__issued_at__isnull=False)
    if filters.call is not None:
        answers = answers.filter(call_id=filters.call)
    # Those at risk last: the stand-in's place among the names would hint at its name.
    answers = answers.order_by("call_id", "organization__at_risk", "organization__name")
    return [_answer(answer, request.auth) for answer in answers]


def _country(code: str, answer: Answer) -> Country:
    if not code:
        return answer.organization.country
    country = Country.objects.filter(code=code).first()
    if country is None:
        raise CampaignRuleError(_("%(code)s is not a country of the registry.") % {"code": code})
    return country


@router.post(
    "/answers/{answer_id}",
    response=AnswerOut,
    auth=api_auth,
    url_name="campaigns_answer",
    openapi_extra=body_doc(CallAnswerIn),
    summary="Answer a call for an organization: pledge, decline, or report (its coordinators, "
    "or the secretariat on its behalf)",
)
def answer_update(request: ApiRequest, answer_id: PathId) -> Any:
    user = request.auth
    answer = selectors.answer_get_for(user, answer_id)
    if not selectors.may_answer_for(user, answer):
        raise PermissionDenied
    payload = read_body(request, CallAnswerIn, list_fields={"links"})
    if payload.state == "pledged":
        answer = answer_pledge(
            answer=answer, acting_user=user, planned_on=payload.planned_on, city=payload.city
        )
    elif payload.state == "declined":
        answer = answer_decline(
            answer=answer, acting_user=user, reason=payload.reason or "", note=payload.note
        )
    else:
        if payload.held_on is None:
            raise CampaignRuleError(_("Say when it happened."))
        report_submit(
            answer=answer,
            acting_user=user,
            key=payload.key or new_submission_key(),
            summary=payload.summary,
            held_on=payload.held_on,
            held_until=payload.held_until,
            city=payload.city,
            country=_country(payload.country, answer),
            participants_low=payload.participants_low,
            participants_high=payload.participants_high,
            partners=payload.partners,
            links=payload.links,
            is_public=payload.is_public,
        )
        answer = selectors.answer_get_for(user, answer_id)
    return _answer(answer, user)
