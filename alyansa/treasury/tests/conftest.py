"""A small but varied ledger that the report, export and page tests share."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from alyansa.accounts.models import User
from alyansa.assemblies.models import Assembly
from alyansa.assemblies.testing import make_assembly
from alyansa.members.models import Organization
from alyansa.members.testing import make_country, make_organization, make_region
from alyansa.treasury.chart import CASH
from alyansa.treasury.models import Account, PaymentMethod
from alyansa.treasury.money import Money
from alyansa.treasury.services import (
    account_open,
    budget_set,
    contribution_record,
    dues_assess,
    entry_reverse,
    exchange_rate_set,
    expense_record,
    fund_create,
    grant_record,
    payment_record,
)
from alyansa.treasury.testing import make_dues, make_treasurer, usd


@pytest.fixture
def treasurer() -> User:
    return make_treasurer()


@dataclass
class Books:
    treasurer: User
    manila: Organization
    hidden: Organization
    beirut: Organization
    assembly: Assembly
    travel: Account


@pytest.fixture
def books(treasurer) -> Books:  # type: ignore[no-untyped-def]
    """Three organizations in two regions (one at risk), dues for 2023 and 2024, payments in
    dollars and in pesos, a reversed payment, cash at an assembly still waiting, a grant spent
    in part, a contribution, travel expenses, and a budget for 2024."""
    asia, middle_east = make_region("Asia Pacific"), make_region("Middle East")
    manila = make_organization("Manila Workers", acronym="MW", country=make_country("PH", asia))
    hidden = make_organization(
        "Hidden Collective", country=make_country("SA", middle_east), at_risk=True
    )
    beirut = make_organization("Beirut Care Workers", country=make_country("LB", middle_east))
    for year in (2023, 2024):
        make_dues(
            treasurer,
            year=year,
            countries={"PH": "lower-middle", "SA": "high", "LB": "upper-middle"},
        )
        dues_assess(year=year, acting_user=treasurer)
    exchange_rate_set(
        day=datetime.date(2024, 1, 1),
        base="USD",
        quote="PHP",
        rate=Decimal("56.25"),
        acting_user=treasurer,
    )
    payment_record(
        organization=manila,
        money=usd("100.00"),
        date=datetime.date(2023, 3, 1),
        method=PaymentMethod.BANK_TRANSFER,
        reference="BDO-1",
        acting_user=treasurer,
    )
    payment_record(
        organization=manila,
        money=Money(Decimal("2812.50"), "PHP"),
        date=datetime.date(2024, 2, 1),
        method=PaymentMethod.MOBILE_MONEY,
        acting_user=treasurer,
    )
    bounced = payment_record(
        organization=beirut,
        money=usd("100.00"),
        date=datetime.date(2024, 2, 3),
        method=PaymentMethod.BANK_TRANSFER,
        reference="BOUNCE",
        acting_user=treasurer,
    )
    entry_reverse(
        entry=bounced, reason="Bounced", date=datetime.date(2024, 2, 10), acting_user=treasurer
    )
    assembly = make_assembly("Desk Assembly")
    payment_record(
        organization=hidden,
        money=usd("30.00"),
        date=datetime.date(2024, 4, 1),
        method=PaymentMethod.CASH,
        assembly=assembly,
        acting_user=treasurer,
    )
    fund = fund_create(
        name="Shelter fund",
        donor="Solidarity Foundation",
        restriction="Emergency shelter only",
        acting_user=treasurer,
    )
    grant_record(
        fund=fund, money=usd("5000.00"), date=datetime.date(2024, 1, 15), acting_user=treasurer
    )
    travel = account_open(path="Expenses:Travel", name="Travel", acting_user=treasurer)
    shelter = account_open(path="Expenses:Shelter", name="Shelter", acting_user=treasurer)
    expense_record(
        account=shelter,
        money=usd("1200.50"),
        date=datetime.date(2024, 3, 1),
        description="Two months' rent",
        fund=fund,
        acting_user=treasurer,
    )
    expense_record(
        account=travel,
        money=Money(Decimal("1500"), "PHP"),
        date=datetime.date(2024, 3, 5),
        description="Ferry to the assembly",
        paid_from=Account.objects.get(path=CASH),
        acting_user=treasurer,
    )
    contribution_record(
        donor="Solidarity night",
        money=usd("250.25"),
        date=datetime.date(2024, 5, 1),
        acting_user=treasurer,
    )
    budget_set(year=2024, account=travel, money=usd("2000.00"), acting_user=treasurer)
    return Books(treasurer, manila, hidden, beirut, assembly, travel)
