"""The coordinator's answer to a call, in one phone screen and without JavaScript: pledge,
decline, or report what happened (with photos). Reached signed in, or through the personal
report link of the call's e-mail."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from alyansa.campaigns import links, selectors
from alyansa.campaigns.calendars import organization_entries
from alyansa.campaigns.errors import CampaignRuleError
from alyansa.campaigns.forms import (
    DeclineForm,
    PledgeForm,
    ReportForm,
    links_as_text,
)
from alyansa.campaigns.models import Answer, AnswerState, CallToAction, Report
from alyansa.campaigns.services import (
    answer_decline,
    answer_pledge,
    new_submission_key,
    report_submit,
)
from alyansa.core.ical import calendar
from alyansa.core.ical import response as ical_response
from alyansa.members import public
from alyansa.members.models import Country, Organization


@require_http_methods(["GET"])
def report_link(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the call's e-mail: remembered in the session, then left for an address
    without the token (so that it is logged once, and never sent on as a Referer)."""
    answer = links.answer_from_token(token)
    if answer is None:
        response = redirect("campaigns:link_expired")
    else:
        links.remember_in_session(request, answer)
        response = redirect("campaigns:answer", answer_id=answer.pk)
    # The next request goes without a Referer (the token), whatever the next page's policy.
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET"])
def link_expired(request: HttpRequest) -> HttpResponse:
    """Where a forged, revoked or expired link leads (all alike): not found, with a word on
    what to do."""
    return render(request, "campaigns/link_expired.html", status=404)


def _answer_of(request: HttpRequest, answer_id: int) -> tuple[Answer, bool]:
    """(answer, via_link): the answer if the visitor may see it, through an account or the
    report link held in the session; 404 otherwise."""
    try:
        return selectors.answer_get_for(request.user, answer_id), False
    except Http404:
        answer = selectors.answer_get_for(request.user, answer_id, by_link=True)
        if not links.held_in_session(request, answer):
            raise
        return answer, True


def _countries(answer: Answer) -> Any:
    """The countries of the members (not every country on earth: the page stays small)."""
    members = Organization.objects.values("country_id")
    return Country.objects.filter(
        Q(pk__in=members) | Q(pk=answer.organization.country_id)
    ).order_by("code")


def _report_form(answer: Answer, data: Any = None, files: Any = None) -> ReportForm:
    report = Report.objects.filter(answer=answer).first()
    if report is not None:
        initial = {
            "summary": report.summary,
            "held_on": report.held_on,
            "held_until": report.held_until,
            "city": report.city,
            "country": report.country_id,
            "participants_low": report.participants_low,
            "participants_high": report.participants_high,
            "partners": report.partners,
            "links": links_as_text(report.links),
            "is_public": report.is_public,
            "photos_public": report.photos_public,
        }
    else:
        initial = {
            "held_on": answer.planned_on or answer.call.starts_on,
            "city": answer.planned_city or answer.organization.city,
            "country": answer.organization.country_id,
        }
    initial["key"] = new_submission_key()
    form = ReportForm(data, files, initial=initial)
    form.fields["country"].queryset = _countries(answer)  # type: ignore[attr-defined]
    return form


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, answer_id: int) -> HttpResponse:
    found, via_link = _answer_of(request, answer_id)
    # Officers read the ledger; they answer for no organization.
    if (
        request.method == "POST"
        and not via_link
        and not selectors.may_answer_for(request.user, found)
    ):
        raise PermissionDenied
    action = request.POST.get("action", "") if request.method == "POST" else ""
    pledge = PledgeForm(
        request.POST if action == "pledge" else None,
        initial={
            "planned_on": found.planned_on or found.call.starts_on,
            "city": found.planned_city,
        },
        prefix="pledge",
    )
    decline = DeclineForm(
        request.POST if action == "decline" else None,
        initial={"reason": found.decline_reason, "note": found.decline_note},
        prefix="decline",
    )
    report = _report_form(
        found,
        request.POST if action == "report" else None,
        request.FILES if action == "report" else None,
    )
    done = ""
    try:
        if action == "pledge" and pledge.is_valid():
            answer_pledge(
                answer=found,
                acting_user=request.user,
                via_link=via_link,
                planned_on=pledge.cleaned_data["planned_on"],
                city=pledge.cleaned_data["city"],
            )
            done = _("Thank you: your pledge is recorded.")
        elif action == "decline" and decline.is_valid():
            answer_decline(
                answer=found,
                acting_user=request.user,
                via_link=via_link,
                reason=decline.cleaned_data["reason"],
                note=decline.cleaned_data["note"],
            )
            done = _("Thank you for telling us.")
        elif action == "report" and report.is_valid():
            data = report.cleaned_data
            report_submit(
                answer=found,
                acting_user=request.user,
                via_link=via_link,
                key=data["key"],
                summary=data["summary"],
                held_on=data["held_on"],
                held_until=data["held_until"],
                city=data["city"],
                country=data["country"],
                participants_low=data["participants_low"],
                participants_high=data["participants_high"],
                partners=data["partners"],
                links=data["links"],
                is_public=data["is_public"],
                photos_public=data["photos_public"],
                photos=[upload.read() for upload in data["photos"]],
            )
            done = _("Thank you: your report is saved.")
    except CampaignRuleError as error:
        form = {"pledge": pledge, "decline": decline}.get(action, report)
        form.add_error(None, str(error))
    if done:
        messages.success(request, done)
        return redirect("campaigns:answer", answer_id=found.pk)
    saved = Report.objects.filter(answer=found).prefetch_related("photos").first()
    response = render(
        request,
        "campaigns/answer.html",
        {
            "answer": found,
            "call": found.call,
            "pledge": pledge,
            "decline": decline,
            "report": report,
            "saved": saved,
            "action": action,
            "states": AnswerState,
            "open": found.call.status == CallToAction.Status.ISSUED,
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET"])
def photo(request: HttpRequest, key: str) -> FileResponse:
    held = [pair[0] for pair in request.session.get(links.SESSION_KEY, [])]
    found = selectors.photo_get_for(request.user, key, session_answers=held)
    try:
        picture = found.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(picture, content_type="image/jpeg")
    public = found.report.is_public and found.report.photos_public
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-store"
    return response


@require_http_methods(["GET"])
def organization_calls(request: HttpRequest, organization_id: int) -> HttpResponse:
    """An organization's open calls and deadlines, with its private calendar."""
    organization = Organization.objects.filter(pk=organization_id).first()
    if organization is None:
        raise Http404
    answers = selectors.organization_calls_for(request.user, organization)
    return render(
        request,
        "campaigns/organization.html",
        {
            "organization": organization,
            "answers": answers,
            # Its private feed names it: only for those who may see it named.
            "calendar_token": links.organization_calendar_token(organization)
            if public.may_name(organization, request.user)
            else "",
        },
    )


@require_http_methods(["GET"])
def organization_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed of an organization's calls (its address holds a secret)."""
    organization = links.organization_from_calendar_token(token)
    if organization is None:
        raise Http404
    data = calendar(
        name=_("Calls to action: %(organization)s") % {"organization": organization.name},
        entries=organization_entries(organization),
    )
    return ical_response(data, filename="calls.ics", private=True)
