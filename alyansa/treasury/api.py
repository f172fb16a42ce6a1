"""The treasury's JSON API: the report and standing for those who read the books, an
organization's statement for them and for its own coordinators, and recording payments and
reversals for the treasurer. Amounts are strings with all their decimals ("1234.50"), never
floats, each with its currency."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from alyansa.accounts.api import api_auth
from alyansa.accounts.requests import ApiRequest
from alyansa.core.api_input import body_doc, read_body
from alyansa.core.bounds import Day, PathId
from alyansa.members import public
from alyansa.members.models import Organization
from alyansa.treasury import selectors, services
from alyansa.treasury.models import Entry, PaymentMethod
from alyansa.treasury.money import Money, to_decimal
from alyansa.treasury.reporting import default_period, report_build

router = Router(tags=["treasury"])


class MoneyOut(Schema):
    amount: str
    currency: str


def _money(money: Money) -> dict[str, str]:
    return {"amount": money.plain, "currency": money.currency}


class LineOut(Schema):
    account: str
    name: str
    amount: MoneyOut
    budget: MoneyOut | None


class ReportOut(Schema):
    start: datetime.date
    end: datetime.date
    income: list[LineOut]
    expenses: list[LineOut]
    assets: list[LineOut]
    liabilities: list[LineOut]
    net_assets: list[LineOut]
    dues_collected: list[MoneyOut]


class YearOut(Schema):
    year: int
    charged: MoneyOut
    unpaid: MoneyOut
    due_on: datetime.date | None
    overdue: bool


class StandingOut(Schema):
    organization: int
    name: str
    years_in_arrears: int
    overdue: list[MoneyOut]
    votes: bool


class LegOut(Schema):
    account: str
    amount: MoneyOut


class EntryOut(Schema):
    id: int
    number: str
    date: datetime.date
    kind: str
    description: str
    state: str
    reference: str
    legs: list[LegOut]


class DuesStatementOut(Schema):
    organization: int
    name: str
    day: datetime.date
    years: list[YearOut]
    entries: list[EntryOut]


class PaymentIn(Schema):
    organization: PathId
    amount: str = Field(pattern=r"^\d{1,12}(\.\d{1,3})?$")
    currency: str = Field(min_length=3, max_length=3)
    date: Day
    method: PaymentMethod
    reference: str = Field("", max_length=120)


class ReverseIn(Schema):
    reason: str = Field(min_length=1, max_length=200)


def _line(line: Any) -> dict[str, Any]:
    return {
        "account": line.account,
        "name": line.name,
        "amount": _money(line.money),
        "budget": _money(line.budget) if line.budget is not None else None,
    }


def _entry(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "number": entry.number,
        "date": entry.date,
        "kind": entry.kind,
        "description": entry.description,
        "state": entry.state.value,
        "reference": entry.reference,
        "legs": [
            {"account": leg.account.path, "amount": _money(leg.money)} for leg in entry.legs.all()
        ],
    }


@router.get("/report", response=ReportOut, auth=api_auth, url_name="treasury_report")
def report(request: HttpRequest, start: Day | None = None, end: Day | None = None) -> Any:
    """The treasurer's report (by default since the last General Assembly), for the treasurer,
    officers and the secretariat."""
    selectors.require_reader(request.user)
    default_start, default_end = default_period()
    built = report_build(start or default_start, end or default_end)
    return {
        "start": built.start,
        "end": built.end,
        **{
            section: [_line(line) for line in getattr(built, section)]
            for section in ("income", "expenses", "assets", "liabilities", "net_assets")
        },
        "dues_collected": [_money(money) for money in built.collected],
    }


@router.get("/standing", response=list[StandingOut], auth=api_auth, url_name="treasury_standing")
def standing(request: HttpRequest, on: Day | None = None) -> Any:
    """Every member organization's arrears on a day and whether it votes, for those who read
    the books (one at risk by its number, "O42 (cannot be named)", unless they are entitled)."""
    selectors.require_reader(request.user)
    return [
        {
            "organization": row.organization.pk,
            "name": public.ledger_label(row.organization, request.user),
            "years_in_arrears": row.standing.years_in_arrears,
            "overdue": [_money(money) for money in row.standing.arrears()],
            "votes": not row.loses_vote or bool(row.waived_at),
        }
        for row in selectors.standing_rows(on or timezone.localdate())
    ]


@router.get(
    "/organizations/{organization_id}/statement",
    response=DuesStatementOut,
    auth=api_auth,
    url_name="treasury_statement",
)
def statement(request: HttpRequest, organization_id: PathId, on: Day | None = None) -> Any:
    """An organization's dues by year and its entries: readers, and its own coordinators."""
    organization = selectors.organization_for(request.user, organization_id)
    found = selectors.organization_statement(organization, on or timezone.localdate())
    overdue = {(year.year, year.currency) for year in found.standing.overdue}
    return {
        "organization": organization.pk,
        "name": public.ledger_label(organization, request.user),
        "day": found.standing.day,
        "years": [
            {
                "year": year.year,
                "charged": _money(year.charged),
                "unpaid": _money(year.outstanding),
                "due_on": year.due_on,
                "overdue": (year.year, year.currency) in overdue,
            }
            for year in found.standing.years
        ],
        "entries": [_entry(entry) for entry in found.entries],
    }


@router.post(
    "/payments",
    response={201: EntryOut},
    auth=api_auth,
    url_name="treasury_payment",
    openapi_extra=body_doc(PaymentIn),
)
def payment(request: ApiRequest) -> Any:
    """Record a payment of dues (the treasurer)."""
    selectors.require_treasurer(request.user)
    payload = read_body(request, PaymentIn)
    organization = Organization.objects.filter(pk=payload.organization).first()
    if organization is None:
        raise Http404
    amount: Decimal = to_decimal(payload.amount)
    entry = services.payment_record(
        organization=organization,
        money=Money(amount, payload.currency),
        date=payload.date,
        method=payload.method,
        reference=payload.reference,
        acting_user=request.user,
    )
    return Status(201, _entry(entry))


@router.post(
    "/entries/{entry_id}/reverse",
    response={201: EntryOut},
    auth=api_auth,
    url_name="treasury_reverse",
    openapi_extra=body_doc(ReverseIn),
)
def reverse(request: ApiRequest, entry_id: PathId) -> Any:
    """Reverse a posted entry (the treasurer): the correction is a new entry."""
    selectors.require_treasurer(request.user)
    original = selectors.entry_get(entry_id)
    payload = read_body(request, ReverseIn)
    reversal = services.entry_reverse(
        entry=original,
        reason=payload.reason,
        acting_user=request.user,
    )
    return Status(201, _entry(reversal))
