"""Dues and payments: the schedules and income groups, the yearly assessment, an
organization's statement (its coordinator sees it too), recording a payment, and the cash
that waits for a second person."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.core.bounds import param_id
from alyansa.treasury import selectors, services
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.forms import (
    AssessForm,
    DuesScheduleForm,
    GraceForm,
    IncomeGroupForm,
    PaymentForm,
    ReasonForm,
    WaiveDuesForm,
)
from alyansa.treasury.models import CountryIncomeGroup, DuesSchedule, IncomeGroup
from alyansa.treasury.money import Money
from alyansa.treasury.views.common import day_from, refused, with_decision


def _groups() -> list[IncomeGroup]:
    return list(IncomeGroup.objects.order_by("position"))


@require_GET
def dues(request: HttpRequest) -> HttpResponse:
    """Every year's dues (each version, with the decision that adopted it) and the income
    groups of the countries."""
    selectors.require_reader(request.user)
    schedules = list(
        DuesSchedule.objects.select_related("decision__item__assembly", "decision__body")
        .prefetch_related("rates__group")
        .order_by("-year", "-id")
    )
    seen: set[int] = set()
    for schedule in schedules:
        schedule.superseded = schedule.year in seen  # type: ignore[attr-defined]
        seen.add(schedule.year)
        schedule.money_rates = [  # type: ignore[attr-defined]
            (rate, Money.from_minor(rate.amount_minor, schedule.currency))
            for rate in schedule.rates.all()
        ]
    is_treasurer = selectors.is_treasurer(request.user)
    return render(
        request,
        "treasury/dues.html",
        {
            "schedules": schedules,
            "placements": CountryIncomeGroup.objects.select_related("country", "group").order_by(
                "group__position", "country__code"
            ),
            "schedule_form": DuesScheduleForm(groups=_groups()) if is_treasurer else None,
            "assess_form": AssessForm(initial={"year": timezone.localdate().year}),
            "group_form": IncomeGroupForm(),
            "grace_form": GraceForm() if is_treasurer else None,
            "has_groups": IncomeGroup.objects.exists(),
            "is_treasurer": is_treasurer,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.TREASURER)
def dues_adopt(request: SignedInRequest) -> HttpResponse:
    """A new version of a year's dues, with the decision that adopted it."""
    form = DuesScheduleForm(request.POST or None, groups=_groups())
    if request.method == "POST" and form.is_valid():
        rates = form.rates()
        if rates is not None:
            data = form.cleaned_data
            try:
                with_decision(
                    form,
                    request.user,
                    lambda decision: services.dues_schedule_adopt(
                        year=data["year"],
                        currency=data["currency"],
                        due_on=data["due_on"],
                        rates=rates,
                        decision=decision,
                        acting_user=request.user,
                    ),
                )
            except TreasuryRuleError as error:
                refused(request, form, error)
            else:
                messages.success(request, _("The dues are adopted."))
                return redirect("treasury:dues")
    return render(request, "treasury/dues_adopt.html", {"form": form, "groups": bool(form.cells)})


@require_POST
@role_required(Role.TREASURER)
def dues_assess(request: SignedInRequest) -> HttpResponse:
    form = AssessForm(request.POST)
    if form.is_valid():
        try:
            entries = services.dues_assess(year=form.cleaned_data["year"], acting_user=request.user)
        except TreasuryRuleError as error:
            refused(request, None, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)d organization assessed.",
                    "%(count)d organizations assessed.",
                    len(entries),
                )
                % {"count": len(entries)},
            )
    else:
        messages.error(request, _("Give the year to assess."))
    return redirect("treasury:dues")


@require_POST
@role_required(Role.TREASURER)
def income_group(request: SignedInRequest) -> HttpResponse:
    """Put a country in an income group; or (action "standard") create the World Bank's four
    groups to start with."""
    if request.POST.get("action") == "standard":
        services.income_groups_standard(acting_user=request.user)
        messages.success(request, _("The four income groups are there."))
        return redirect("treasury:dues")
    form = IncomeGroupForm(request.POST)
    if form.is_valid():
        services.income_group_set(
            country=form.cleaned_data["country"],
            group=form.cleaned_data["group"],
            acting_user=request.user,
        )
        messages.success(request, _("Saved."))
    else:
        messages.error(request, _("Choose a country and an income group."))
    return redirect("treasury:dues")


@require_GET
def organization(request: HttpRequest, organization_id: int) -> HttpResponse:
    """An organization's dues by year and its payments: for the treasury's readers, and for
    the organization's own coordinators (nobody else learns whether it exists)."""
    found = selectors.organization_for(request.user, organization_id)
    is_treasurer = selectors.is_treasurer(request.user)
    return render(
        request,
        "treasury/organization.html",
        {
            "statement": selectors.organization_statement(found, day_from(request)),
            "is_treasurer": is_treasurer,
            "waive_form": WaiveDuesForm() if is_treasurer else None,
            "grace_form": GraceForm(initial={"organization": found}) if is_treasurer else None,
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.TREASURER)
def payment(request: SignedInRequest) -> HttpResponse:
    initial = {}
    if (organization_id := param_id(request.GET, "organization")) is not None:
        initial["organization"] = organization_id
    form = PaymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        money = form.money()
        if money is not None:
            data = form.cleaned_data
            try:
                entry = services.payment_record(
                    organization=data["organization"],
                    money=money,
                    date=data["date"],
                    method=data["method"],
                    reference=data["reference"],
                    assembly=data["assembly"],
                    acting_user=request.user,
                )
            except TreasuryRuleError as error:
                refused(request, form, error)
            else:
                if data["assembly"] is not None:
                    messages.info(
                        request, _("Recorded. It posts once a second person confirms the cash.")
                    )
                else:
                    messages.success(
                        request, _("Payment recorded as %(number)s.") % {"number": entry.number}
                    )
                return redirect("treasury:organization", organization_id=data["organization"].pk)
    return render(request, "treasury/payment.html", {"form": form})


@require_POST
@role_required(Role.TREASURER)
def dues_waive(request: SignedInRequest, organization_id: int) -> HttpResponse:
    found = selectors.organization_for(request.user, organization_id)
    form = WaiveDuesForm(request.POST)
    if form.is_valid():
        try:
            with_decision(
                form,
                request.user,
                lambda decision: services.dues_waive(
                    organization=found,
                    year=form.cleaned_data["year"],
                    decision=decision,
                    acting_user=request.user,
                ),
            )
        except TreasuryRuleError as error:
            refused(request, None, error)
        else:
            messages.success(request, _("The dues are waived."))
    else:
        messages.error(
            request,
            " ".join(str(error) for error in form.non_field_errors()) or _("Check the form."),
        )
    return redirect("treasury:organization", organization_id=found.pk)


@require_POST
@role_required(Role.TREASURER)
def grace(request: SignedInRequest) -> HttpResponse:
    form = GraceForm(request.POST)
    target = form.data.get("organization", "")
    if form.is_valid():
        try:
            with_decision(
                form,
                request.user,
                lambda decision: services.grace_grant(
                    dues_year=form.cleaned_data["year"],
                    until=form.cleaned_data["until"],
                    organization=form.cleaned_data["organization"],
                    decision=decision,
                    acting_user=request.user,
                ),
            )
        except TreasuryRuleError as error:
            refused(request, None, error)
        else:
            messages.success(request, _("The grace period is recorded."))
    else:
        messages.error(
            request,
            " ".join(str(error) for error in form.non_field_errors()) or _("Check the form."),
        )
    if str(target).isdigit():
        return redirect("treasury:organization", organization_id=int(target))
    return redirect("treasury:dues")


@require_GET
@role_required(Role.TREASURER, Role.OFFICER, Role.SECRETARIAT)
def cash(request: HttpRequest) -> HttpResponse:
    """Cash received at an assembly's desk, waiting for a second person to count it."""
    return render(
        request,
        "treasury/cash.html",
        {"pending": selectors.pending_cash(), "form": ReasonForm()},
    )


@require_POST
@role_required(Role.TREASURER, Role.OFFICER, Role.SECRETARIAT)
def cash_confirm(request: SignedInRequest, entry_id: int) -> HttpResponse:
    pending = selectors.cash_entry_get(entry_id)
    try:
        services.cash_confirm(entry=pending, acting_user=request.user)
    except TreasuryRuleError as error:
        refused(request, None, error)
    else:
        messages.success(
            request, _("Confirmed: %(number)s is posted.") % {"number": pending.number}
        )
    return redirect("treasury:cash")


@require_POST
@role_required(Role.TREASURER, Role.OFFICER, Role.SECRETARIAT)
def cash_reject(request: SignedInRequest, entry_id: int) -> HttpResponse:
    pending = selectors.cash_entry_get(entry_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the cash is not confirmed."))
        return redirect("treasury:cash")
    try:
        services.cash_reject(
            entry=pending, reason=form.cleaned_data["reason"], acting_user=request.user
        )
    except TreasuryRuleError as error:
        refused(request, None, error)
    else:
        messages.success(
            request, _("Not confirmed: %(number)s will not post.") % {"number": pending.number}
        )
    return redirect("treasury:cash")
