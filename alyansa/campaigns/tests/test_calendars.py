"""The calendars: a campaign's public feed and an organization's private one, read back with
the icalendar package and a second, independent parser (vobject)."""

from __future__ import annotations

import datetime

import icalendar
import pytest
import vobject
from django.test import Client
from django.urls import reverse

from alyansa.campaigns.links import organization_calendar_token
from alyansa.campaigns.services import call_cancel, campaign_create
from alyansa.campaigns.testing import make_call
from alyansa.members.models import Organization
from alyansa.members.testing import make_country, make_organization
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_campaign_feed_has_each_call_and_a_cancellation(team) -> None:
    secretariat, officer = team
    make_organization("Union", country=make_country("HK"))
    campaign = campaign_create(
        acting_user=secretariat,
        slug="migrants-day",
        name="Migrants Day",
        starts_on=datetime.date(2027, 12, 1),
    )
    kept = make_call(secretariat=secretariat, officer=officer, campaign=campaign)
    dropped = make_call(
        secretariat=secretariat,
        officer=officer,
        campaign=campaign,
        title="Vigil",
        starts_on=datetime.date(2027, 12, 17),
        ends_on=datetime.date(2027, 12, 18),
    )
    call_cancel(call=dropped, acting_user=officer, note="Venue closed.")
    page = Client().get(reverse("campaigns:campaign", args=["migrants-day"])).content.decode()
    feed_url = reverse("campaigns:campaign_calendar", args=["migrants-day"])
    assert (
        f'<link rel="alternate" type="text/calendar" title="Migrants Day" href="{feed_url}">'
        in page
    )
    data = Client().get(feed_url).content
    events = {
        str(e["uid"]).split("@")[0]: e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }
    assert events[f"call-{kept.pk}"]["status"] == "CONFIRMED"
    assert events[f"call-{kept.pk}"].decoded("dtstart") == datetime.date(2026, 12, 18)
    cancelled = events[f"call-{dropped.pk}"]
    assert cancelled["status"] == "CANCELLED" and int(cancelled["sequence"]) == 1
    assert cancelled.decoded("dtend") == datetime.date(2027, 12, 19)
    parsed = vobject.readOne(data.decode())
    assert len(parsed.vevent_list) == 2


def test_an_organizations_private_feed_has_its_deadlines_in_its_own_zone(team) -> None:
    secretariat, officer = team
    org = make_organization("Union", country=make_country("HK"))
    make_call(secretariat=secretariat, officer=officer, report_by=datetime.date(2028, 1, 5))
    url = reverse("campaigns:organization_calendar", args=[organization_calendar_token(org)])
    response = Client().get(url)
    assert response["Cache-Control"] == "private, no-store"
    cal = icalendar.Calendar.from_ical(response.content)
    assert [str(tz["tzid"]) for tz in cal.walk("VTIMEZONE")] == ["Asia/Hong_Kong"]
    parsed = vobject.readOne(response.content.decode())
    deadline = next(e for e in parsed.vevent_list if "report-by" in e.uid.value)
    assert deadline.dtstart.value == datetime.datetime(
        2028, 1, 5, 23, 59, tzinfo=deadline.dtstart.value.tzinfo
    )
    assert deadline.dtstart.value.utcoffset() == datetime.timedelta(hours=8)
    forged = reverse(
        "campaigns:organization_calendar", args=["x" + organization_calendar_token(org)]
    )
    assert Client().get(forged).status_code == 404


def test_an_officer_gets_no_private_feed_of_an_organization_at_risk(team) -> None:
    """The feed names the organization: its address is not on the page for staff who may not
    see it named (the secretariat still gets it)."""
    secretariat, officer = team
    org = make_organization("Union", country=make_country("HK"))
    Organization.objects.filter(pk=org.pk).update(at_risk=True)
    token = organization_calendar_token(org)
    page = reverse("campaigns:organization", args=[org.pk])
    seen = client_for(officer).get(page)
    assert seen.status_code == 200
    assert token not in seen.content.decode()
    assert token in client_for(secretariat).get(page).content.decode()
