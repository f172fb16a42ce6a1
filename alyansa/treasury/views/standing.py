"""Standing: every organization's arrears on a day, the statute that may take the vote, and
an assembly's waiver of it."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alyansa.accounts.requests import SignedInRequest
from alyansa.treasury import selectors, services
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.forms import StandingRuleForm, StandingWaiverForm
from alyansa.treasury.models import StandingRule, StandingWaiver
from alyansa.treasury.standing import rule_on
from alyansa.treasury.views.common import day_from, refused, with_decision


def _page(
    request: HttpRequest, rule_form: StandingRuleForm, waiver_form: StandingWaiverForm
) -> HttpResponse:
    day = day_from(request)
    may_keep = selectors.may_keep_standing(request.user)
    return render(
        request,
        "treasury/standing.html",
        {
            "day": day,
            "rule": rule_on(day),
            "rules": StandingRule.objects.select_related(
                "decision__body", "decision__item__assembly"
            ),
            "rows": selectors.standing_rows(day),
            "waivers": StandingWaiver.objects.select_related("organization", "assembly").order_by(
                "-recorded_at"
            ),
            "rule_form": rule_form if may_keep else None,
            "waiver_form": waiver_form if may_keep else None,
        },
    )


@require_GET
def standing(request: HttpRequest) -> HttpResponse:
    selectors.require_reader(request.user)
    return _page(request, StandingRuleForm(), StandingWaiverForm())


@require_POST
def standing_rule(request: SignedInRequest) -> HttpResponse:
    """Record what the statutes say about standing and the vote, with the decision."""
    selectors.require_standing_keeper(request.user)
    form = StandingRuleForm(request.POST)
    if form.is_valid():
        try:
            with_decision(
                form,
                request.user,
                lambda decision: services.standing_rule_set(
                    effective_from=form.cleaned_data["effective_from"],
                    max_years_in_arrears=form.cleaned_data["max_years_in_arrears"],
                    decision=decision,
                    acting_user=request.user,
                ),
            )
        except TreasuryRuleError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("The rule is recorded."))
            return redirect("treasury:standing")
    return _page(request, form, StandingWaiverForm())


@require_POST
def standing_waive(request: SignedInRequest) -> HttpResponse:
    """An assembly decided that an organization votes there despite its arrears."""
    selectors.require_standing_keeper(request.user)
    form = StandingWaiverForm(request.POST)
    if form.is_valid():
        item = form.cleaned_data["item"]
        try:
            with transaction.atomic():
                decision = services.decision_record(item=item, acting_user=request.user)
                services.standing_waive(
                    organization=form.cleaned_data["organization"],
                    assembly=item.assembly,
                    decision=decision,
                    acting_user=request.user,
                )
        except TreasuryRuleError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("The waiver is recorded."))
            return redirect("treasury:standing")
    return _page(request, StandingRuleForm(), form)
