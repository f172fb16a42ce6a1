"""The calendar's pages and the secretariat's forms: what they show, the messages a bad input
gets, and that a role that may not gets 403 or 404."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alyansa.accounts.testing import make_user
from alyansa.assemblies.testing import make_assembly, make_item
from alyansa.engagements.models import DelegationMember, Engagement, FollowUp, Kind
from alyansa.engagements.services import follow_up_add
from alyansa.engagements.testing import at, make_delegate, make_engagement
from alyansa.members.testing import make_language, make_person, make_region
from conftest import client_for

pytestmark = pytest.mark.django_db


def _form(**changes: str) -> dict[str, str]:
    data = {
        "title": "Global Forum on Migration and Development",
        "kind": Kind.INTERGOVERNMENTAL,
        "starts": "2026-10-27T09:00",
        "ends": "2026-10-29T18:00",
        "time_zone": "Europe/Zurich",
        "place": "Geneva",
        "is_public": "on",
        "title_es": "Foro Mundial sobre Migración y Desarrollo",
    }
    data.update(changes)
    return data


def test_the_secretariat_records_an_engagement_in_its_own_time_zone(secretariat) -> None:
    response = client_for(secretariat).post(reverse("engagements:create"), _form())
    assert response.status_code == 302
    engagement = Engagement.objects.get()
    assert engagement.starts_at == at("2026-10-27", "09:00", "Europe/Zurich")
    assert engagement.titles == {"es": "Foro Mundial sobre Migración y Desarrollo"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"time_zone": "Mars/Olympus"}, "is not a time zone"),
        ({"ends": "2026-10-26T09:00"}, "ends before it starts"),
        ({"place": ""}, "or that it is online"),
        ({"starts": "tomorrow"}, "Enter a valid date/time"),
        ({"starts": "9999-12-31T23:59"}, "from 1900 to 2199"),
        ({"title_xx": "ignored", "kind": "party"}, "Select a valid choice"),
    ],
)
def test_a_bad_engagement_form_says_what_is_wrong(secretariat, changes, message) -> None:
    response = client_for(secretariat).post(reverse("engagements:create"), _form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Engagement.objects.exists()


@pytest.mark.parametrize("persona", ["plain", "officer", "coordinator"])
def test_only_the_secretariat_records_engagements(persona, officer, plain_user, coordinator_of):
    user = {"plain": plain_user, "officer": officer, "coordinator": coordinator_of}[persona]
    assert client_for(user).post(reverse("engagements:create"), _form()).status_code == 403
    assert client_for(None).post(reverse("engagements:create"), _form()).status_code in {302, 403}
    assert not Engagement.objects.exists()


def test_a_person_twice_in_a_delegation_gets_a_message(secretariat) -> None:
    engagement = make_engagement()
    person = make_person("Lina Santos")
    make_delegate(engagement, person)
    response = client_for(secretariat).post(
        reverse("engagements:delegate_add", args=[engagement.pk]),
        {"person": person.pk, "role": "speaker", "accreditation": "requested"},
    )
    assert response.status_code == 400
    assert "in the delegation already" in response.content.decode()
    assert DelegationMember.objects.count() == 1


def test_the_notes_are_shown_to_the_secretariat_only(secretariat, officer) -> None:
    engagement = make_engagement()
    make_delegate(engagement, make_person("Lina Santos"), notes="Visa appointment on 3 March")
    manage = client_for(secretariat).get(reverse("engagements:manage", args=[engagement.pk]))
    assert "Visa appointment" in manage.content.decode()
    for client in (client_for(officer), client_for(None)):
        page = client.get(engagement.get_absolute_url())
        assert page.status_code == 200 and "Visa" not in page.content.decode()
    assert (
        client_for(officer).get(reverse("engagements:manage", args=[engagement.pk])).status_code
        == 403
    )


def test_an_internal_engagement_answers_as_an_unknown_one(officer) -> None:
    internal = make_engagement(is_public=False)
    anonymous = client_for(None)
    assert anonymous.get(internal.get_absolute_url()).status_code == 404
    assert (
        anonymous.get(reverse("engagements:detail", args=[internal.pk + 1000])).status_code == 404
    )
    assert client_for(officer).get(internal.get_absolute_url()).status_code == 200


def test_a_task_is_marked_done_by_its_owner_only(secretariat) -> None:
    owner, other = make_user("Olive Owner"), make_user("Nina Other")
    task = follow_up_add(
        engagement=make_engagement(),
        title="Send the written submission",
        owner=owner,
        due_on=timezone.localdate(),
        acting_user=secretariat,
    )
    url = reverse("engagements:follow_up_mark", args=[task.pk])
    assert client_for(other).post(url, {"done": "1"}).status_code == 404
    assert (
        "Send the written" in client_for(owner).get(reverse("engagements:tasks")).content.decode()
    )
    assert client_for(owner).post(url, {"done": "1"}).status_code == 302
    assert FollowUp.objects.get().is_done


def test_the_month_puts_an_engagement_on_its_own_day(clock) -> None:
    # 01:00 on 1 April in Bangkok is still 31 March in UTC: it belongs to April.
    bangkok = make_engagement(
        "Asia-Pacific regional review",
        starts=at("2027-04-01", "01:00", "Asia/Bangkok"),
        time_zone="Asia/Bangkok",
        hours=2,
    )
    april = client_for(None).get(reverse("engagements:month", args=[2027, 4])).content.decode()
    march = client_for(None).get(reverse("engagements:month", args=[2027, 3])).content.decode()
    assert bangkok.title in april and bangkok.title not in march
    assert client_for(None).get("/engagements/2027/13/").status_code == 404


def test_the_list_filters_by_kind_region_and_language(clock) -> None:
    asia, spanish = make_region("Asia Pacific"), make_language("es")
    soon = timezone.now() + datetime.timedelta(days=10)
    regional = make_engagement("Regional one", starts=soon, kind=Kind.REGIONAL, regions=[asia])
    spoken = make_engagement("Spanish one", starts=soon, languages=[spanish])
    make_engagement("Other one", starts=soon)

    def titles(query: str) -> set[str]:
        page = client_for(None).get(reverse("engagements:list") + query).content.decode()
        return {t for t in ("Regional one", "Spanish one", "Other one") if t in page}

    assert titles("") == {"Regional one", "Spanish one", "Other one"}
    assert titles("?kind=regional") == {regional.title}
    assert titles(f"?region={asia.slug}") == {regional.title}
    assert titles("?language=es") == {spoken.title}
    # Unknown values are ignored, never an error.
    assert titles("?kind=party&region=nowhere&language=zz&page=99999999999999999999") == {
        "Regional one",
        "Spanish one",
        "Other one",
    }


def test_each_calendar_page_and_the_home_page_advertise_the_feed() -> None:
    engagement = make_engagement()
    feed = reverse("engagements:feed")
    for url in (
        reverse("engagements:list"),
        reverse("engagements:month", args=[2026, 3]),
        engagement.get_absolute_url(),
        reverse("portal:home"),
    ):
        page = client_for(None).get(url).content.decode()
        assert 'rel="alternate" type="text/calendar"' in page, url
        assert feed in page, url
    assert (
        reverse("engagements:list") in client_for(None).get(reverse("portal:home")).content.decode()
    )


def test_the_list_costs_the_same_queries_for_many_engagements() -> None:
    soon = timezone.now() + datetime.timedelta(days=3)
    asia = make_region("Asia Pacific")

    def queries_for_a_fresh_list() -> int:
        # Each new engagement changes the calendar's version: the rows are rendered anew.
        with CaptureQueriesContext(connection) as done:
            assert client_for(None).get(reverse("engagements:list")).status_code == 200
        return len(done.captured_queries)

    make_engagement("Engagement 0", starts=soon, regions=[asia])
    few = queries_for_a_fresh_list()
    for number in range(1, 30):
        make_engagement(f"Engagement {number}", starts=soon, regions=[asia])
    assert queries_for_a_fresh_list() == few


def test_the_report_as_a_page_a_pdf_and_attached_to_an_agenda_item(secretariat, officer) -> None:
    engagement = make_engagement(starts=timezone.now() - datetime.timedelta(days=5))
    make_delegate(engagement, make_person("Lina Santos"))
    page = client_for(officer).get(reverse("engagements:report"))
    assert engagement.title in page.content.decode()
    pdf = client_for(officer).get(reverse("engagements:report") + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    item = make_item(make_assembly(), "report", "Report of the secretariat")
    response = client_for(secretariat).post(
        reverse("engagements:report_attach"),
        {"item": item.pk, "start": "2025-01-01", "end": "2030-12-31"},
    )
    assert response.status_code == 302
    attached = client_for(officer).get(response["Location"]).content.decode()
    assert "Report of the secretariat" in attached and engagement.title in attached
    assert client_for(officer).post(reverse("engagements:report_attach"), {}).status_code == 403


def test_a_person_makes_and_stops_their_own_private_address(plain_user) -> None:
    person = make_person("Pat Plain")
    person.user = plain_user
    person.save(update_fields=["user"])
    client = client_for(plain_user)
    url = reverse("engagements:own_calendar")
    assert client.post(url, {"action": "issue"}).status_code == 302
    shown = client.get(url).content.decode()
    assert "/engagements/private/" in shown
    # Shown once.
    assert "/engagements/private/" not in client.get(url).content.decode()
    client.post(url, {"action": "revoke"})
    assert "No private address is active" in client.get(url).content.decode()
