"""The one public projection (alyansa/members/public.py): who sees an organization named."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies.testing import make_assembly, make_delegate
from alyansa.members import public
from alyansa.members.models import Organization
from alyansa.members.services import person_erase, person_export
from alyansa.members.testing import make_organization, make_person

pytestmark = pytest.mark.django_db

STAND_IN = "a member organization that cannot be named"


@pytest.fixture
def at_risk() -> Organization:
    return make_organization("Nasyonal na Migrante sa Riyadh", acronym="NMWR", at_risk=True)


def test_the_public_sees_an_ordinary_member_named_with_its_address(member_organization):
    named = public.organization(member_organization)
    assert named.named
    assert named.label == "Samahan ng Migrante (SAMA)"
    assert named.url == f"/members/organizations/{member_organization.slug}/"


def test_the_public_and_other_coordinators_see_an_at_risk_organization_only_as_a_stand_in(
    at_risk, member_organization, plain_user
):
    other_coordinator = make_user("Otto", role=Role.COORDINATOR, scope=member_organization)
    for viewer in [None, plain_user, other_coordinator]:
        named = public.organization(at_risk, viewer)
        assert not named.named
        assert (named.name, named.acronym, named.url, named.pk) == (STAND_IN, "", "", None)
        assert not public.may_name(at_risk, viewer)


def test_the_secretariat_and_its_own_coordinators_see_an_at_risk_organization_named(
    at_risk, secretariat
):
    own_coordinator = make_user("Nadia", role=Role.COORDINATOR, scope=at_risk)
    for viewer in [secretariat, own_coordinator]:
        assert public.entitled(viewer, at_risk)
        assert public.organization(at_risk, viewer).label == "Nasyonal na Migrante sa Riyadh (NMWR)"


def test_a_list_names_the_others_and_counts_the_at_risk_ones(at_risk, member_organization):
    second = make_organization("Kanlungan", at_risk=True)
    names = public.organizations([at_risk, member_organization, second])
    assert [n.name for n in names] == ["Samahan ng Migrante"]
    assert names.unnamed == 2 and names.total == 3
    assert names.unnamed_label == "2 organizations that cannot be named"
    assert public.organizations([member_organization]).unnamed_label == ""


def test_an_at_risk_address_answers_like_one_never_taken(at_risk, secretariat):
    assert public.organization_at_address(at_risk.slug) is None
    assert public.organization_at_address("never-taken") is None
    assert public.organization_at_address(at_risk.slug, secretariat) == at_risk


def test_nameable_keeps_at_risk_organizations_for_the_entitled_only(
    at_risk, member_organization, secretariat
):
    own_coordinator = make_user("Nadia", role=Role.COORDINATOR, scope=at_risk)
    everyone = Organization.objects.all()
    assert list(public.nameable(everyone)) == [member_organization]
    assert set(public.nameable(everyone, own_coordinator)) == {at_risk, member_organization}
    assert set(public.nameable(everyone, secretariat)) == {at_risk, member_organization}


def test_a_flag_set_after_the_fact_hides_the_name_at_the_next_rendering(member_organization):
    assert public.organization(member_organization).named
    member_organization.at_risk = True
    member_organization.save(update_fields=["at_risk"])
    assert not public.organization(member_organization).named


def test_a_person_of_an_at_risk_organization_is_named_without_it(at_risk, member_organization):
    hidden = make_person("Rosa", organization=at_risk)
    shown = make_person("Lina", organization=member_organization)
    assert public.person(hidden).label == "Rosa"
    assert public.person(hidden).organization is None
    assert public.person(shown).label == "Lina (SAMA)"


def test_an_erased_person_becomes_a_stand_in(member_organization, secretariat):
    person = make_person("Rosa", organization=member_organization)
    person_erase(person=person, acting_user=secretariat)
    assert public.person(person).label == "Former participant"
    shown = public.person(person, stand_in=public.erased_candidate(3))
    assert (shown.label, shown.named) == ("Candidate 3, erased", False)


def test_templates_name_through_the_filters(at_risk, member_organization):
    person = make_person("Rosa", organization=at_risk)
    rendered = Template(
        "{% load public_names %}{{ a|public_name }}|{{ b|public_label }}|{{ b|public_short }}|"
        "{{ a|public_short }}|{{ p|public_person }}|{{ none|public_name }}"
        "{% with n=b|public_org %}|{{ n.url }}{% endwith %}"
    ).render(Context({"a": at_risk, "b": member_organization, "p": person, "none": None}))
    assert rendered == (
        f"{STAND_IN}|Samahan ng Migrante (SAMA)|SAMA|{STAND_IN}|Rosa||"
        f"/members/organizations/{member_organization.slug}/"
    )


def test_a_persons_export_includes_the_records_other_apps_keep_that_name_them(
    member_organization,
):
    person = make_person("Rosa Export", organization=member_organization)
    assembly = make_assembly("Export Assembly")
    make_delegate("Rosa Export", assembly=assembly, organization=member_organization)
    exported = person_export(person=person)
    assert [r["assembly"] for r in exported["delegate_records"]] == ["Export Assembly"]
    assert exported["nominations"] == []
