"""The engagements' iCalendar feeds, read back by two independent parsers (icalendar and
vobject) across the end of summer time in Geneva and New York, under several clocks."""

from __future__ import annotations

import datetime

import icalendar
import pytest
import vobject
from django.urls import reverse

from alyansa.engagements import services
from alyansa.engagements.models import Kind
from alyansa.engagements.testing import at, make_delegate, make_engagement
from alyansa.governance.testing import make_body
from alyansa.members.testing import make_language, make_organization, make_person, make_region
from conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]


@pytest.fixture(autouse=True)
def _vobject_keeps_no_zone():
    """vobject keeps the first VTIMEZONE it reads of a zone for the whole process, and reads
    later feeds' times with it: a feed describing other years would get wrong offsets. Each
    test here reads with none kept, and leaves none behind."""
    zones = vobject.icalendar.__dict__["__tzidMap"]
    kept = dict(zones)
    zones.clear()
    zones["UTC"] = kept["UTC"]
    yield
    zones.clear()
    zones.update(kept)


@pytest.fixture
def world(secretariat):  # type: ignore[no-untyped-def]
    """Engagements on both sides of the end of summer time (Geneva 25 October 2026, New York
    1 November 2026), one cancelled, one internal, one in Bangkok (no summer time)."""
    body = make_body()
    region = make_region("Asia Pacific")
    spanish = make_language("es")
    before = make_engagement(
        "Human Rights Council, 63rd session",
        starts=at("2026-10-23", "10:00", "Europe/Zurich"),
        bodies=[body],
        languages=[spanish],
        titles={"es": "Consejo de Derechos Humanos, 63.º período"},
    )
    after = make_engagement(
        "Side event: migrant domestic workers",
        starts=at("2026-10-27", "10:00", "Europe/Zurich"),
        bodies=[body],
    )
    new_york = make_engagement(
        "High-Level Dialogue on International Migration",
        starts=at("2026-11-03", "15:00", "America/New_York"),
        time_zone="America/New_York",
        place="UN Headquarters, New York",
    )
    bangkok = make_engagement(
        "Asia-Pacific regional review of the Global Compact",
        starts=at("2026-11-10", "09:00", "Asia/Bangkok"),
        time_zone="Asia/Bangkok",
        place="UN Conference Centre, Bangkok",
        kind=Kind.REGIONAL,
        regions=[region],
    )
    cancelled = services.engagement_cancel(
        engagement=make_engagement(
            "Meeting with the Special Rapporteur",
            starts=at("2026-10-29", "14:00", "Europe/Zurich"),
        ),
        acting_user=secretariat,
    )
    internal = make_engagement(
        "Preparatory call with allies",
        starts=at("2026-10-20", "16:00", "Europe/Zurich"),
        is_public=False,
    )
    return {
        "body": body,
        "region": region,
        "before": before,
        "after": after,
        "new_york": new_york,
        "bangkok": bangkok,
        "cancelled": cancelled,
        "internal": internal,
    }


def _get(url: str) -> bytes:
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return response.content


def _events(data: bytes) -> dict[str, icalendar.Event]:
    parsed = icalendar.Calendar.from_ical(data)
    return {
        str(event["uid"]).split("@")[0]: event
        for event in parsed.walk("VEVENT")
        if isinstance(event, icalendar.Event)
    }


def test_the_public_feed_read_by_icalendar(world) -> None:
    data = _get(reverse("engagements:feed"))
    parsed = icalendar.Calendar.from_ical(data)
    zones = sorted(str(tz["tzid"]) for tz in parsed.walk("VTIMEZONE"))
    assert zones == ["America/New_York", "Asia/Bangkok", "Europe/Zurich"]
    events = _events(data)
    before = events[f"engagement-{world['before'].pk}"]
    after = events[f"engagement-{world['after'].pk}"]
    # 10:00 in Geneva: 08:00 UTC in summer time, 09:00 UTC once it has ended.
    assert before.start.astimezone(datetime.UTC).hour == 8
    assert after.start.astimezone(datetime.UTC).hour == 9
    new_york = events[f"engagement-{world['new_york'].pk}"]
    assert new_york.start.astimezone(datetime.UTC).hour == 20  # 15:00 EST
    cancelled = events[f"engagement-{world['cancelled'].pk}"]
    assert str(cancelled["status"]) == "CANCELLED" and cancelled.sequence == 1
    assert str(before["status"]) == "CONFIRMED" and before.sequence == 0
    assert str(before["url"]).endswith(world["before"].get_absolute_url())
    bangkok = events[f"engagement-{world['bangkok'].pk}"]
    categories = [str(c) for c in bangkok.categories]
    assert "Regional consultation" in categories and "Asia Pacific" in categories
    # Internal engagements never reach a public feed.
    assert f"engagement-{world['internal'].pk}" not in events


def test_the_public_feed_read_by_vobject(world) -> None:
    parsed = vobject.readOne(_get(reverse("engagements:feed")).decode())
    events = {event.uid.value.split("@")[0]: event for event in parsed.vevent_list}
    before = events[f"engagement-{world['before'].pk}"].dtstart.value
    after = events[f"engagement-{world['after'].pk}"].dtstart.value
    assert before.utcoffset() == datetime.timedelta(hours=2)
    assert after.utcoffset() == datetime.timedelta(hours=1)
    assert after.astimezone(datetime.UTC) == datetime.datetime(
        2026, 10, 27, 9, 0, tzinfo=datetime.UTC
    )
    new_york = events[f"engagement-{world['new_york'].pk}"].dtstart.value
    assert new_york.utcoffset() == datetime.timedelta(hours=-5)
    assert events[f"engagement-{world['cancelled'].pk}"].status.value == "CANCELLED"
    assert events[f"engagement-{world['cancelled'].pk}"].sequence.value == "1"


def test_a_change_raises_the_sequence_in_the_feed(world, secretariat) -> None:
    engagement = world["after"]
    first = _events(_get(reverse("engagements:feed")))[f"engagement-{engagement.pk}"]
    services.engagement_cancel(engagement=engagement, acting_user=secretariat)
    second = _events(_get(reverse("engagements:feed")))[f"engagement-{engagement.pk}"]
    assert str(first["uid"]) == str(second["uid"])
    assert second.sequence == first.sequence + 1
    assert str(second["status"]) == "CANCELLED"


def test_feeds_per_body_region_and_language(world) -> None:
    body = _events(_get(reverse("engagements:body_feed", args=[world["body"].slug])))
    assert set(body) == {f"engagement-{world['before'].pk}", f"engagement-{world['after'].pk}"}
    region = _events(_get(reverse("engagements:region_feed", args=[world["region"].slug])))
    assert set(region) == {f"engagement-{world['bangkok'].pk}"}
    spanish = _events(_get(reverse("engagements:language_feed", args=["es"])))
    # The language's feed is written in it.
    assert [str(e["summary"]) for e in spanish.values()] == [
        "Consejo de Derechos Humanos, 63.º período"
    ]
    filtered = _events(_get(reverse("engagements:feed") + "?kind=regional"))
    assert set(filtered) == {f"engagement-{world['bangkok'].pk}"}
    assert (
        client_for(None).get(reverse("engagements:region_feed", args=["nowhere"])).status_code
        == 404
    )


def test_a_public_feed_never_names_a_person(world) -> None:
    make_delegate(world["before"], make_person("Maria Dela Cruz"), name_public=True)
    assert b"Maria" not in _get(reverse("engagements:feed"))


def test_the_private_feed_carries_the_persons_engagements_internal_ones_too(
    world, secretariat
) -> None:
    person = make_person("Lina Santos", organization=make_organization())
    make_delegate(world["internal"], person, notes="Visa appointment at the consulate")
    make_delegate(world["bangkok"], person)
    _token, secret = services.calendar_token_issue(person=person, acting_user=secretariat)
    url = reverse("engagements:private_feed", args=[secret])
    response = client_for(None).get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    parsed = vobject.readOne(response.content.decode())
    uids = {event.uid.value.split("@")[0] for event in parsed.vevent_list}
    assert uids == {f"engagement-{world['internal'].pk}", f"engagement-{world['bangkok'].pk}"}
    assert b"Visa" not in response.content
    # A revoked address answers as one never issued.
    services.calendar_token_issue(person=person, acting_user=secretariat)
    assert client_for(None).get(url).status_code == 404


def test_a_year_of_feed_stays_small(world) -> None:
    data = _get(reverse("engagements:feed"))
    assert len(data) < 20_000
