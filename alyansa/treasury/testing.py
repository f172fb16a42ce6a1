"""Plain factory functions for tests of the treasury."""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.governance.models import Body
from alyansa.governance.services import body_create
from alyansa.members.models import Country, MembershipCategory
from alyansa.treasury.models import Decision, DuesSchedule, IncomeGroup
from alyansa.treasury.money import Money
from alyansa.treasury.services import (
    decision_record,
    dues_schedule_adopt,
    income_group_set,
    income_groups_standard,
)

_numbers = itertools.count(1)


def make_treasurer(name: str = "Tala Treasurer") -> User:
    """A treasurer, with two-factor set up as the role demands."""
    return make_user(name, role=Role.TREASURER)


def coordinating_body() -> Body:
    body = Body.objects.filter(kind=Body.Kind.COORDINATING).first()
    return body or body_create(
        name="International Coordinating Body", kind=Body.Kind.COORDINATING, acting_user=None
    )


def make_decision(
    acting_user: User,
    *,
    decided_on: datetime.date = datetime.date(2020, 1, 10),
    reference: str = "",
) -> Decision:
    """A decision of the coordinating body."""
    return decision_record(
        body=coordinating_body(),
        decided_on=decided_on,
        reference=reference or f"Resolution {next(_numbers)}",
        acting_user=acting_user,
    )


def group(slug: str) -> IncomeGroup:
    return IncomeGroup.objects.get(slug=slug)


def make_dues(
    acting_user: User,
    *,
    year: int,
    full: str = "100",
    associate: str = "50",
    currency: str = "USD",
    due_on: datetime.date | None = None,
    countries: dict[str, str] | None = None,
) -> DuesSchedule:
    """Dues for a year: the same amount in every income group (`full` and `associate`), due by
    the end of March, and the countries put in groups (default: the Philippines is lower
    middle income)."""
    groups = income_groups_standard(acting_user=acting_user)
    for code, slug in (countries or {"PH": "lower-middle"}).items():
        country, _created = Country.objects.get_or_create(code=code)
        income_group_set(country=country, group=group(slug), acting_user=acting_user)
    rates = {}
    for one in groups:
        rates[(MembershipCategory.FULL.value, one)] = Money(Decimal(full), currency)
        rates[(MembershipCategory.ASSOCIATE.value, one)] = Money(Decimal(associate), currency)
    return dues_schedule_adopt(
        year=year,
        currency=currency,
        due_on=due_on or datetime.date(year, 3, 31),
        rates=rates,
        decision=make_decision(acting_user, decided_on=datetime.date(year - 1, 11, 1)),
        acting_user=acting_user,
    )


def usd(amount: str) -> Money:
    return Money(Decimal(amount), "USD")
