"""iCalendar feeds (RFC 5545): one writer for every calendar the platform publishes (calls to
action, engagements...), built on the `icalendar` package.

An app turns its records into `Entry` values and hands them to `feed()`:

    feed(name="Migrants Day campaign", entries=[Entry(uid="call-12", sequence=3, ...)])

- A timed entry keeps its own time zone (`starts` aware, in the zone of the event: Geneva, New
  York, Bangkok); the feed carries a VTIMEZONE for each zone used, limited to the years the
  entries span (the full history of a zone would weigh more than the events).
- A day (a `date`, not a `datetime`) is an all-day entry: the same calendar day wherever the
  reader is, which is what "18 December, in each organization's own time zone" means.
- `sequence` grows with every change a subscriber must see, and a cancelled entry stays in the
  feed with STATUS:CANCELLED so that calendars remove it.
- UIDs are stable and globally unique: `<uid>@<site host>`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Entry:
    uid: str
    sequence: int
    summary: str
    starts: datetime.datetime | datetime.date
    ends: datetime.datetime | datetime.date | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    categories: Sequence[str] = field(default_factory=tuple)
    cancelled: bool = False
    modified: datetime.datetime | None = None


def _host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "alyansa.invalid"


def _event(entry: Entry, *, stamp: datetime.datetime) -> Event:
    event = Event()
    event.add("uid", f"{entry.uid}@{_host()}")
    event.add("sequence", entry.sequence)
    event.add("dtstamp", stamp)
    event.add("summary", entry.summary)
    event.add("dtstart", entry.starts)
    ends = entry.ends
    if ends is None and not isinstance(entry.starts, datetime.datetime):
        ends = entry.starts + datetime.timedelta(days=1)  # DTEND of a day is exclusive
    if ends is not None:
        event.add("dtend", ends)
    if entry.modified is not None:
        event.add("last-modified", entry.modified.astimezone(datetime.UTC))
    if entry.description:
        event.add("description", entry.description)
    if entry.location:
        event.add("location", entry.location)
    if entry.url:
        event.add("url", entry.url)
    if entry.categories:
        event.add("categories", list(entry.categories))
    event.add("status", "CANCELLED" if entry.cancelled else "CONFIRMED")
    return event


def _years(entries: Sequence[Entry]) -> tuple[datetime.date, datetime.date]:
    days = [
        (value.date() if isinstance(value, datetime.datetime) else value)
        for entry in entries
        for value in (entry.starts, entry.ends)
        if value is not None
    ]
    first, last = min(days), max(days)
    return datetime.date(first.year, 1, 1), datetime.date(last.year + 1, 1, 1)


def calendar(*, name: str, entries: Iterable[Entry], description: str = "") -> bytes:
    """The feed as bytes, with a VTIMEZONE for every zone its timed entries use."""
    cal = Calendar()
    cal.add("prodid", f"-//{settings.ALYANSA_SITE_NAME}//Alyansa//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    if description:
        cal.add("x-wr-caldesc", description)
    # Readers poll a feed; every six hours is enough for events planned weeks ahead.
    cal.add("refresh-interval", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    listed = list(entries)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for entry in listed:
        cal.add_component(_event(entry, stamp=stamp))
    if listed:
        first, last = _years(listed)
        cal.add_missing_timezones(first_date=first, last_date=last)
    return cal.to_ical()


def response(data: bytes, *, filename: str, private: bool = False) -> HttpResponse:
    """An HTTP answer for a feed. A private feed (its address holds a secret) is never cached
    by a proxy."""
    answer = HttpResponse(data, content_type=CONTENT_TYPE)
    answer["Content-Disposition"] = f'inline; filename="{filename}"'
    answer["Cache-Control"] = "private, no-store" if private else "public, max-age=900"
    return answer
