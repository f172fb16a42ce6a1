"""The registry's rules, through its services."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import translation

from alyansa.audit.models import AuditEvent
from alyansa.audit.services import audit_record
from alyansa.members.audit_actions import Action, membership_action
from alyansa.members.models import Country, Language, MembershipStatus, Organization, Region, Sector
from alyansa.members.selectors import growth_series, joined_and_left, member_counts
from alyansa.members.services import (
    TRANSITIONS,
    MembershipRuleError,
    Profile,
    application_confirm,
    application_submit,
    applications_forget_unconfirmed,
    membership_admit,
    membership_category_change,
    membership_decline,
    membership_expel,
    membership_record,
    membership_reinstate,
    membership_suspend,
    membership_withdraw,
    organization_update,
    person_erase,
    person_export,
    reference_data_load,
)
from alyansa.members.testing import make_country, make_organization, make_person, make_region

# Dates of decisions and terms: run under the clocks of conftest.CLOCKS.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

D = datetime.date


def test_reference_data_loads_regions_and_iso_countries_once():
    first = reference_data_load()
    assert first["regions"] == 7
    assert Country.objects.filter(code="PH", region__slug="asia-pacific").exists()
    assert Country.objects.count() > 240
    assert Language.objects.filter(code="tl").exists()
    again = reference_data_load()
    assert not any(again.values())
    assert Region.objects.count() == 7


def test_admission_is_recorded_with_the_deciding_body_and_audited(secretariat):
    org = make_organization(member_since=None)
    membership_record(
        organization=org, status=MembershipStatus.APPLIED, date=D(2023, 1, 5), acting_user=None
    )
    event = membership_admit(
        organization=org,
        decided_by="General Assembly 2023",
        date=D(2023, 3, 1),
        acting_user=secretariat,
        note="By consensus",
    )
    org.membership.refresh_from_db()
    assert org.membership.status == MembershipStatus.ADMITTED
    assert event.decided_by_name == "General Assembly 2023"
    audit = AuditEvent.objects.for_object(org).filter(action="membership.admitted").get()
    assert audit.actor == secretariat


def test_admission_needs_the_body_that_decided():
    org = make_organization(member_since=None)
    with pytest.raises(MembershipRuleError, match="Say which body decided the admission"):
        membership_admit(organization=org, decided_by="  ", acting_user=None)


def test_a_membership_cannot_be_reinstated_unless_suspended():
    org = make_organization(member_since=D(2020, 1, 1))
    with pytest.raises(MembershipRuleError, match="cannot become “Reinstated”"):
        membership_reinstate(organization=org, decided_by="ICB", acting_user=None)


def test_history_cannot_go_back_in_time():
    org = make_organization(member_since=D(2022, 1, 1))
    with pytest.raises(MembershipRuleError, match="before the membership's last step"):
        membership_suspend(organization=org, decided_by="ICB", date=D(2021, 1, 1), acting_user=None)


def test_member_counts_are_answered_for_any_date():
    asia = make_region("Asia")
    ph = make_country("PH", region=asia)
    de = make_country("DE", region=make_region("Europe"))
    a = make_organization(country=ph, member_since=D(2019, 6, 1))
    make_organization(country=ph, member_since=D(2021, 6, 1), category="associate")
    c = make_organization(country=de, member_since=D(2019, 6, 1))
    membership_suspend(organization=a, decided_by="ICB", date=D(2022, 1, 1), acting_user=None)
    membership_withdraw(organization=c, decided_by="Letter", date=D(2022, 2, 1), acting_user=None)

    assert member_counts(D(2019, 5, 31)).total == 0
    assert member_counts(D(2019, 6, 1)).total == 2
    on_2021 = member_counts(D(2021, 12, 31))
    assert on_2021.total == 3
    assert on_2021.by_category == {"full": 2, "associate": 1}
    assert dict((r.name, n) for r, n in on_2021.by_region) == {"Asia": 2, "Europe": 1}
    # A suspended organization is still a member; a withdrawn one is not.
    assert member_counts(D(2022, 3, 1)).total == 2


def test_who_joined_and_left_between_two_dates():
    a = make_organization("Joined", member_since=D(2021, 3, 1))
    make_organization("Earlier", member_since=D(2019, 3, 1))
    membership_expel(organization=a, decided_by="GA 2023", date=D(2023, 1, 1), acting_user=None)
    joined, left = joined_and_left(D(2021, 1, 1), D(2023, 12, 31))
    assert [m.name for m in joined] == ["Joined"]
    assert [(m.name, m.status) for m in left] == [("Joined", "expelled")]


def test_growth_series_matches_counts_on_each_date():
    make_organization(member_since=D(2019, 1, 1))
    b = make_organization(member_since=D(2020, 1, 1))
    membership_withdraw(organization=b, decided_by="Letter", date=D(2021, 1, 1), acting_user=None)
    series = growth_series(D(2018, 1, 1), D(2022, 1, 1), points=5)
    for day, total in series:
        assert total == member_counts(day).total


def test_dues_arrears_do_not_end_a_membership():
    # There is no dues-driven step: the only ways out are withdrawal and expulsion.
    ending = {
        s
        for steps in TRANSITIONS.values()
        for s in steps
        if s not in {"applied", "admitted", "reinstated", "suspended", "declined"}
    }
    assert ending == {"withdrawn", "expelled"}


def test_profile_changes_are_audited_with_old_and_new_values(secretariat):
    org = make_organization(city="Hong Kong")
    organization_update(organization=org, changes={"city": "Kowloon"}, acting_user=secretariat)
    event = AuditEvent.objects.for_object(org).filter(action="organization.update").get()
    assert event.changes == {"city": ["Hong Kong", "Kowloon"]}


def test_erasure_replaces_name_and_contact_with_a_neutral_label():
    org = make_organization()
    person = make_person("Maria Clara", organization=org, contact="+852 5555 0000")
    person_erase(person=person, acting_user=None)
    person.refresh_from_db()
    assert str(person) == "Former participant"
    assert person.contact == "" and person.display_name == ""
    assert not AuditEvent.objects.filter(object_repr__contains="Maria").exists()
    assert "Maria" not in str(list(AuditEvent.objects.values_list("changes", flat=True)))
    assert person_export(person=person)["display_name"] == ""


def test_erasure_relabels_earlier_trail_rows_about_the_person():
    person = make_person("Maria Clara", organization=make_organization())
    audit_record(actor=None, action="test.named", obj=person)
    person_erase(person=person, acting_user=None)
    event = AuditEvent.objects.for_object(person).get(action="test.named")
    assert event.object_repr == "Former participant"


def test_every_membership_status_has_its_audit_action():
    actions = {str(membership_action(status)) for status in MembershipStatus}
    assert actions == {f"membership.{status}" for status in MembershipStatus.values}
    assert actions <= {str(action) for action in Action}


def test_an_organization_that_never_applied_is_not_a_member():
    org = make_organization(member_since=None)
    assert not Organization.objects.current_members().filter(pk=org.pk).exists()


def test_unconfirmed_applications_are_forgotten_after_two_weeks():
    country = make_country("PH")
    application_submit(
        profile=Profile(name="Never Confirmed", country=country),
        contact_name="X",
        contact_email="x@example.org",
    )
    assert applications_forget_unconfirmed(older_than=datetime.timedelta(days=14)) == 0
    later = __import__("django.utils.timezone").utils.timezone.now() + datetime.timedelta(days=15)
    assert applications_forget_unconfirmed(older_than=datetime.timedelta(days=14), now=later) == 1
    assert not Organization.objects.filter(name="Never Confirmed").exists()


def test_a_category_change_is_history_so_past_counts_keep_their_category():
    org = make_organization(member_since=D(2019, 1, 1))
    membership_category_change(
        organization=org,
        category="associate",
        decided_by="GA 2023",
        date=D(2023, 8, 25),
        acting_user=None,
    )
    assert member_counts(D(2020, 1, 1)).by_category == {"full": 1}
    assert member_counts(D(2024, 1, 1)).by_category == {"associate": 1}
    with pytest.raises(MembershipRuleError, match="already has this category"):
        membership_category_change(
            organization=org, category="associate", decided_by="GA", acting_user=None
        )


def test_a_declined_applicant_is_told():
    application, secret = application_submit(
        profile=Profile(name="Declined Org", country=make_country("PH")),
        contact_name="D",
        contact_email="d@example.org",
    )
    application_confirm(secret=secret)
    membership_decline(
        organization=application.organization,
        decided_by="ICB",
        note="internal reasons",
        acting_user=None,
    )
    assert mail.outbox[-1].to == ["d@example.org"]
    assert "internal reasons" not in mail.outbox[-1].body


def test_default_regions_and_sectors_come_with_names_in_the_interface_languages():
    reference_data_load()
    with translation.override("es"):
        assert str(Region.objects.get(slug="middle-east")) == "Oriente Medio"
        assert str(Sector.objects.get(slug="seafarers")) == "Gente de mar"
        assert str(Country.objects.get(code="PH")) == "Filipinas"
