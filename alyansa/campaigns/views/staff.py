"""The secretariat's and officers' work: campaigns and calls (drafted by the secretariat,
issued by an officer), the response board of a call, its CSV, and the dashboard."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alyansa.accounts.models import User
from alyansa.accounts.permissions import has_role, require_role
from alyansa.accounts.roles import Role
from alyansa.campaigns import ledger, selectors, services
from alyansa.campaigns.errors import CampaignRuleError
from alyansa.campaigns.forms import CallForm, CampaignForm, CancelForm, links_as_text
from alyansa.campaigns.models import AnswerState, CallToAction
from alyansa.core.csv import csv_writer
from alyansa.members import public
from alyansa.members.models import Organization


def _require_staff(request: HttpRequest) -> User:
    """The signed-in account, if it follows calls to action (an anonymous visitor is not)."""
    if not selectors.is_campaign_staff(request.user):
        raise PermissionDenied
    return cast(User, request.user)


def _require_secretariat(request: HttpRequest) -> User:
    """The signed-in account, if it belongs to the secretariat (an anonymous visitor does not)."""
    if not has_role(request.user, Role.SECRETARIAT):
        raise PermissionDenied
    return cast(User, request.user)


@require_http_methods(["GET"])
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every call with its answers counted, and each organization's record on its last calls."""
    _require_staff(request)
    calls = CallToAction.objects.select_related("campaign").order_by("-starts_on", "-pk")[:100]
    rows = ledger.dashboard(calls)
    organizations = list(
        Organization.objects.current_members()
        .select_related("region")
        .only("pk", "name", "acronym", "at_risk", "region__name", "region__names")
        .order_by("at_risk", "name")  # the stand-in's place among the names would hint at it
    )
    records = ledger.records([org.pk for org in organizations])
    return render(
        request,
        "campaigns/dashboard.html",
        {
            "rows": rows,
            "records": [(org, records.get(org.pk)) for org in organizations],
        },
    )


@require_http_methods(["GET"])
def board(request: HttpRequest, call_id: int) -> HttpResponse:
    """Who acted, pledged, declined, stayed silent: by organization, region, chapter, country."""
    call = selectors.call_get_for_staff(request.user, call_id)
    state = request.GET.get("state", "")
    state = state if state in AnswerState.values else ""
    found = ledger.call_ledger(call, state=state)
    records = ledger.records([answer.organization_id for answer in found.answers])
    return render(
        request,
        "campaigns/board.html",
        {
            "call": call,
            "ledger": found,
            "state": state,
            "chart": found.chart(),
            "growth": ledger.growth_chart(call),
            "rows": [(answer, records.get(answer.organization_id)) for answer in found.answers],
            "may_remind": has_role(request.user, Role.SECRETARIAT),
        },
    )


@require_http_methods(["GET"])
def board_csv(request: HttpRequest, call_id: int) -> HttpResponse:
    call = selectors.call_get_for_staff(request.user, call_id)
    found = ledger.call_ledger(call)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="call-{call.pk}-answers.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv_writer(response)
    writer.writerow(
        [
            _("Organization"),
            _("Region"),
            _("Country"),
            _("State"),
            _("Planned date"),
            _("City"),
            _("Reason"),
            _("Reported city"),
            _("People taking part"),
            _("Last change"),
        ]
    )
    for answer in found.answers:
        org = answer.organization
        report = getattr(answer, "report", None)
        writer.writerow(
            [
                str(org) if public.may_name(org, request.user) else public.stand_in().name,
                org.region.display_name,
                org.country.display_name,
                answer.get_state_display(),
                answer.planned_on.isoformat() if answer.planned_on else "",
                answer.planned_city,
                answer.get_decline_reason_display() if answer.decline_reason else "",
                report.city if report else "",
                report.participants_label if report else "",
                answer.changed_at.isoformat() if answer.changed_at else "",
            ]
        )
    return response


@require_POST
def reminders_run(request: HttpRequest) -> HttpResponse:
    """Send the reminders that are due now (the worker does it every hour anyway)."""
    _require_secretariat(request)
    sent = services.reminders_send()
    messages.success(request, _("%(count)d reminders sent.") % {"count": sent})
    return redirect("campaigns:dashboard")


def _call_initial(call: CallToAction) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "campaign": call.campaign_id,
        "title": call.title,
        "kind": call.kind,
        "starts_on": call.starts_on,
        "ends_on": call.ends_on,
        "report_by": call.report_by,
        "audience": call.audience,
        "regions": list(call.regions.all()),
        "chapters": list(call.chapters.all()),
        "countries": list(call.countries.all()),
        "organizations": list(call.organizations.all()),
        "statements": list(call.statements.all()),
        "links": links_as_text(call.links),
        "reminder_offsets": ", ".join(str(o) for o in call.offsets),
        "is_public": call.is_public,
    }
    initial.update({f"title_{code}": text for code, text in call.titles.items()})
    initial.update({f"text_{code}": text for code, text in call.text.items()})
    return initial


@require_http_methods(["GET", "POST"])
def call_edit(request: HttpRequest, call_id: int | None = None) -> HttpResponse:
    user = _require_secretariat(request)
    call = selectors.call_get_for_staff(user, call_id) if call_id else None
    form = CallForm(request.POST or None, initial=_call_initial(call) if call else None)
    if request.method == "POST" and form.is_valid():
        try:
            if call is None:
                call = services.call_create(acting_user=user, **form.service_arguments())
            else:
                call = services.call_update(call=call, acting_user=user, **form.service_arguments())
        except CampaignRuleError as error:
            form.add_error(None, str(error))
        else:
            return redirect("campaigns:call", call_id=call.pk)
    return render(request, "campaigns/call_form.html", {"form": form, "call": call})


# Each step of the workflow: its service, and the roles that may take it.
STEPS: dict[str, tuple[Callable[..., CallToAction], tuple[Role, ...]]] = {
    "submit": (services.call_submit, (Role.SECRETARIAT,)),
    "return": (services.call_return_to_draft, (Role.OFFICER,)),
    "issue": (services.call_issue, (Role.OFFICER,)),
    "close": (services.call_close, (Role.SECRETARIAT, Role.OFFICER)),
}
CANCEL_ROLES = (Role.SECRETARIAT, Role.OFFICER)


@require_POST
def call_step(request: HttpRequest, call_id: int, step: str) -> HttpResponse:
    """Move a call through its workflow; the step's roles are checked before its service."""
    user = _require_staff(request)
    call = selectors.call_get_for_staff(user, call_id)
    try:
        if step == "cancel":
            form = CancelForm(request.POST)
            if not form.is_valid():
                raise CampaignRuleError(_("Say why the call is cancelled."))
            require_role(user, *CANCEL_ROLES)
            services.call_cancel(call=call, acting_user=user, note=form.cleaned_data["note"])
        elif step in STEPS:
            service, roles = STEPS[step]
            require_role(user, *roles)
            service(call=call, acting_user=user)
        else:
            raise Http404
    except CampaignRuleError as error:
        messages.error(request, str(error))
    return redirect("campaigns:call", call_id=call.pk)


@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, slug: str = "") -> HttpResponse:
    user = _require_secretariat(request)
    campaign = selectors.campaign_get_for(user, slug) if slug else None
    initial = None
    if campaign is not None:
        initial = {
            "slug": campaign.slug,
            "name": campaign.name,
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "lead_body": campaign.lead_body_id,
            "lead_chapter": campaign.lead_chapter_id,
            "topics": list(campaign.topics.all()),
            "statements": list(campaign.statements.all()),
            "links": links_as_text(campaign.links),
            "is_public": campaign.is_public,
            **{f"name_{code}": text for code, text in campaign.names.items()},
            **{f"goals_{code}": text for code, text in campaign.goals.items()},
        }
    form = CampaignForm(request.POST or None, initial=initial)
    if campaign is not None:
        form.fields["slug"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            if campaign is None:
                campaign = services.campaign_create(
                    acting_user=user,
                    slug=form.cleaned_data["slug"],
                    **form.service_arguments(),
                )
            else:
                campaign = services.campaign_update(
                    campaign=campaign, acting_user=user, **form.service_arguments()
                )
        except CampaignRuleError as error:
            form.add_error(None, str(error))
        else:
            return redirect("campaigns:campaign", slug=campaign.slug)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})
