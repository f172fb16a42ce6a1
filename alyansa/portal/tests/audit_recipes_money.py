"""Audit-row recipes for the treasury: the ledger, dues, payments, funds, reports, standing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

from PIL import Image

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies.models import ItemKind
from alyansa.assemblies.testing import make_assembly, make_item
from alyansa.members.models import Organization
from alyansa.members.testing import make_country, make_organization
from alyansa.portal.tests.audit_recipes import Call, recipe
from alyansa.treasury import services as treasury_services
from alyansa.treasury.chart import BANK, CASH, CONTRIBUTIONS
from alyansa.treasury.models import Account, Entry, EntryKind, PaymentMethod
from alyansa.treasury.services.ledger import standard_account
from alyansa.treasury.testing import coordinating_body, group, make_decision, make_dues, usd
from alyansa.treasury.testing import make_treasurer as treasurer

YEAR = 2024
DAY = datetime.date(YEAR, 6, 1)


def receipt() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    return out.getvalue()


def dues_owed(user: User) -> Organization:
    """A member organization whose dues for YEAR are assessed and unpaid."""
    organization = make_organization(country=make_country("PH"))
    make_dues(user, year=YEAR)
    treasury_services.dues_assess(year=YEAR, acting_user=user)
    return organization


def cash_waiting(user: User) -> Entry:
    return treasury_services.payment_record(
        organization=dues_owed(user),
        money=usd("20.00"),
        date=DAY,
        method=PaymentMethod.CASH,
        assembly=make_assembly(),
        acting_user=user,
    )


# --- the ledger -----------------------------------------------------------------------------


@recipe("treasury", "account_open", "treasury.account_open")
def _account_open() -> Call:
    user = treasurer()
    return lambda: treasury_services.account_open(
        path="Expenses:Travel", name="Travel", acting_user=user
    )


@recipe("treasury", "entry_record", "treasury.entry_post")
def _entry_record() -> Call:
    user = treasurer()
    legs = [
        treasury_services.LegSpec(account=standard_account(CASH), money=usd("25.00")),
        treasury_services.LegSpec(account=standard_account(CONTRIBUTIONS), money=-usd("25.00")),
    ]
    return lambda: treasury_services.entry_record(
        date=DAY,
        kind=EntryKind.CONTRIBUTION,
        description="Solidarity night",
        legs=legs,
        acting_user=user,
    )


@recipe("treasury", "entry_reverse", "treasury.entry_reverse")
def _entry_reverse() -> Call:
    user = treasurer()
    entry = treasury_services.contribution_record(
        donor="Solidarity night", money=usd("25.00"), date=DAY, acting_user=user
    )
    return lambda: treasury_services.entry_reverse(entry=entry, reason="Twice", acting_user=user)


@recipe("treasury", "exchange_rate_set", "treasury.rate_set")
def _exchange_rate_set() -> Call:
    user = treasurer()
    return lambda: treasury_services.exchange_rate_set(
        day=DAY, base="USD", quote="PHP", rate=Decimal("56.25"), acting_user=user
    )


# --- decisions, dues and standing -----------------------------------------------------------


@recipe("treasury", "decision_record", "treasury.decision_record")
def _decision_record() -> Call:
    body, user = coordinating_body(), treasurer()
    return lambda: treasury_services.decision_record(
        body=body, decided_on=DAY, reference="Resolution 7", acting_user=user
    )


@recipe("treasury", "income_group_set", "treasury.income_group_set")
def _income_group_set() -> Call:
    user = treasurer()
    treasury_services.income_groups_standard(acting_user=user)
    country, chosen = make_country("PH"), group("lower-middle")
    return lambda: treasury_services.income_group_set(
        country=country, group=chosen, acting_user=user
    )


@recipe("treasury", "dues_schedule_adopt", "treasury.dues_schedule_adopt")
def _dues_schedule_adopt() -> Call:
    user = treasurer()
    groups = treasury_services.income_groups_standard(acting_user=user)
    rates = {("full", one): usd("100") for one in groups}
    decision = make_decision(user, decided_on=datetime.date(YEAR - 1, 11, 1))
    return lambda: treasury_services.dues_schedule_adopt(
        year=YEAR,
        currency="USD",
        due_on=datetime.date(YEAR, 3, 31),
        rates=rates,
        decision=decision,
        acting_user=user,
    )


@recipe("treasury", "dues_assess", "treasury.dues_assess")
def _dues_assess() -> Call:
    user = treasurer()
    make_organization(country=make_country("PH"))
    make_dues(user, year=YEAR)
    return lambda: treasury_services.dues_assess(year=YEAR, acting_user=user)


@recipe("treasury", "dues_waive", "treasury.dues_waive")
def _dues_waive() -> Call:
    user = treasurer()
    organization, decision = dues_owed(user), make_decision(user, decided_on=DAY)
    return lambda: treasury_services.dues_waive(
        organization=organization, year=YEAR, decision=decision, acting_user=user
    )


@recipe("treasury", "grace_grant", "treasury.grace_grant")
def _grace_grant() -> Call:
    user = treasurer()
    decision = make_decision(user, decided_on=DAY)
    return lambda: treasury_services.grace_grant(
        dues_year=YEAR, until=datetime.date(YEAR, 12, 31), decision=decision, acting_user=user
    )


@recipe("treasury", "standing_rule_set", "treasury.standing_rule_set")
def _standing_rule_set() -> Call:
    user = treasurer()
    decision = make_decision(user, decided_on=DAY)
    return lambda: treasury_services.standing_rule_set(
        effective_from=datetime.date(YEAR + 1, 1, 1),
        max_years_in_arrears=2,
        decision=decision,
        acting_user=user,
    )


@recipe("treasury", "standing_waive", "treasury.standing_waive")
def _standing_waive() -> Call:
    user = treasurer()
    organization, decision = make_organization(), make_decision(user, decided_on=DAY)
    assembly = make_assembly()
    return lambda: treasury_services.standing_waive(
        organization=organization, assembly=assembly, decision=decision, acting_user=user
    )


# --- payments -------------------------------------------------------------------------------


@recipe("treasury", "payment_record", "treasury.payment_record")
def _payment_record() -> Call:
    user = treasurer()
    organization = dues_owed(user)
    return lambda: treasury_services.payment_record(
        organization=organization,
        money=usd("40.00"),
        date=DAY,
        method=PaymentMethod.BANK_TRANSFER,
        reference="BDO-1",
        acting_user=user,
    )


@recipe("treasury", "cash_confirm", "treasury.cash_confirm")
def _cash_confirm() -> Call:
    cash, second = cash_waiting(treasurer()), make_user("Olu Officer", role=Role.OFFICER)
    return lambda: treasury_services.cash_confirm(entry=cash, acting_user=second)


@recipe("treasury", "cash_reject", "treasury.cash_reject")
def _cash_reject() -> Call:
    cash, second = cash_waiting(treasurer()), make_user("Olu Officer", role=Role.OFFICER)
    return lambda: treasury_services.cash_reject(
        entry=cash, reason="Not in the box", acting_user=second
    )


# --- funds, contributions and expenses ------------------------------------------------------


@recipe("treasury", "fund_create", "treasury.fund_create")
def _fund_create() -> Call:
    user = treasurer()
    return lambda: treasury_services.fund_create(
        name="Shelter fund", donor="Solidarity Foundation", restriction="Shelter", acting_user=user
    )


@recipe("treasury", "grant_record", "treasury.grant_record")
def _grant_record() -> Call:
    user = treasurer()
    fund = treasury_services.fund_create(
        name="Shelter fund", donor="Solidarity Foundation", restriction="Shelter", acting_user=user
    )
    return lambda: treasury_services.grant_record(
        fund=fund, money=usd("5000.00"), date=DAY, acting_user=user
    )


@recipe("treasury", "contribution_record", "treasury.contribution_record")
def _contribution_record() -> Call:
    user = treasurer()
    return lambda: treasury_services.contribution_record(
        donor="Solidarity night", money=usd("250.25"), date=DAY, acting_user=user
    )


def _travel(user: User) -> Account:
    return treasury_services.account_open(path="Expenses:Travel", name="Travel", acting_user=user)


@recipe("treasury", "expense_record", "treasury.expense_record")
def _expense_record() -> Call:
    user = treasurer()
    travel = _travel(user)
    return lambda: treasury_services.expense_record(
        account=travel,
        money=usd("5.00"),
        date=DAY,
        description="Bus fares",
        paid_from=standard_account(BANK),
        acting_user=user,
    )


@recipe(
    "treasury",
    "expense_record",
    "treasury.expense_record",
    variant="with its receipt",
    through=("treasury.receipt_attach",),
)
def _expense_record_with_receipt() -> Call:
    user = treasurer()
    travel, data = _travel(user), receipt()
    return lambda: treasury_services.expense_record(
        account=travel,
        money=usd("5.00"),
        date=DAY,
        description="Bus fares",
        paid_from=standard_account(BANK),
        receipt=data,
        acting_user=user,
    )


@recipe("treasury", "receipt_attach", "treasury.receipt_attach")
def _receipt_attach() -> Call:
    user = treasurer()
    expense = treasury_services.expense_record(
        account=_travel(user),
        money=usd("5.00"),
        date=DAY,
        description="Bus fares",
        paid_from=standard_account(BANK),
        acting_user=user,
    )
    data = receipt()
    return lambda: treasury_services.receipt_attach(entry=expense, data=data, acting_user=user)


@recipe("treasury", "budget_set", "treasury.budget_set")
def _budget_set() -> Call:
    user = treasurer()
    travel = _travel(user)
    return lambda: treasury_services.budget_set(
        year=YEAR, account=travel, money=usd("2000.00"), acting_user=user
    )


# --- reports --------------------------------------------------------------------------------


@recipe("treasury", "report_freeze", "treasury.report_freeze")
def _report_freeze() -> Call:
    user = treasurer()
    item = make_item(make_assembly(), ItemKind.REPORT, "Treasurer's report")
    return lambda: treasury_services.report_freeze(
        item=item,
        start=datetime.date(YEAR, 1, 1),
        end=datetime.date(YEAR, 12, 31),
        acting_user=user,
    )


@recipe("treasury", "ledger_export", "treasury.ledger_export")
def _ledger_export() -> Call:
    user = treasurer()
    treasury_services.contribution_record(
        donor="Solidarity night", money=usd("25.00"), date=DAY, acting_user=user
    )
    return lambda: treasury_services.ledger_export(acting_user=user)
