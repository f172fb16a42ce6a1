"""When the statutes say so, an organization long in arrears has no vote at the assembly: its
delegates check in but the desk says why, the voting strength and the quorum leave them out,
polls give them no ballot, and the assembly can waive it by decision."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.urls import reverse

from alyansa.assemblies.models import Outcome
from alyansa.assemblies.restrictions import restrictions_for
from alyansa.assemblies.selectors import assembly_strength, voting_rights
from alyansa.assemblies.services import item_decide, item_open
from alyansa.assemblies.testing import make_assembly, make_credential, make_delegate, make_item
from alyansa.members.testing import make_organization
from alyansa.treasury.models import PaymentMethod
from alyansa.treasury.services import (
    cash_confirm,
    decision_record,
    dues_assess,
    payment_record,
    standing_rule_set,
    standing_waive,
)
from alyansa.treasury.testing import make_decision, make_dues, usd
from alyansa.voting.testing import make_open_poll
from conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def hall(treasurer):  # type: ignore[no-untyped-def]
    """An assembly in session: a delegate of an organization that paid nothing for three
    years, and one of an organization that paid everything; both present."""
    late = make_organization("Late Payers Union", acronym="LPU")
    paid = make_organization("Prompt Payers Union", acronym="PPU")
    for year in (2022, 2023, 2024):
        make_dues(treasurer, year=year)
        dues_assess(year=year, acting_user=treasurer)
    payment_record(
        organization=paid,
        money=usd("300.00"),
        date=datetime.date(2024, 5, 1),
        method=PaymentMethod.BANK_TRANSFER,
        reference="TRF-9",
        acting_user=treasurer,
    )
    assembly = make_assembly("Fifth General Assembly", delegate_quota=1)
    late_delegate = make_delegate("Lena Late", assembly=assembly, organization=late, present=True)
    paid_delegate = make_delegate("Pia Paid", assembly=assembly, organization=paid, present=True)
    return assembly, late_delegate, paid_delegate


def _statute(treasurer, years: int) -> None:  # type: ignore[no-untyped-def]
    standing_rule_set(
        effective_from=datetime.date(2021, 1, 1),
        max_years_in_arrears=years,
        decision=make_decision(treasurer, decided_on=datetime.date(2020, 12, 1)),
        acting_user=treasurer,
    )


def test_without_a_statute_arrears_take_no_vote(hall) -> None:  # type: ignore[no-untyped-def]
    assembly, late, paid = hall
    strength = assembly_strength(assembly)
    assert (strength.registered_votes, strength.present_votes) == (2, 2)
    assert voting_rights(assembly) == {late.pk: 1, paid.pk: 1}


def test_the_statute_takes_the_vote_and_the_quorum_follows(hall, treasurer) -> None:  # type: ignore[no-untyped-def]
    assembly, _late, paid = hall
    _statute(treasurer, years=2)
    strength = assembly_strength(assembly)
    assert (strength.registered_votes, strength.present_votes) == (1, 1)
    assert strength.quorum_votes == 1
    assert strength.present_delegates == 2
    assert strength.restricted_delegates == 1
    assert voting_rights(assembly) == {paid.pk: 1}


def test_a_poll_gives_no_ballot_to_an_organization_without_a_vote(hall, treasurer) -> None:  # type: ignore[no-untyped-def]
    assembly, _late, paid = hall
    _statute(treasurer, years=2)
    poll = make_open_poll(assembly)
    assert list(poll.entitlements.values_list("holder_id", flat=True)) == [paid.pk]


def test_three_years_are_not_more_than_three(hall, treasurer) -> None:  # type: ignore[no-untyped-def]
    assembly, late, paid = hall
    _statute(treasurer, years=3)
    assert voting_rights(assembly) == {late.pk: 1, paid.pk: 1}


def test_the_desk_says_why_and_traces_it_to_the_ledger(hall, treasurer, secretariat) -> None:  # type: ignore[no-untyped-def]
    assembly, late, _paid = hall
    _statute(treasurer, years=2)
    client = client_for(secretariat)
    url = reverse("assemblies:check_in", kwargs={"slug": assembly.slug})
    page = client.get(url).content.decode()
    assert "Late Payers Union: 3 years of dues unpaid; the statutes allow at most 2." in page
    assert "Dues 2022: 100.00 USD charged, due by 2022-03-31" in page
    assessment = late.organization and reverse(
        "treasury:organization", kwargs={"organization_id": late.organization.pk}
    )
    assert assessment in page
    _credential, secret = make_credential(late)
    response = client.post(url, {"code": secret, "action": "in"}, follow=True)
    assert "Late Payers Union (LPU) may not vote at this assembly" in response.content.decode()


def test_paying_at_the_desk_restores_the_vote_once_a_second_person_confirms(
    hall, treasurer, officer
) -> None:  # type: ignore[no-untyped-def]
    assembly, late, paid = hall
    _statute(treasurer, years=2)
    cash = payment_record(
        organization=late.organization,
        money=usd("200.00"),
        date=datetime.date(2024, 6, 1),
        method=PaymentMethod.CASH,
        assembly=assembly,
        acting_user=treasurer,
    )
    assert voting_rights(assembly) == {paid.pk: 1}, "cash waiting for confirmation counts nothing"
    cash_confirm(entry=cash, acting_user=officer)
    assert voting_rights(assembly) == {late.pk: 1, paid.pk: 1}


def test_the_assembly_can_waive_it_by_decision(hall, treasurer, secretariat) -> None:  # type: ignore[no-untyped-def]
    assembly, late, paid = hall
    _statute(treasurer, years=2)
    item = make_item(assembly, "procedural", "Waiver for the Late Payers Union")

    item_open(item=item, acting_user=None)
    item_decide(item=item, outcome=Outcome.APPROVED, acting_user=None)
    decision = decision_record(item=item, acting_user=secretariat)
    standing_waive(
        organization=late.organization,
        assembly=assembly,
        decision=decision,
        acting_user=secretariat,
    )
    assert voting_rights(assembly) == {late.pk: 1, paid.pk: 1}
    other = make_assembly("Sixth General Assembly")
    make_delegate("Lena Again", assembly=other, organization=late.organization, present=True)
    assert voting_rights(other) == {}, "a waiver holds at the assembly that decided it"


@pytest.mark.parametrize(
    ("zone", "local_start", "restricted"),
    [
        # 08:00 on 1 January in Manila is still 31 December in UTC: the 2024 dues, due by
        # 31 December, are overdue on the assembly's own first day.
        ("Asia/Manila", (2025, 1, 1, 8), True),
        # 16:00 on 31 December in Los Angeles is already 1 January in UTC: not yet overdue.
        ("America/Los_Angeles", (2024, 12, 31, 16), False),
    ],
)
def test_standing_is_judged_on_the_assembly_s_own_first_day(
    treasurer, zone, local_start, restricted
) -> None:  # type: ignore[no-untyped-def]

    late = make_organization("Year-end Payers")
    make_dues(treasurer, year=2024, due_on=datetime.date(2024, 12, 31))
    dues_assess(year=2024, acting_user=treasurer)
    _statute(treasurer, years=0)
    starts_at = datetime.datetime(*local_start, tzinfo=zoneinfo.ZoneInfo(zone))
    assembly = make_assembly(
        "Year-end Assembly", starts_at=starts_at, time_zone=zone, status="announced"
    )
    assert (late.pk in restrictions_for(assembly)) is restricted
