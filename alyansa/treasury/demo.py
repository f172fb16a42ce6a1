"""This app's part of the demo alliance (called by alyansa/portal/demo.py, after voting).

- A treasurer (two-factor, printed for the newcomer) keeps the books.
- Countries in the World Bank's four income groups; dues for each of the last five years by
  membership category and income group, adopted by the coordinating body (this year's by the
  last General Assembly), assessed for every member organization.
- Payments over five years: most organizations pay, in dollars or in their own currency at a
  rate entered by hand, by bank transfer or mobile money; some pay late or in part, a few
  not at all (two of those sent delegates to the coming assembly); one had a year waived
  after a typhoon.
- The statutes, amended at the last assembly: more than two years in arrears, no vote unless
  the assembly waives it. The coming assembly's check-in desk shows who may not vote and why;
  cash one of them paid at early registration waits for a second person.
- Two restricted grants, one partly spent; contributions; expenses by category, one with a
  picture of its receipt; this year's budget; the treasurer's report since the last assembly
  put to the coming assembly's agenda.
"""

from __future__ import annotations

import datetime
import io
import random
from decimal import Decimal

from django.utils import timezone
from PIL import Image, ImageDraw

from alyansa.accounts.demo import demo_user
from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant
from alyansa.assemblies.demo import PAST_SLUG, UPCOMING_SLUG
from alyansa.assemblies.models import AgendaItem, Assembly, ItemKind, Participant
from alyansa.assemblies.services import item_create
from alyansa.governance.models import Body
from alyansa.members.demo import DEMO_COORDINATOR_ORG
from alyansa.members.models import Country, MembershipCategory, Organization
from alyansa.treasury.chart import BANK, CASH
from alyansa.treasury.models import Account, PaymentMethod
from alyansa.treasury.money import Money
from alyansa.treasury.reporting import default_period
from alyansa.treasury.services import (
    account_open,
    budget_set,
    contribution_record,
    decision_record,
    dues_assess,
    dues_schedule_adopt,
    dues_waive,
    entry_reverse,
    exchange_rate_set,
    expense_record,
    fund_create,
    grant_record,
    income_group_set,
    income_groups_standard,
    payment_record,
    report_freeze,
    standing_rule_set,
)
from alyansa.treasury.standing import standing_on

# The World Bank's classification, roughly as it stood in 2025 (Taiwan counted as high).
INCOME_GROUPS = {
    "high": ["HK", "TW", "JP", "KR", "AU", "AE", "SA", "QA", "IT", "GB", "US"],
    "upper-middle": ["MY", "ID", "ZA", "MX", "GT"],
    "lower-middle": ["PH", "NP", "BD", "LB", "KE", "VN", "LK", "MM", "HN", "IN", "PK"],
    "low": ["ET"],
}
# Yearly dues of a full member in US dollars; associate members pay half.
FULL_DUES = {"low": 25, "lower-middle": 60, "upper-middle": 120, "high": 240}
# Currencies some organizations pay in, and what a dollar bought (by hand, once a year).
LOCAL = {"PH": ("PHP", Decimal("56.20")), "HK": ("HKD", Decimal("7.81"))}


def load(rng: random.Random) -> list[str]:
    treasurer, lines = demo_user("treasurer", "Maricel Santos", rng=rng, two_factor=True)
    role_grant(user=treasurer, role=Role.TREASURER)
    today = timezone.localdate()
    years = list(range(today.year - 4, today.year + 1))
    _dues(treasurer, years)
    _payments(rng, treasurer, years, today)
    _statute_and_desk(treasurer, today)
    _funds(treasurer, today)
    _report(treasurer)
    return ["Treasurer:", *lines]


def _dues(treasurer: User, years: list[int]) -> None:
    groups = {group.slug: group for group in income_groups_standard(acting_user=treasurer)}
    for slug, codes in INCOME_GROUPS.items():
        for country in Country.objects.filter(code__in=codes):
            income_group_set(country=country, group=groups[slug], acting_user=treasurer)
    icb = Body.objects.filter(kind=Body.Kind.COORDINATING).first()
    past_report = AgendaItem.objects.filter(
        assembly__slug=PAST_SLUG, title="Treasurer's report"
    ).first()
    for year in years:
        # Dues rise by a tenth after the last assembly.
        rise = Decimal("1.1") if year == years[-1] else Decimal(1)
        rates = {}
        for slug, group in groups.items():
            full = (Decimal(FULL_DUES[slug]) * rise).quantize(Decimal(1))
            rates[(MembershipCategory.FULL.value, group)] = Money(full, "USD")
            rates[(MembershipCategory.ASSOCIATE.value, group)] = Money(full / 2, "USD")
        if year == years[-1] and past_report is not None:
            decision = decision_record(item=past_report, acting_user=treasurer)
        else:
            decision = decision_record(
                body=icb,
                decided_on=datetime.date(year - 1, 11, 20),
                reference=f"ICB resolution {year - 1}-07",
                acting_user=treasurer,
            )
        dues_schedule_adopt(
            year=year,
            currency="USD",
            due_on=datetime.date(year, 3, 31),
            rates=rates,
            decision=decision,
            acting_user=treasurer,
        )
        dues_assess(year=year, acting_user=treasurer)
    # Members admitted during this year are charged from their admission on.
    dues_assess(year=years[-1], on=timezone.localdate(), acting_user=treasurer)


def _late_payers(rng: random.Random) -> tuple[list[Organization], list[Organization]]:
    """Who pays nothing (two of them registered for the coming assembly) and who pays late."""
    upcoming = Assembly.objects.get(slug=UPCOMING_SLUG)
    registered = list(
        Organization.objects.filter(
            assembly_participants__assembly=upcoming,
            assembly_participants__kind=Participant.Kind.DELEGATE,
            membership__category=MembershipCategory.FULL,
        )
        .exclude(name=DEMO_COORDINATOR_ORG)
        .distinct()
        .order_by("pk")
    )
    others = list(
        Organization.objects.current_members()
        .exclude(pk__in=[o.pk for o in registered])
        .exclude(name=DEMO_COORDINATOR_ORG)
        .order_by("pk")
    )
    never = registered[:2] + rng.sample(others, 4)
    late = rng.sample([o for o in others if o not in never], 18)
    return never, late


def _payments(rng: random.Random, treasurer: User, years: list[int], today: datetime.date) -> None:
    for currency, rate in LOCAL.values():
        for year in years:
            exchange_rate_set(
                day=datetime.date(year, 1, 2),
                base="USD",
                quote=currency,
                rate=rate + Decimal(year - years[0]) / 10,
                acting_user=treasurer,
            )
    never, late = _late_payers(rng)
    never_ids, late_ids = {o.pk for o in never}, {o.pk for o in late}
    end = today
    standings = standing_on(end)
    members = Organization.objects.current_members().select_related("country").order_by("pk")
    for organization in members:
        standing = standings.get(organization.pk)
        if standing is None or organization.pk in never_ids:
            continue
        for owed in standing.years:
            if organization.pk in late_ids and owed.year >= years[-2] and rng.random() < 0.7:
                continue  # has not paid the last two years (or not all of them)
            if owed.year == years[-1] and rng.random() < 0.35:
                continue  # this year's dues, not yet due or paid late
            day = min(
                datetime.date(owed.year, 2, 1) + datetime.timedelta(days=rng.randint(0, 120)), end
            )
            amount = owed.charged
            if rng.random() < 0.1:
                amount = Money((amount.amount / 2).quantize(Decimal("0.01")), "USD")
            _pay(rng, treasurer, organization, amount, day)
    # A transfer typed twice, corrected by reversing it.
    twice = _pay(rng, treasurer, members.first(), Money(Decimal("60"), "USD"), end)  # type: ignore[arg-type]
    entry_reverse(entry=twice, reason="Recorded twice", acting_user=treasurer)
    # A typhoon: the coordinating body waived a year of dues for one organization.
    flooded = next((o for o in late if o.country.code == "PH"), late[0])
    icb = Body.objects.filter(kind=Body.Kind.COORDINATING).first()
    decision = decision_record(
        body=icb,
        decided_on=datetime.date(years[-2], 11, 5),
        reference=f"ICB resolution {years[-2]}-11 (typhoon relief)",
        acting_user=treasurer,
    )
    waived_on = min(datetime.date(years[-2], 11, 6), end)
    owes = standing_on(waived_on, [flooded.pk]).get(flooded.pk)
    unpaid = [one.year for one in (owes.years if owes else []) if one.outstanding_minor]
    if unpaid:
        dues_waive(
            organization=flooded,
            year=unpaid[-1],
            decision=decision,
            date=waived_on,
            acting_user=treasurer,
        )


def _pay(
    rng: random.Random,
    treasurer: User,
    organization: Organization,
    amount: Money,
    day: datetime.date,
):  # type: ignore[no-untyped-def]
    local = LOCAL.get(organization.country.code)
    if local is not None and rng.random() < 0.5:
        currency, rate = local
        amount = Money((amount.amount * rate).quantize(Decimal(1)), currency)
        method = PaymentMethod.CASH if rng.random() < 0.3 else PaymentMethod.MOBILE_MONEY
        return payment_record(
            organization=organization,
            money=amount,
            date=day,
            method=method,
            reference="" if method == PaymentMethod.CASH else f"GC{rng.randint(10**7, 10**8)}",
            acting_user=treasurer,
        )
    return payment_record(
        organization=organization,
        money=amount,
        date=day,
        method=PaymentMethod.BANK_TRANSFER,
        reference=f"TRF-{day:%Y%m%d}-{rng.randint(100, 999)}",
        acting_user=treasurer,
    )


def _statute_and_desk(treasurer: User, today: datetime.date) -> None:
    """The statute the last assembly adopted, and cash paid at the coming one's early desk."""
    constitution = AgendaItem.objects.filter(
        assembly__slug=PAST_SLUG, kind=ItemKind.CONSTITUTIONAL
    ).first()
    decision = decision_record(item=constitution, acting_user=treasurer) if constitution else None
    if decision is not None:
        standing_rule_set(
            effective_from=decision.decided_on,
            max_years_in_arrears=2,
            decision=decision,
            acting_user=treasurer,
        )
    upcoming = Assembly.objects.get(slug=UPCOMING_SLUG)
    restricted = (
        Organization.objects.filter(assembly_participants__assembly=upcoming)
        .exclude(name=DEMO_COORDINATOR_ORG)
        .order_by("pk")
    )
    standings = standing_on(today, [o.pk for o in restricted])
    payer = next(
        (o for o in restricted if standings.get(o.pk) and standings[o.pk].years_in_arrears > 2),
        None,
    )
    if payer is not None:
        payment_record(
            organization=payer,
            money=Money(Decimal("100"), "USD"),
            date=today,
            method=PaymentMethod.CASH,
            assembly=upcoming,
            acting_user=treasurer,
        )


def _receipt_picture() -> bytes:
    picture = Image.new("RGB", (320, 200), "white")
    ImageDraw.Draw(picture).text((20, 20), "Ferry tickets x4\nTotal PHP 3,200", fill="black")
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def _funds(treasurer: User, today: datetime.date) -> None:
    bank, cash = Account.objects.get(path=BANK), Account.objects.get(path=CASH)
    start = today.replace(month=1, day=1)
    shelter = fund_create(
        name="Emergency shelter fund",
        donor="Solidarity Foundation",
        restriction="Shelter and food for workers who fled abusive employers.",
        acting_user=treasurer,
    )
    legal = fund_create(
        name="Legal aid fund",
        donor="Migrant Rights Trust",
        restriction="Lawyers' fees for cases of wage theft and trafficking.",
        acting_user=treasurer,
    )
    grant_record(
        fund=shelter,
        money=Money(Decimal("12000"), "USD"),
        date=start,
        reference="SF-2026-04",
        acting_user=treasurer,
    )
    grant_record(
        fund=legal,
        money=Money(Decimal("8000"), "USD"),
        date=start,
        reference="MRT-118",
        acting_user=treasurer,
    )
    accounts = {
        path: account_open(path=path, name=name, acting_user=treasurer)
        for path, name in [
            ("Expenses:Travel", "Travel"),
            ("Expenses:Office", "Office and communications"),
            ("Expenses:Shelter", "Shelter"),
            ("Expenses:Legal-Aid", "Legal aid"),
            ("Expenses:Assembly", "General Assembly"),
        ]
    }
    spent = [
        ("Expenses:Office", "Office rent, January to March", "1800", None, bank),
        ("Expenses:Shelter", "Two months' rent of the shelter in Kowloon", "4200", shelter, bank),
        ("Expenses:Legal-Aid", "Lawyer's fees, wage-theft case in Taipei", "2500", legal, bank),
        ("Expenses:Assembly", "Hall deposit for the coming assembly", "1500", None, bank),
    ]
    for number, (path, description, amount, fund, paid_from) in enumerate(spent):
        expense_record(
            account=accounts[path],
            money=Money(Decimal(amount), "USD"),
            date=min(start + datetime.timedelta(days=20 + 30 * number), today),
            description=description,
            fund=fund,
            paid_from=paid_from,
            acting_user=treasurer,
        )
    expense_record(
        account=accounts["Expenses:Travel"],
        money=Money(Decimal("3200"), "PHP"),
        date=min(start + datetime.timedelta(days=45), today),
        description="Ferry tickets for the Visayas organizers",
        paid_from=cash,
        receipt=_receipt_picture(),
        acting_user=treasurer,
    )
    contribution_record(
        donor="Solidarity night in Milan",
        money=Money(Decimal("640.50"), "USD"),
        date=min(start + datetime.timedelta(days=60), today),
        acting_user=treasurer,
    )
    for path, amount in [
        ("Expenses:Travel", "6000"),
        ("Expenses:Office", "7200"),
        ("Expenses:Shelter", "10000"),
        ("Expenses:Legal-Aid", "6000"),
        ("Expenses:Assembly", "15000"),
    ]:
        budget_set(
            year=today.year,
            account=accounts[path],
            money=Money(Decimal(amount), "USD"),
            acting_user=treasurer,
        )
    income = Account.objects.get(path="Income:Dues")
    budget_set(
        year=today.year, account=income, money=Money(Decimal("22000"), "USD"), acting_user=treasurer
    )


def _report(treasurer: User) -> None:
    """The report since the last assembly, put to the coming one's agenda."""
    upcoming = Assembly.objects.get(slug=UPCOMING_SLUG)
    item = item_create(
        assembly=upcoming,
        kind=ItemKind.REPORT,
        title="Treasurer's report",
        text="Income, expenses, funds and dues since the 4th General Assembly.",
        acting_user=treasurer,
    )
    start, end = default_period()
    report_freeze(item=item, start=start, end=end, acting_user=treasurer)
