"""Seats as data, terms, who held which seat on any date, and the constitution's versions."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from alyansa.audit.models import AuditEvent
from alyansa.governance.models import Body, Seat
from alyansa.governance.selectors import composition
from alyansa.governance.services import (
    GovernanceRuleError,
    mandate_assign,
    mandate_end,
    seats_configure_standard,
)
from alyansa.governance.testing import make_body, make_constitution, make_seat, make_term
from alyansa.members.exporting import EXPORT_COLUMNS, export_rows
from alyansa.members.models import MembershipStatus
from alyansa.members.services import membership_admit, membership_record, person_erase
from alyansa.members.testing import make_country, make_organization, make_person, make_region
from conftest import client_for

pytestmark = pytest.mark.django_db
D = datetime.date


def _regional_setup():  # type: ignore[no-untyped-def]
    asia, europe = make_region("Asia"), make_region("Europe")
    icb = make_body()
    executive = make_body("Executive Committee", kind=Body.Kind.EXECUTIVE, elected_by=icb)
    seats_configure_standard(
        coordinating_body=icb,
        executive_committee=executive,
        at_large=2,
        alternates=2,
        acting_user=None,
    )
    return asia, europe, icb, executive


def test_standard_statutes_become_seat_rows_one_per_region():
    asia, europe, icb, executive = _regional_setup()
    regional = icb.seats.filter(kind=Seat.Kind.REGIONAL)
    assert set(regional.values_list("region", flat=True)) >= {asia.pk, europe.pk}
    assert icb.seats.get(kind=Seat.Kind.AT_LARGE).holders == 2
    assert list(executive.seats.values_list("name", flat=True)) == [
        "Chairperson",
        "Vice Chairperson",
        "Secretary General",
        "Deputy Secretary General",
        "Treasurer",
    ]


def test_a_regional_seat_goes_only_to_a_member_of_that_region():
    asia, europe, icb, _executive = _regional_setup()
    term = make_term(icb)
    seat = icb.seats.get(region=asia)
    european = make_organization(country=make_country("DE", region=europe))
    with pytest.raises(GovernanceRuleError, match="This seat goes to a member of Asia"):
        mandate_assign(
            term=term, seat=seat, person=make_person(organization=european), acting_user=None
        )
    asian = make_organization(country=make_country("PH", region=asia))
    mandate_assign(term=term, seat=seat, person=make_person(organization=asian), acting_user=None)


def test_a_seat_never_has_more_holders_than_its_rule_allows():
    icb = make_body()
    seat = make_seat(icb, holders=1)
    term = make_term(icb)
    mandate_assign(term=term, seat=seat, person=make_person("A"), acting_user=None)
    with pytest.raises(GovernanceRuleError, match="Every place of this seat is taken on that date"):
        mandate_assign(term=term, seat=seat, person=make_person("B"), acting_user=None)


def test_an_office_goes_only_to_a_member_of_the_electing_body():
    asia, _europe, icb, executive = _regional_setup()
    org = make_organization(country=make_country("PH", region=asia))
    sitting, outsider = make_person("Sitting", organization=org), make_person("Outsider")
    icb_term, ec_term = make_term(icb), make_term(executive)
    mandate_assign(term=icb_term, seat=icb.seats.get(region=asia), person=sitting, acting_user=None)
    chair = executive.seats.get(name="Chairperson")
    with pytest.raises(GovernanceRuleError, match="An office goes to someone who sits in"):
        mandate_assign(term=ec_term, seat=chair, person=outsider, acting_user=None)
    mandate_assign(term=ec_term, seat=chair, person=sitting, acting_user=None)


def test_composition_is_answered_for_any_date():
    icb = make_body()
    seat = make_seat(icb, alternates=1)
    first = make_term(icb, D(2019, 6, 1))
    old = mandate_assign(term=first, seat=seat, person=make_person("Old Holder"), acting_user=None)
    mandate_assign(
        term=first,
        seat=seat,
        person=make_person("Next In Line"),
        alternate_rank=1,
        acting_user=None,
    )
    second = make_term(icb, D(2023, 6, 1))
    mandate_assign(term=second, seat=seat, person=make_person("New Holder"), acting_user=None)
    old.refresh_from_db()
    assert old.ends_on == D(2023, 5, 31)
    on_2020 = composition(icb, D(2020, 1, 1))[0]
    assert [m.public_name for m in on_2020.holders] == ["Old Holder"]
    assert [m.public_name for m in on_2020.alternates] == ["Next In Line"]
    assert [m.public_name for m in composition(icb, D(2024, 1, 1))[0].holders] == ["New Holder"]


def test_an_alternate_steps_up_when_a_holder_leaves_early():
    icb = make_body()
    seat = make_seat(icb, alternates=1)
    term = make_term(icb, D(2023, 6, 1))
    holder = mandate_assign(term=term, seat=seat, person=make_person("Holder"), acting_user=None)
    mandate_end(mandate=holder, ends_on=D(2024, 1, 31), reason="Resigned", acting_user=None)
    mandate_assign(
        term=term,
        seat=seat,
        person=make_person("Alternate"),
        starts_on=D(2024, 2, 1),
        acting_user=None,
    )
    assert [m.public_name for m in composition(icb, D(2024, 3, 1))[0].holders] == ["Alternate"]


def test_erasing_a_person_keeps_the_published_record_of_public_office():
    icb = make_body()
    seat = make_seat(icb)
    person = make_person("Public Officer", contact="+63 900 000 0000")
    mandate = mandate_assign(term=make_term(icb), seat=seat, person=person, acting_user=None)
    person_erase(person=person, acting_user=None)
    mandate.refresh_from_db()
    assert mandate.public_name == "Public Officer"
    person.refresh_from_db()
    assert str(person) == "Former participant" and person.contact == ""


def test_constitution_versions_are_numbered_and_name_the_ratifying_assembly():
    make_constitution("Constitution", adopted_on=D(2015, 5, 1))
    second = make_constitution("Constitution (amended)", adopted_on=D(2019, 6, 1))
    assert second.number == 2 and second.ratified_by_name == "General Assembly 2019"
    response = client_for(None).get(reverse("governance:constitution"))
    assert b"Constitution (amended)" in response.content
    with pytest.raises(GovernanceRuleError, match="cannot be older than the one before it"):
        make_constitution("Older", adopted_on=D(2010, 1, 1))


def test_bodies_page_query_count_does_not_grow_with_seats(django_assert_max_num_queries):
    _asia, _europe, icb, _executive = _regional_setup()
    term = make_term(icb)
    seat = icb.seats.get(kind=Seat.Kind.AT_LARGE)
    mandate_assign(
        term=term,
        seat=seat,
        person=make_person("Holder"),
        organization=make_organization(),
        acting_user=None,
    )
    with django_assert_max_num_queries(8):
        response = client_for(None).get(reverse("governance:bodies"))
    assert b"Holder" in response.content


def test_the_secretariat_records_a_mandate_and_the_seat_rules_are_enforced_on_the_page(
    secretariat,
):
    icb = make_body()
    seat = make_seat(icb, holders=1)
    term = make_term(icb)
    first, second = make_person("First Holder"), make_person("Second Holder")
    client = client_for(secretariat)
    url = reverse("governance:body_manage", args=[icb.slug])
    data = {"action": "mandate", "mandate-term": term.pk, "mandate-seat": seat.pk}
    assert client.post(url, {**data, "mandate-person": first.pk}).status_code == 302
    response = client.post(url, {**data, "mandate-person": second.pk})
    assert response.status_code == 200
    assert "Every place of this seat is taken" in response.content.decode()
    assert [m.public_name for m in composition(icb, D(2024, 1, 1))[0].holders] == ["First Holder"]


def test_the_secretariat_records_a_constitution_amendment_on_the_page(secretariat):
    make_constitution(adopted_on=D(2016, 6, 1))
    response = client_for(secretariat).post(
        reverse("governance:constitution_amend"),
        {
            "title": "Constitution",
            "text": "Article 1.",
            "adopted_on": "2023-08-25",
            "ratified_by": "3rd General Assembly (2023)",
            "summary": "Chapters",
        },
    )
    assert response.status_code == 302
    page = client_for(None).get(reverse("governance:constitution"))
    assert b"3rd General Assembly (2023)" in page.content


def test_a_seat_holders_organization_at_risk_is_not_named_in_public():
    icb = make_body()
    seat = make_seat(icb)
    hidden = make_organization("Hidden Union", acronym="HIDU", at_risk=True)
    mandate_assign(
        term=make_term(icb),
        seat=seat,
        person=make_person("Brave Holder"),
        organization=hidden,
        acting_user=None,
    )
    page = client_for(None).get(reverse("governance:bodies")).content.decode()
    assert "Brave Holder" in page and "HIDU" not in page
    api = client_for(None).get(f"/api/v1/governance/bodies/{icb.slug}").json()
    assert api["seats"][0]["held_by"][0]["organization"] is None


def test_the_secretariat_ends_a_mandate_early_on_the_page(secretariat):
    icb = make_body()
    seat = make_seat(icb, alternates=1)
    term = make_term(icb)
    holder = mandate_assign(term=term, seat=seat, person=make_person("Holder"), acting_user=None)
    client = client_for(secretariat)
    url = reverse("governance:body_manage", args=[icb.slug])
    assert "Holder" in client.get(url).content.decode()
    data = {"action": "end", "end-mandate": holder.pk, "end-reason": "Resigned"}
    too_early = client.post(url, {**data, "end-ends_on": "2020-01-01"})
    assert "A mandate cannot end before it starts." in too_early.content.decode()
    response = client.post(url, {**data, "end-ends_on": "2024-01-31"})
    assert response.status_code == 302
    holder.refresh_from_db()
    assert (holder.ends_on, holder.end_reason) == (D(2024, 1, 31), "Resigned")
    assert composition(icb, D(2024, 2, 1))[0].holders == []
    audit = AuditEvent.objects.get(action="mandate.end")
    assert audit.actor == secretariat


def test_a_mandate_is_not_extended_past_its_end(secretariat):
    icb = make_body()
    seat = make_seat(icb)
    holder = mandate_assign(term=make_term(icb), seat=seat, person=make_person(), acting_user=None)
    mandate_end(mandate=holder, ends_on=D(2024, 1, 31), reason="Resigned", acting_user=None)
    with pytest.raises(GovernanceRuleError, match="already ends on 2024-01-31"):
        mandate_end(mandate=holder, ends_on=D(2025, 1, 31), reason="Oops", acting_user=None)


def test_a_coordinator_cannot_end_a_mandate(member_organization, coordinator_of):
    icb = make_body()
    holder = mandate_assign(
        term=make_term(icb), seat=make_seat(icb), person=make_person(), acting_user=None
    )
    response = client_for(coordinator_of).post(
        reverse("governance:body_manage", args=[icb.slug]),
        {"action": "end", "end-mandate": holder.pk, "end-ends_on": "2024-01-31", "end-reason": "x"},
    )
    assert response.status_code == 403
    holder.refresh_from_db()
    assert holder.ends_on is None


def test_an_admission_decided_by_a_body_is_exported_with_the_bodys_name(secretariat):
    icb = make_body("International Coordinating Body")
    org = make_organization("Applicant Union", member_since=None)
    membership_record(
        organization=org, status=MembershipStatus.APPLIED, date=D(2024, 1, 5), acting_user=None
    )
    membership_admit(organization=org, decided_by=icb, date=D(2024, 2, 1), acting_user=secretariat)
    event = org.membership.events.get(status="admitted")
    assert event.decided_by_ref == f"governance.body:{icb.pk}"
    [row] = [dict(zip(EXPORT_COLUMNS, r, strict=True)) for r in export_rows()]
    assert row["decided_by"] == "International Coordinating Body"
    assert secretariat.email not in row.values()
