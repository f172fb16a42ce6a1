"""iCalendar feeds read back by two independent parsers (icalendar and vobject), across a change
of daylight-saving time."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import icalendar
import vobject

from alyansa.core.ical import Entry, calendar

GENEVA = ZoneInfo("Europe/Zurich")
NEW_YORK = ZoneInfo("America/New_York")


def entries() -> list[Entry]:
    return [
        # Before and after the end of summer time in Geneva (26 October 2025).
        Entry(
            uid="engagement-1",
            sequence=0,
            summary="Human Rights Council, 60th session",
            starts=datetime.datetime(2025, 10, 24, 10, 0, tzinfo=GENEVA),
            ends=datetime.datetime(2025, 10, 24, 12, 0, tzinfo=GENEVA),
            location="Palais des Nations, Geneva",
            categories=("un-session",),
        ),
        Entry(
            uid="engagement-2",
            sequence=2,
            summary="Side event: migrant domestic workers",
            starts=datetime.datetime(2025, 10, 28, 10, 0, tzinfo=GENEVA),
            ends=datetime.datetime(2025, 10, 28, 11, 30, tzinfo=GENEVA),
            url="https://alyansa.example/engagements/2/",
        ),
        Entry(
            uid="engagement-3",
            sequence=1,
            summary="Dialogue at the UN, cancelled",
            starts=datetime.datetime(2025, 11, 3, 15, 0, tzinfo=NEW_YORK),
            cancelled=True,
        ),
        Entry(
            uid="call-4",
            sequence=0,
            summary="International Migrants Day",
            starts=datetime.date(2025, 12, 18),
        ),
    ]


def test_icalendar_reads_the_same_instants_zones_and_states() -> None:
    parsed = icalendar.Calendar.from_ical(calendar(name="Engagements", entries=entries()))
    events = {
        str(event["uid"]).split("@")[0]: event
        for event in parsed.walk("VEVENT")
        if isinstance(event, icalendar.Event)
    }
    assert sorted(str(tz["tzid"]) for tz in parsed.walk("VTIMEZONE")) == [
        "America/New_York",
        "Europe/Zurich",
    ]
    before, after = events["engagement-1"].start, events["engagement-2"].start
    assert isinstance(before, datetime.datetime) and isinstance(after, datetime.datetime)
    # 10:00 in Geneva is 08:00 UTC in summer time and 09:00 UTC after it ends.
    assert before.astimezone(datetime.UTC).hour == 8
    assert after.astimezone(datetime.UTC).hour == 9
    assert events["engagement-2"].sequence == 2
    assert str(events["engagement-3"]["status"]) == "CANCELLED"
    day = events["call-4"]
    assert day.start == datetime.date(2025, 12, 18)
    assert day.end == datetime.date(2025, 12, 19)


def test_vobject_reads_the_same_feed_independently() -> None:
    parsed = vobject.readOne(calendar(name="Engagements", entries=entries()).decode())
    events = {event.uid.value.split("@")[0]: event for event in parsed.vevent_list}
    start = events["engagement-2"].dtstart.value
    assert start.astimezone(datetime.UTC) == datetime.datetime(
        2025, 10, 28, 9, 0, tzinfo=datetime.UTC
    )
    assert events["engagement-1"].dtstart.value.utcoffset() == datetime.timedelta(hours=2)
    assert events["engagement-2"].dtstart.value.utcoffset() == datetime.timedelta(hours=1)
    assert events["engagement-3"].status.value == "CANCELLED"
    assert events["call-4"].dtstart.value == datetime.date(2025, 12, 18)


def test_a_zone_is_described_only_for_the_years_the_feed_spans() -> None:
    data = calendar(name="Engagements", entries=entries())
    # Two years of Zurich and New York: a handful of transitions, not a century of them.
    assert data.count(b"BEGIN:DAYLIGHT") + data.count(b"BEGIN:STANDARD") <= 12
    assert len(data) < 6000


def test_an_empty_feed_is_a_valid_calendar() -> None:
    parsed = vobject.readOne(calendar(name="Nothing planned", entries=[]).decode())
    assert parsed.x_wr_calname.value == "Nothing planned"
