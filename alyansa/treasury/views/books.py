"""The books: the treasury's front page, the journal and its entries, accounts, exchange
rates, funds and grants, contributions, expenses and their receipts, the budget."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.treasury import selectors, services
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.forms import (
    AccountForm,
    BudgetForm,
    ContributionForm,
    ExpenseForm,
    GrantForm,
    RateForm,
    ReverseForm,
)
from alyansa.treasury.models import BudgetLine, EntryKind, ExchangeRate, Fund
from alyansa.treasury.money import Money
from alyansa.treasury.views.common import day_from, refused

SIGNED_IN_ROLES = (Role.TREASURER, Role.OFFICER, Role.SECRETARIAT, Role.COORDINATOR)


@require_GET
@role_required(*SIGNED_IN_ROLES)
def home(request: HttpRequest) -> HttpResponse:
    """Readers see the books at a glance; a coordinator, their own organizations' dues."""
    if not selectors.may_read(request.user):
        return render(
            request,
            "treasury/home_coordinator.html",
            {"organizations": list(selectors.own_organizations(request.user))},
        )
    today = timezone.localdate()
    return render(
        request,
        "treasury/home.html",
        {
            "today": today,
            "accounts": [row for row in selectors.accounts_with_balances(today) if row.balances],
            "pending": selectors.pending_cash(),
            "is_treasurer": selectors.is_treasurer(request.user),
        },
    )


@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    selectors.require_reader(request.user)
    kind = request.GET.get("kind", "")
    page = Paginator(selectors.entries_list(kind=kind), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "treasury/ledger.html",
        {"page": page, "kind": kind, "kinds": EntryKind.choices},
    )


@require_GET
def entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    selectors.require_reader(request.user)
    return render(
        request,
        "treasury/entry.html",
        {
            "entry": selectors.entry_get(entry_id),
            "form": ReverseForm(),
            "is_treasurer": selectors.is_treasurer(request.user),
        },
    )


@require_POST
def entry_reverse(request: SignedInRequest, entry_id: int) -> HttpResponse:
    selectors.require_treasurer(request.user)
    original = selectors.entry_get(entry_id)
    form = ReverseForm(request.POST)
    if form.is_valid():
        try:
            reversal = services.entry_reverse(
                entry=original,
                reason=form.cleaned_data["reason"],
                date=form.cleaned_data["date"],
                acting_user=request.user,
            )
        except TreasuryRuleError as error:
            refused(request, form, error)
        else:
            messages.success(request, _("Reversed by %(number)s.") % {"number": reversal.number})
            return redirect("treasury:entry", entry_id=reversal.pk)
    return render(
        request,
        "treasury/entry.html",
        {"entry": original, "form": form, "is_treasurer": True},
    )


@require_http_methods(["GET", "POST"])
def accounts(request: SignedInRequest) -> HttpResponse:
    """The chart of accounts with today's balances; the treasurer opens new ones."""
    selectors.require_reader(request.user)
    form = AccountForm(request.POST or None)
    if request.method == "POST":
        selectors.require_treasurer(request.user)
        if form.is_valid():
            try:
                services.account_open(
                    path=form.cleaned_data["path"],
                    name=form.cleaned_data["name"],
                    acting_user=request.user,
                )
            except TreasuryRuleError as error:
                refused(request, form, error)
            else:
                messages.success(request, _("Account opened."))
                return redirect("treasury:accounts")
    return render(
        request,
        "treasury/accounts.html",
        {
            "rows": selectors.accounts_with_balances(day_from(request)),
            "form": form,
            "is_treasurer": selectors.is_treasurer(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def rates(request: SignedInRequest) -> HttpResponse:
    """Exchange rates, entered by hand (the treasury never asks the network)."""
    selectors.require_reader(request.user)
    form = RateForm(request.POST or None)
    if request.method == "POST":
        selectors.require_treasurer(request.user)
        if form.is_valid():
            try:
                services.exchange_rate_set(
                    day=form.cleaned_data["day"],
                    base=form.cleaned_data["base"],
                    quote=form.cleaned_data["quote"],
                    rate=form.cleaned_data["rate"],
                    acting_user=request.user,
                )
            except TreasuryRuleError as error:
                refused(request, form, error)
            else:
                messages.success(request, _("Rate saved."))
                return redirect("treasury:rates")
    return render(
        request,
        "treasury/rates.html",
        {
            "rates": ExchangeRate.objects.all()[:200],
            "form": form,
            "is_treasurer": selectors.is_treasurer(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def funds(request: SignedInRequest) -> HttpResponse:
    """Restricted funds (each grant is one) and unrestricted contributions."""
    selectors.require_reader(request.user)
    grant_form = GrantForm(request.POST if request.POST.get("form") == "grant" else None)
    gift_form = ContributionForm(
        request.POST if request.POST.get("form") == "contribution" else None
    )
    if request.method == "POST":
        selectors.require_treasurer(request.user)
        form = grant_form if request.POST.get("form") == "grant" else gift_form
        money = form.money() if form.is_valid() else None
        if money is not None:
            try:
                if form is grant_form:
                    data = grant_form.cleaned_data
                    fund = services.fund_create(
                        name=data["name"],
                        donor=data["donor"],
                        restriction=data["restriction"],
                        acting_user=request.user,
                    )
                    services.grant_record(
                        fund=fund,
                        money=money,
                        date=data["date"],
                        into=data["into"],
                        acting_user=request.user,
                    )
                else:
                    data = gift_form.cleaned_data
                    services.contribution_record(
                        donor=data["donor"],
                        money=money,
                        date=data["date"],
                        into=data["into"],
                        acting_user=request.user,
                    )
            except TreasuryRuleError as error:
                refused(request, form, error)
            else:
                messages.success(request, _("Recorded."))
                return redirect("treasury:funds")
    return render(
        request,
        "treasury/funds.html",
        {
            "funds": Fund.objects.order_by("name"),
            "grant_form": grant_form,
            "gift_form": gift_form,
            "is_treasurer": selectors.is_treasurer(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.TREASURER)
def expense(request: SignedInRequest) -> HttpResponse:
    form = ExpenseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        money = form.money()
        upload = form.cleaned_data["receipt"]
        if money is not None:
            try:
                recorded = services.expense_record(
                    account=form.cleaned_data["account"],
                    money=money,
                    date=form.cleaned_data["date"],
                    description=form.cleaned_data["description"],
                    paid_from=form.cleaned_data["paid_from"],
                    fund=form.cleaned_data["fund"],
                    receipt=upload.read() if upload else None,
                    acting_user=request.user,
                )
            except TreasuryRuleError as error:
                refused(request, form, error)
            else:
                messages.success(
                    request, _("Expense recorded as %(number)s.") % {"number": recorded.number}
                )
                return redirect("treasury:entry", entry_id=recorded.pk)
    return render(request, "treasury/expense.html", {"form": form})


@require_GET
def receipt(request: HttpRequest, receipt_id: int) -> FileResponse:
    selectors.require_reader(request.user)
    found = selectors.receipt_get(receipt_id)
    try:
        picture = found.image.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(picture, content_type="image/jpeg")
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def budget(request: SignedInRequest, year: int) -> HttpResponse:
    selectors.require_reader(request.user)
    year = min(max(year, 1901), 2199)
    form = BudgetForm(request.POST or None)
    if request.method == "POST":
        selectors.require_treasurer(request.user)
        money = form.money() if form.is_valid() else None
        if money is not None:
            try:
                services.budget_set(
                    year=year,
                    account=form.cleaned_data["account"],
                    money=money,
                    acting_user=request.user,
                )
            except TreasuryRuleError as error:
                refused(request, form, error)
            else:
                messages.success(request, _("Budget saved."))
                return redirect("treasury:budget", year=year)
    lines = [
        (line, Money.from_minor(line.amount_minor, line.currency))
        for line in BudgetLine.objects.filter(year=year).select_related("account")
    ]
    return render(
        request,
        "treasury/budget.html",
        {
            "year": year,
            "lines": lines,
            "form": form,
            "is_treasurer": selectors.is_treasurer(request.user),
        },
    )
