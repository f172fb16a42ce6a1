"""The treasurer's report for a period, read from the posted ledger: income and expenses by
account against the budget, the balance sheet at the end, the restricted funds, the dues
collected and the arrears by region. Every figure is a sum of legs, per currency, exact to the
minor unit; nothing is converted. It names no organization (regions and counts only), so it
may be shown to anyone who may see the treasury's figures.

Ten queries whatever the size of the ledger (bench/treasury.py measures it).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, Sum
from django.utils import timezone

from alyansa.assemblies.models import Assembly
from alyansa.members.models import Organization, Region
from alyansa.treasury.chart import DUES_RECEIVABLE
from alyansa.treasury.models import (
    Account,
    AccountKind,
    BudgetLine,
    Fund,
    Leg,
    unposted_entry_ids,
)
from alyansa.treasury.money import Money
from alyansa.treasury.standing import standing_on

SIDES = {
    "assets": AccountKind.ASSET,
    "liabilities": AccountKind.LIABILITY,
    "net_assets": AccountKind.NET_ASSETS,
}


@dataclass
class Line:
    """One account in one currency. `minor` is shown the way the account's kind reads it:
    income, liabilities and net assets as positive when they are what they should be."""

    account: str
    name: str
    currency: str
    minor: int
    budget_minor: int | None = None

    @property
    def money(self) -> Money:
        return Money.from_minor(self.minor, self.currency)

    @property
    def budget(self) -> Money | None:
        return (
            None
            if self.budget_minor is None
            else Money.from_minor(self.budget_minor, self.currency)
        )

    @property
    def budget_left(self) -> Money | None:
        if self.budget_minor is None:
            return None
        return Money.from_minor(self.budget_minor - self.minor, self.currency)


@dataclass
class FundLine:
    fund: str
    donor: str
    currency: str
    received_minor: int
    spent_minor: int
    balance_minor: int

    @property
    def received(self) -> Money:
        return Money.from_minor(self.received_minor, self.currency)

    @property
    def spent(self) -> Money:
        return Money.from_minor(self.spent_minor, self.currency)

    @property
    def balance(self) -> Money:
        return Money.from_minor(self.balance_minor, self.currency)


@dataclass
class RegionArrears:
    region: str
    organizations: int
    # currency → minor units overdue
    arrears: dict[str, int] = field(default_factory=dict)

    @property
    def amounts(self) -> list[Money]:
        return [Money.from_minor(minor, code) for code, minor in sorted(self.arrears.items())]


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    income: list[Line] = field(default_factory=list)
    expenses: list[Line] = field(default_factory=list)
    assets: list[Line] = field(default_factory=list)
    liabilities: list[Line] = field(default_factory=list)
    net_assets: list[Line] = field(default_factory=list)
    funds: list[FundLine] = field(default_factory=list)
    dues_collected: dict[str, int] = field(default_factory=dict)
    arrears_by_region: list[RegionArrears] = field(default_factory=list)

    @property
    def collected(self) -> list[Money]:
        return [
            Money.from_minor(minor, code) for code, minor in sorted(self.dues_collected.items())
        ]

    @property
    def currencies(self) -> list[str]:
        found = {
            line.currency
            for lines in (
                self.income,
                self.expenses,
                self.assets,
                self.liabilities,
                self.net_assets,
            )
            for line in lines
        }
        return sorted(found)

    def total(self, section: str, currency: str) -> int:
        return sum(line.minor for line in getattr(self, section) if line.currency == currency)

    def surplus(self, currency: str) -> int:
        return self.total("income", currency) - self.total("expenses", currency)

    def totals(self) -> list[dict[str, Any]]:
        """Per currency: the totals the report's pages and files show."""
        return [
            {
                "currency": code,
                **{
                    section: Money.from_minor(self.total(section, code), code)
                    for section in ("income", "expenses", "assets", "liabilities", "net_assets")
                },
                "surplus": Money.from_minor(self.surplus(code), code),
            }
            for code in self.currencies
        ]

    def to_content(self) -> dict[str, Any]:
        """The report as JSON, to freeze it."""
        content = dataclasses.asdict(self)
        content["start"], content["end"] = self.start.isoformat(), self.end.isoformat()
        return content

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> Report:
        lines = {
            section: [Line(**line) for line in content.get(section, [])]
            for section in ("income", "expenses", "assets", "liabilities", "net_assets")
        }
        return cls(
            start=datetime.date.fromisoformat(content["start"]),
            end=datetime.date.fromisoformat(content["end"]),
            funds=[FundLine(**line) for line in content.get("funds", [])],
            dues_collected=dict(content.get("dues_collected", {})),
            arrears_by_region=[
                RegionArrears(**row) for row in content.get("arrears_by_region", [])
            ],
            **lines,
        )


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """Since the last General Assembly (the day after it ended, in its zone) until today; a
    whole year back when there has been none."""
    today = today or timezone.localdate()
    last = (
        Assembly.objects.filter(status=Assembly.Status.CLOSED, ends_at__lte=timezone.now())
        .order_by("-ends_at")
        .first()
    )
    if last is None:
        return today.replace(year=today.year - 1) + datetime.timedelta(days=1), today
    ended = last.local(last.ends_at).date()  # type: ignore[union-attr]
    return min(ended + datetime.timedelta(days=1), today), today


def report_build(start: datetime.date, end: datetime.date) -> Report:
    """The report for the days from `start` to `end`, both included."""
    accounts = {account.pk: account for account in Account.objects.all()}
    report = Report(start=start, end=end)
    unposted = unposted_entry_ids()
    # One pass over the legs (an index holds all it reads): each account's balance at the end
    # and what moved in the period.
    rows = (
        Leg.objects.posted(unposted)
        .filter(date__lte=end)
        .values("account_id", "currency")
        .annotate(total=Sum("amount_minor"), moved=Sum("amount_minor", filter=Q(date__gte=start)))
        .order_by()
    )
    budgets: dict[tuple[int, str], int] = defaultdict(int)
    for account_id, currency, minor in BudgetLine.objects.filter(
        year__gte=start.year, year__lte=end.year
    ).values_list("account_id", "currency", "amount_minor"):
        budgets[(account_id, currency)] += minor
    retained: dict[str, int] = defaultdict(int)
    for row in rows:
        account, currency = accounts[row["account_id"]], row["currency"]
        if account.kind in (AccountKind.INCOME, AccountKind.EXPENSE):
            # What income and expenses left over the years is part of the net assets.
            retained[currency] -= row["total"]
            if row["moved"] is not None:
                section = report.income if account.kind == AccountKind.INCOME else report.expenses
                section.append(
                    Line(
                        account=account.path,
                        name=account.name,
                        currency=currency,
                        minor=row["moved"] * account.normal_sign,
                        budget_minor=budgets.pop((account.pk, currency), None),
                    )
                )
        elif row["total"]:
            line = Line(account.path, account.name, currency, row["total"] * account.normal_sign)
            getattr(report, _section_of(account.kind)).append(line)
    for (account_id, currency), minor in budgets.items():
        account = accounts[account_id]
        section = report.income if account.kind == AccountKind.INCOME else report.expenses
        section.append(Line(account.path, account.name, currency, 0, minor))
    for currency, minor in sorted(retained.items()):
        if minor:
            report.net_assets.append(Line("Equity:Surplus", "Accumulated surplus", currency, minor))
    for name in ("income", "expenses", "assets", "liabilities", "net_assets"):
        getattr(report, name).sort(key=lambda line: (line.account, line.currency))
    report.funds = _funds(start, end, unposted)
    report.dues_collected = _dues_collected(start, end, unposted)
    report.arrears_by_region = _arrears_by_region(end)
    return report


def _section_of(kind: str) -> str:
    return next(name for name, side in SIDES.items() if side == kind)


def _funds(start: datetime.date, end: datetime.date, unposted: list[int]) -> list[FundLine]:
    flows = Q(account__kind__in=[AccountKind.INCOME, AccountKind.EXPENSE])
    in_period = Q(date__gte=start)
    rows = (
        Leg.objects.posted(unposted)
        .filter(flows, fund__isnull=False, date__lte=end)
        .values("fund_id", "currency")
        .annotate(
            received=Sum("amount_minor", filter=in_period & Q(account__kind=AccountKind.INCOME)),
            spent=Sum("amount_minor", filter=in_period & Q(account__kind=AccountKind.EXPENSE)),
            balance=Sum("amount_minor"),
        )
        .order_by()
    )
    funds = {fund.pk: fund for fund in Fund.objects.all()}
    lines = [
        FundLine(
            fund=funds[row["fund_id"]].name,
            donor=funds[row["fund_id"]].donor,
            currency=row["currency"],
            received_minor=-(row["received"] or 0),
            spent_minor=row["spent"] or 0,
            balance_minor=-row["balance"],
        )
        for row in rows
    ]
    return sorted(lines, key=lambda line: (line.fund, line.currency))


def _dues_collected(
    start: datetime.date, end: datetime.date, unposted: list[int]
) -> dict[str, int]:
    """What organizations paid in the period (payments less their reversals), per currency."""
    rows = (
        Leg.objects.posted(unposted)
        .filter(
            account__path=DUES_RECEIVABLE,
            entry__dues_year__isnull=True,
            date__gte=start,
            date__lte=end,
        )
        .values("currency")
        .annotate(total=Sum("amount_minor"))
        .order_by()
    )
    return {row["currency"]: -row["total"] for row in rows if row["total"]}


def _arrears_by_region(end: datetime.date) -> list[RegionArrears]:
    """Dues overdue at the end of the period, added up by region: counts and sums only."""
    standings = standing_on(end)
    in_arrears = {pk: standing for pk, standing in standings.items() if standing.overdue}
    region_of = dict(
        Organization.objects.filter(pk__in=list(in_arrears)).values_list("pk", "region_id")
    )
    names = {region.pk: region.display_name for region in Region.objects.all()}
    by_region: dict[int, RegionArrears] = {}
    for organization_id, standing in in_arrears.items():
        region_id = region_of[organization_id]
        row = by_region.setdefault(
            region_id, RegionArrears(region=names[region_id], organizations=0)
        )
        row.organizations += 1
        for money in standing.arrears():
            row.arrears[money.currency] = row.arrears.get(money.currency, 0) + money.minor
    return sorted(by_region.values(), key=lambda row: row.region)
