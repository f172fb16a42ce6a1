"""Public pages of governing bodies and the constitution."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import is_secretariat, role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.core.bounds import param_day
from alyansa.governance import selectors, services
from alyansa.governance.forms import (
    AmendmentForm,
    BodyForm,
    MandateEndForm,
    MandateForm,
    SeatForm,
    TermForm,
)


def _day(request: HttpRequest) -> datetime.date:
    return param_day(request.GET, "on") or timezone.localdate()


@require_GET
def bodies(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    return render(
        request,
        "governance/bodies.html",
        {
            "day": day,
            "compositions": selectors.compositions(day),
            "may_manage": is_secretariat(request.user),
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
            "may_manage": is_secretariat(request.user),
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
            "may_manage": is_secretariat(request.user),
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
def body_manage(request: SignedInRequest, slug: str) -> HttpResponse:
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


def _saved(
    request: SignedInRequest,
    form: BodyForm | SeatForm,
    message: str,
    service: Callable[..., Any],
    **kwargs: Any,
) -> Any:
    """When the form was posted and is valid: what the service returns, called with `kwargs`
    and the form's values, after saying `message`. None otherwise, and a rule's refusal is
    shown beside the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = service(acting_user=request.user, **kwargs, **form.values())
    except services.GovernanceRuleError as error:
        form.add_error(None, str(error))
        return None
    messages.success(request, message)
    return saved


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def body_create(request: SignedInRequest) -> HttpResponse:
    """A new governing body; its seat rules are added on the next page."""
    form = BodyForm(request.POST or None)
    message = _("The body was created. Now add its seat rules.")
    if created := _saved(request, form, message, services.body_create):
        return redirect("governance:seats", slug=created.slug)
    return render(request, "governance/body_form.html", {"form": form, "body": None})


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def body_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    """A body's name (in each language), kind, electing body and description."""
    found = selectors.body_get(slug)
    form = BodyForm(request.POST or None, body=found)
    if _saved(request, form, _("Saved."), services.body_update, body=found):
        return redirect("governance:body_manage", slug=found.slug)
    return render(request, "governance/body_form.html", {"form": form, "body": found})


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def seats(request: SignedInRequest, slug: str) -> HttpResponse:
    """The body's seat rules, each with a link to change it; a form to add one."""
    found = selectors.body_get(slug)
    form = SeatForm(request.POST or None)
    if _saved(request, form, _("The seat rule was added."), services.seat_create, body=found):
        return redirect("governance:seats", slug=found.slug)
    context = {"body": found, "seats": selectors.seat_rules(found), "form": form}
    return render(request, "governance/seats.html", context)


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def seat_edit(request: SignedInRequest, slug: str, seat_id: int) -> HttpResponse:
    """One seat rule, changed within what the record allows (services.seat_update)."""
    found = selectors.body_get(slug)
    seat = selectors.seat_get(found, seat_id)
    form = SeatForm(request.POST or None, seat=seat)
    if _saved(request, form, _("The seat rule was saved."), services.seat_update, seat=seat):
        return redirect("governance:seats", slug=found.slug)
    return render(request, "governance/seat_edit.html", {"body": found, "seat": seat, "form": form})


@require_POST
@role_required(Role.SECRETARIAT)
def seat_remove(request: SignedInRequest, slug: str, seat_id: int) -> HttpResponse:
    found = selectors.body_get(slug)
    seat = selectors.seat_get(found, seat_id)
    try:
        services.seat_remove(seat=seat, acting_user=request.user)
    except services.GovernanceRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The seat rule was removed."))
    return redirect("governance:seats", slug=found.slug)


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def constitution_amend(request: SignedInRequest) -> HttpResponse:
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
