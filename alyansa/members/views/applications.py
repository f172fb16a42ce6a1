"""Applications to join: the public form, the applicant's confirmation and the secretariat's
review queue."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.members.forms import ApplicationForm, DecisionForm
from alyansa.members.models import Application
from alyansa.members.selectors import review_queue as review_queue_query
from alyansa.members.services import (
    MembershipRuleError,
    application_confirm,
    application_submit,
    membership_admit,
    membership_decline,
)
from alyansa.members.throttle import application_rate_limited


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and application_rate_limited():
        form.add_error(None, _("Too many applications from your network. Try again in an hour."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application_submit(
                profile=form.profile(),
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                category=data["category"],
                motivation=data["motivation"],
            )
        except MembershipRuleError as error:
            form.add_error(None, str(error))
        else:
            return redirect("members:apply_sent")
    return render(request, "members/apply.html", {"form": form})


@require_GET
def apply_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "members/apply_sent.html")


@require_http_methods(["GET", "POST"])
def apply_confirm(request: HttpRequest, secret: str) -> HttpResponse:
    """GET shows a button; POST confirms (mail scanners that open links confirm nothing)."""
    if request.method == "POST":
        application = application_confirm(secret=secret)
        if application is None:
            raise Http404
        return render(request, "members/apply_confirmed.html", {"application": application})
    return render(request, "members/apply_confirm.html")


@require_GET
@role_required(Role.SECRETARIAT)
def review_queue(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "members/review_queue.html",
        {
            "applications": review_queue_query(),
            "form": DecisionForm(),
        },
    )


@require_POST
@role_required(Role.SECRETARIAT)
def application_decide(request: SignedInRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("organization"), pk=application_id
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision, say who decided it and when."))
        return redirect("members:review_queue")
    data = form.cleaned_data
    step = membership_admit if data["decision"] == "admit" else membership_decline
    try:
        step(
            organization=application.organization,
            decided_by=data["decided_by"],
            date=data["date"],
            note=data["note"],
            acting_user=request.user,
        )
    except MembershipRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The decision was recorded."))
    return redirect("members:review_queue")
