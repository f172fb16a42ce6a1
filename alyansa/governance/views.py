"""Public pages of governing bodies and the constitution."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alyansa.accounts.permissions import role_required
from alyansa.accounts.roles import Role
from alyansa.governance import selectors, services
from alyansa.governance.forms import AmendmentForm, MandateEndForm, MandateForm, TermForm


def _day(request: HttpRequest) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


@require_GET
def bodies(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    return render(
        request,
        "governance/bodies.html",
        {
            "day": day,
            "compositions": selectors.compositions(day),
        },
    )


@require_GET
def body(request: HttpRequest, slug: str) -> HttpResponse:
    day = _day(request)
    found = selectors.body_get(slug)
    return render(
        request,
        "governance/body.html",
        {
            "body": found,
            "day": day,
            "lines": selectors.composition(found, day),
            "terms": selectors.terms_of(found),
        },
    )


@require_GET
def constitution(request: HttpRequest) -> HttpResponse:
    versions = list(selectors.constitution_versions())
    current = selectors.constitution_version() if versions else None
    return render(
        request,
        "governance/constitution.html",
        {
            "version": current,
            "versions": versions,
        },
    )


@require_GET
def constitution_version(request: HttpRequest, number: int) -> HttpResponse:
    return render(
        request,
        "governance/constitution.html",
        {
            "version": selectors.constitution_version(number),
            "versions": list(selectors.constitution_versions()),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def body_manage(request: HttpRequest, slug: str) -> HttpResponse:
    """The secretariat opens terms, records who holds which seat and ends mandates early
    (through the services that keep the seat rules)."""
    found = selectors.body_get(slug)
    action = request.POST.get("action")
    term_form = TermForm(request.POST if action == "term" else None, prefix="term")
    mandate_form = MandateForm(
        request.POST if action == "mandate" else None, body=found, prefix="mandate"
    )
    end_form = MandateEndForm(request.POST if action == "end" else None, body=found, prefix="end")
    by_action = {"term": term_form, "mandate": mandate_form, "end": end_form}
    try:
        if action == "term" and term_form.is_valid():
            services.term_open(body=found, acting_user=request.user, **term_form.cleaned_data)
            messages.success(request, _("The term was opened."))
            return redirect("governance:body_manage", slug=found.slug)
        if action == "mandate" and mandate_form.is_valid():
            services.mandate_assign(acting_user=request.user, **mandate_form.cleaned_data)
            messages.success(request, _("The mandate was recorded."))
            return redirect("governance:body_manage", slug=found.slug)
        if action == "end" and end_form.is_valid():
            services.mandate_end(acting_user=request.user, **end_form.cleaned_data)
            messages.success(
                request,
                _("The mandate was ended. An alternate who steps up gets a mandate of their own."),
            )
            return redirect("governance:body_manage", slug=found.slug)
    except services.GovernanceRuleError as error:
        by_action[action or "mandate"].add_error(None, str(error))
    return render(
        request,
        "governance/body_manage.html",
        {
            "body": found,
            "term_form": term_form,
            "mandate_form": mandate_form,
            "end_form": end_form,
            "lines": selectors.composition(found, timezone.localdate()),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def constitution_amend(request: HttpRequest) -> HttpResponse:
    form = AmendmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.constitution_amend(acting_user=request.user, **form.cleaned_data)
        except services.GovernanceRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The new version was recorded."))
            return redirect("governance:constitution_version", number=version.number)
    return render(request, "governance/constitution_amend.html", {"form": form})
