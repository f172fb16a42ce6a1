"""The engagements' privacy matrix: a delegation member is named in public only with their
recorded consent and never when their organization is at risk (flagged before or after), on
every public page, feed and the report to the assembly; the entitled still see them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from alyansa.engagements import services
from alyansa.engagements.reporting import report_build
from alyansa.engagements.testing import make_delegate, make_engagement
from alyansa.members.services import organization_update, person_erase
from alyansa.members.testing import make_organization, make_person
from conftest import client_for

pytestmark = pytest.mark.django_db

SECRET_NAME = "Samahan ng Lihim na Manggagawa"
SECRET_ACRONYM = "SLMQX"


@pytest.fixture
def world(secretariat):  # type: ignore[no-untyped-def]
    """A public engagement under way with four members: one consenting from an ordinary
    organization, one who did not consent, one consenting from an organization flagged at risk
    after the fact, one erased."""
    engagement = make_engagement(starts=timezone.now() - datetime.timedelta(hours=2), hours=48)
    ordinary = make_organization("Open Workers Union", acronym="OWU")
    secret = make_organization(SECRET_NAME, acronym=SECRET_ACRONYM)
    named = make_delegate(engagement, make_person("Maria Named", organization=ordinary))
    silent = make_delegate(
        engagement, make_person("Sol Silent", organization=ordinary), name_public=False
    )
    hidden = make_delegate(engagement, make_person("Hana Hidden", organization=secret))
    erased = make_delegate(engagement, make_person("Ernesto Erasedperson"))
    person_erase(person=erased.person, acting_user=secretariat)
    organization_update(organization=secret, changes={"at_risk": True}, acting_user=secretariat)
    return {"engagement": engagement, "named": named, "silent": silent, "hidden": hidden}


NEVER_PUBLIC = ("Sol Silent", "Hana Hidden", SECRET_NAME, SECRET_ACRONYM, "Ernesto")


def _public_answers(engagement) -> dict[str, str]:  # type: ignore[no-untyped-def]
    client = client_for(None)
    local = engagement.local_start
    urls = [
        engagement.get_absolute_url(),
        reverse("engagements:list"),
        reverse("engagements:month", args=[local.year, local.month]),
        reverse("engagements:feed"),
        reverse("portal:home"),
    ]
    return {url: client.get(url).content.decode() for url in urls}


def test_public_answers_name_only_the_consenting_member_of_an_ordinary_organization(
    world,
) -> None:
    answers = _public_answers(world["engagement"])
    detail = answers[world["engagement"].get_absolute_url()]
    assert "Maria Named (OWU)" in detail
    assert "3 members of the delegation who cannot be named" in detail
    for url, text in answers.items():
        found = [trace for trace in NEVER_PUBLIC if trace in text]
        assert not found, f"{url} shows {found}"


@pytest.mark.parametrize("persona", ["plain", "officer", "coordinator"])
def test_signed_in_visitors_not_entitled_do_not_see_the_at_risk_member(
    world, persona, plain_user, officer, coordinator_of
) -> None:
    user = {"plain": plain_user, "officer": officer, "coordinator": coordinator_of}[persona]
    page = client_for(user).get(world["engagement"].get_absolute_url()).content.decode()
    assert "Hana Hidden" not in page and SECRET_NAME not in page and SECRET_ACRONYM not in page


def test_the_secretariat_still_sees_everyone(world, secretariat) -> None:
    page = client_for(secretariat).get(world["engagement"].get_absolute_url()).content.decode()
    assert "Hana Hidden" in page and "Sol Silent" in page


def test_withdrawn_consent_takes_the_name_off_at_the_next_rendering(world, secretariat) -> None:
    member = world["named"]
    services.delegate_update(
        member=member,
        role=member.role,
        accreditation=member.accreditation,
        accreditation_reference="",
        name_public=False,
        notes="",
        acting_user=secretariat,
    )
    page = client_for(None).get(world["engagement"].get_absolute_url()).content.decode()
    assert "Maria Named" not in page


def test_the_report_to_the_assembly_names_as_the_public_pages_do(world) -> None:
    today = timezone.localdate()
    report = report_build(today - datetime.timedelta(days=3), today)
    [entry] = report.engagements
    assert [d["name"] for d in entry.delegates] == ["Maria Named (OWU)"]
    assert entry.unnamed_delegates == 3
    text = str(report.to_content())
    assert not [trace for trace in NEVER_PUBLIC if trace in text]
