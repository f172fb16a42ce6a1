"""What everyone may read: campaigns, issued public calls, public reports and their totals,
feeds, and the combined report after the deadline. Organizations are named only through the
public projection (campaigns/public.py)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from alyansa.campaigns import selectors
from alyansa.campaigns.calendars import campaign_entries
from alyansa.campaigns.ledger import public_totals
from alyansa.campaigns.models import CallToAction
from alyansa.campaigns.reporting import combined_report_markdown
from alyansa.core.ical import calendar
from alyansa.core.ical import response as ical_response
from alyansa.core.markdown import render_markdown
from alyansa.core.pdf import markdown_pdf


@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    calls = selectors.calls_for(request.user).select_related("campaign")[:50]
    return render(
        request,
        "campaigns/index.html",
        {
            "campaigns": selectors.campaigns_for(request.user),
            "calls": calls,
            "staff": selectors.is_campaign_staff(request.user),
        },
    )


@require_http_methods(["GET"])
def campaign(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.campaign_get_for(request.user, slug)
    calls = selectors.calls_for(request.user).filter(campaign=found).order_by("starts_on")
    public_calls = CallToAction.objects.public().filter(campaign=found)
    return render(
        request,
        "campaigns/campaign.html",
        {
            "campaign": found,
            "calls": calls,
            "totals": public_totals(public_calls),
            "staff": selectors.is_campaign_staff(request.user),
        },
    )


@require_http_methods(["GET"])
def campaign_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    found = selectors.campaign_get_for(request.user, slug)
    if not found.is_public:
        raise Http404
    data = calendar(name=found.local_name, entries=campaign_entries(found))
    return ical_response(data, filename=f"{found.slug}.ics")


def _share_url(request: HttpRequest, call: CallToAction) -> str:
    return settings.SITE_URL + reverse("campaigns:call", kwargs={"call_id": call.pk})


@require_http_methods(["GET"])
def call(request: HttpRequest, call_id: int) -> HttpResponse:
    found = selectors.call_get_for(request.user, call_id)
    public = found.is_public and found.issued_at is not None
    own = (
        selectors.answers_for(request.user).filter(call=found)
        if request.user.is_authenticated
        else []
    )
    return render(
        request,
        "campaigns/call.html",
        {
            "call": found,
            "totals": public_totals([found]) if public else None,
            "staff": selectors.is_campaign_staff(request.user),
            "own_answers": own,
            "page_url": _share_url(request, found),
            "deadline_passed": found.report_by < timezone.localdate(),
        },
    )


def _combined(request: HttpRequest, call_id: int) -> tuple[CallToAction, str]:
    found = selectors.call_get_for(request.user, call_id)
    if not found.is_public or found.issued_at is None or found.report_by >= timezone.localdate():
        raise Http404  # public after the deadline only
    return found, combined_report_markdown(found)


@require_http_methods(["GET"])
def combined_report(request: HttpRequest, call_id: int) -> HttpResponse:
    found, text = _combined(request, call_id)
    return render(
        request, "campaigns/combined.html", {"call": found, "body": render_markdown(text)}
    )


@require_http_methods(["GET"])
def combined_report_pdf(request: HttpRequest, call_id: int) -> HttpResponse:
    found, text = _combined(request, call_id)
    data = markdown_pdf(text, title=found.local_title, language=get_language() or "en")
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="call-{found.pk}-report.pdf"'
    return response
