"""Dues are assessed by category and income group, payments pay the oldest year first, and
arrears, computed from the ledger, take the vote only when the statutes say so."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from alyansa.audit.models import AuditEvent
from alyansa.members.models import MembershipCategory
from alyansa.members.testing import make_country, make_organization
from alyansa.treasury.audit_actions import AuditAction
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import Entry, EntryKind, PaymentMethod
from alyansa.treasury.money import Money
from alyansa.treasury.services import (
    dues_assess,
    dues_waive,
    entry_reverse,
    exchange_rate_set,
    grace_grant,
    payment_record,
    standing_rule_set,
)
from alyansa.treasury.standing import rule_on, standing_on
from alyansa.treasury.testing import make_decision, make_dues, usd

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_years(treasurer, member_organization):  # type: ignore[no-untyped-def]
    """Dues of 100 USD (full members) for 2022, 2023 and 2024, assessed."""
    for year in (2022, 2023, 2024):
        make_dues(treasurer, year=year)
        dues_assess(year=year, acting_user=treasurer)
    return member_organization


def _pay(organization, amount: str, day: datetime.date, user, **extra):  # type: ignore[no-untyped-def]
    return payment_record(
        organization=organization,
        money=usd(amount),
        date=day,
        method=extra.pop("method", PaymentMethod.BANK_TRANSFER),
        reference=extra.pop("reference", "TRF-1"),
        acting_user=user,
        **extra,
    )


def test_dues_follow_the_category_and_the_country_income_group(treasurer) -> None:  # type: ignore[no-untyped-def]
    manila = make_organization("Manila Workers", country=make_country("PH"))
    associate = make_organization(
        "Support Centre", country=make_country("PH"), category=MembershipCategory.ASSOCIATE
    )
    make_dues(treasurer, year=2024, full="120", associate="40")
    entries = dues_assess(year=2024, acting_user=treasurer)
    charged = {entry.organization_id: entry.legs.get(amount_minor__gt=0).money for entry in entries}
    assert charged == {manila.pk: usd("120.00"), associate.pk: usd("40.00")}


def test_assessing_again_charges_only_those_not_yet_charged(three_years, treasurer) -> None:  # type: ignore[no-untyped-def]
    assert dues_assess(year=2024, acting_user=treasurer) == []
    newcomer = make_organization("Newcomers", member_since=datetime.date(2024, 6, 1))
    assert dues_assess(year=2024, acting_user=treasurer) == [], "not a member on 1 January"
    (added,) = dues_assess(year=2024, on=datetime.date(2024, 6, 1), acting_user=treasurer)
    assert added.organization_id == newcomer.pk
    # Three months to pay from admission, as the others had from 1 January.
    assert added.due_on == datetime.date(2024, 8, 30)


def test_a_country_without_an_income_group_stops_the_assessment(treasurer) -> None:  # type: ignore[no-untyped-def]
    make_organization("Kenyan Migrants", country=make_country("KE"))
    make_dues(treasurer, year=2024)
    with pytest.raises(TreasuryRuleError, match="income group first: KE"):
        dues_assess(year=2024, acting_user=treasurer)


def test_payments_pay_the_oldest_year_first_and_arrears_follow(three_years, treasurer) -> None:  # type: ignore[no-untyped-def]
    organization = three_years
    _pay(organization, "150.00", datetime.date(2024, 2, 2), treasurer)
    standing = standing_on(datetime.date(2024, 12, 31), [organization.pk])[organization.pk]
    outstanding = {year.year: year.outstanding for year in standing.years}
    assert outstanding == {2022: usd("0.00"), 2023: usd("50.00"), 2024: usd("100.00")}
    assert standing.years_in_arrears == 2
    # Before the 2024 dues fell due, only 2023 was in arrears.
    early = standing_on(datetime.date(2024, 3, 31), [organization.pk])[organization.pk]
    assert [year.year for year in early.overdue] == [2023]


def test_a_reversed_payment_counts_for_nothing(three_years, treasurer) -> None:  # type: ignore[no-untyped-def]
    organization = three_years
    payment = _pay(organization, "300.00", datetime.date(2024, 5, 2), treasurer)
    entry_reverse(
        entry=payment,
        reason="The transfer bounced",
        acting_user=treasurer,
        date=datetime.date(2024, 6, 1),
    )
    standing = standing_on(datetime.date(2024, 12, 31), [organization.pk])[organization.pk]
    assert standing.years_in_arrears == 3
    assert standing_on(datetime.date(2024, 5, 31), [organization.pk])[organization.pk].overdue == []


def test_paying_more_than_owed_leaves_a_credit(three_years, treasurer) -> None:  # type: ignore[no-untyped-def]
    _pay(three_years, "350.00", datetime.date(2024, 5, 2), treasurer)
    standing = standing_on(datetime.date(2024, 12, 31), [three_years.pk])[three_years.pk]
    assert standing.overdue == []
    assert standing.credit_minor == {"USD": 5000}


def test_a_payment_in_another_currency_is_credited_at_the_rate_entered(
    three_years, treasurer
) -> None:  # type: ignore[no-untyped-def]
    day = datetime.date(2024, 5, 2)
    with pytest.raises(TreasuryRuleError, match="rate of PHP in USD"):
        payment_record(
            organization=three_years,
            money=Money(Decimal("5650"), "PHP"),
            date=day,
            method=PaymentMethod.CASH,
            acting_user=treasurer,
        )
    exchange_rate_set(
        day=datetime.date(2024, 5, 1),
        base="USD",
        quote="PHP",
        rate=Decimal("56.50"),
        acting_user=treasurer,
    )
    entry = payment_record(
        organization=three_years,
        money=Money(Decimal("5650"), "PHP"),
        date=day,
        method=PaymentMethod.CASH,
        acting_user=treasurer,
    )
    legs = {(leg.account.path, leg.currency): leg.amount_minor for leg in entry.legs.all()}
    assert legs[("Assets:Cash", "PHP")] == 565000
    assert legs[("Assets:Receivable:Dues", "USD")] == -10000
    standing = standing_on(datetime.date(2024, 12, 31), [three_years.pk])[three_years.pk]
    assert [year.year for year in standing.overdue] == [2023, 2024]


def test_a_bank_transfer_needs_its_reference_and_no_payment_is_in_the_future(
    three_years, treasurer
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TreasuryRuleError, match="reference"):
        _pay(three_years, "10.00", datetime.date(2024, 5, 2), treasurer, reference="")
    with pytest.raises(TreasuryRuleError, match="future"):
        _pay(three_years, "10.00", datetime.date(2999, 1, 1), treasurer)


def test_a_grace_period_delays_arrears_and_a_waiver_clears_them(three_years, treasurer) -> None:  # type: ignore[no-untyped-def]
    organization = three_years
    day = datetime.date(2024, 12, 31)
    decision = make_decision(treasurer, decided_on=datetime.date(2024, 2, 1))
    grace_grant(
        dues_year=2024,
        until=datetime.date(2025, 6, 30),
        decision=decision,
        organization=organization,
        acting_user=treasurer,
    )
    assert [y.year for y in standing_on(day, [organization.pk])[organization.pk].overdue] == [
        2022,
        2023,
    ]
    waiver = dues_waive(
        organization=organization,
        year=2022,
        decision=decision,
        date=datetime.date(2024, 7, 1),
        acting_user=treasurer,
    )
    assert waiver.kind == EntryKind.WAIVER
    assert [y.year for y in standing_on(day, [organization.pk])[organization.pk].overdue] == [2023]
    with pytest.raises(TreasuryRuleError, match="owes nothing for 2022"):
        dues_waive(organization=organization, year=2022, decision=decision, acting_user=treasurer)


def test_standing_decides_no_vote_until_the_statutes_say_so(three_years, treasurer) -> None:  # type: ignore[no-untyped-def]
    assert rule_on(datetime.date(2024, 12, 31)) is None
    standing_rule_set(
        effective_from=datetime.date(2024, 1, 1),
        max_years_in_arrears=2,
        decision=make_decision(treasurer, decided_on=datetime.date(2023, 12, 1)),
        acting_user=treasurer,
    )
    rule = rule_on(datetime.date(2024, 12, 31))
    assert rule is not None and rule.max_years_in_arrears == 2
    assert rule_on(datetime.date(2023, 12, 31)) is None


def test_every_money_record_leaves_an_audit_row(three_years, treasurer) -> None:  # type: ignore[no-untyped-def]
    payment = _pay(three_years, "10.00", datetime.date(2024, 5, 2), treasurer)
    reversal = entry_reverse(entry=payment, reason="Typed twice", acting_user=treasurer)
    assessed = AuditEvent.objects.filter(action=AuditAction.DUES_ASSESS)
    assert assessed.count() == 3
    assessed_ids = {pk for event in assessed for pk in event.changes["entries"]}
    assert assessed_ids == set(
        Entry.objects.filter(kind=EntryKind.ASSESSMENT).values_list("pk", flat=True)
    )
    paid = AuditEvent.objects.for_object(payment).get()
    assert paid.action == AuditAction.PAYMENT_RECORD and paid.actor == treasurer
    assert paid.changes["legs"][0][1] == "10.00 USD"
    assert AuditEvent.objects.for_object(reversal).get().action == AuditAction.ENTRY_REVERSE


def test_a_reversal_is_reversed_never_and_an_entry_only_once(three_years, treasurer) -> None:  # type: ignore[no-untyped-def]
    payment = _pay(three_years, "10.00", datetime.date(2024, 5, 2), treasurer)
    reversal = entry_reverse(entry=payment, reason="Typed twice", acting_user=treasurer)
    with pytest.raises(TreasuryRuleError, match="already been reversed"):
        entry_reverse(entry=payment, reason="Again", acting_user=treasurer)
    with pytest.raises(TreasuryRuleError, match="A reversal is not reversed"):
        entry_reverse(entry=reversal, reason="Undo", acting_user=treasurer)
