"""The engagements' iCalendar feeds, written by alyansa/core/ical.py.

A feed holds one year: the last three months and the next nine (a subscribed calendar is
replaced at each refresh, so the recent past stays in it; older engagements are on the pages).
Public feeds carry public engagements only (cancelled ones too, as STATUS:CANCELLED, so that
subscribed calendars drop them) without their description (each event's URL leads to its
page: a feed polled every few hours by every subscriber stays small), and never name a person:
who goes is on the engagement's page, as naming.py allows. A language's feed is written in
that language. A person's private feed carries the engagements they are part of, internal
ones included, with their descriptions, and nothing of the delegation's notes.

A public feed is kept in the cache under a key that changes with any change to an engagement
(selectors.calendar_version), so a reader polling it costs one small query.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alyansa.core.ical import Entry, calendar
from alyansa.engagements.models import Engagement, Kind
from alyansa.engagements.selectors import calendar_version, with_calendar_relations

FEED_PAST = datetime.timedelta(days=90)
FEED_AHEAD = datetime.timedelta(days=275)
FEED_LIMIT = 2000
DESCRIPTION_LIMIT = 600
CACHE_SECONDS = 900


def entry_for(engagement: Engagement, *, describe: bool = False) -> Entry:
    description = engagement.description_text if describe else ""
    if len(description) > DESCRIPTION_LIMIT:
        description = description[: DESCRIPTION_LIMIT - 1].rstrip() + "…"
    location = engagement.place
    if engagement.online:
        location = ", ".join(part for part in (location, _("online")) if part)
    return Entry(
        uid=f"engagement-{engagement.pk}",
        sequence=engagement.sequence,
        summary=engagement.title_text,
        starts=engagement.local_start,
        ends=engagement.local_end,
        description=description,
        location=location,
        url=settings.SITE_URL.rstrip("/") + engagement.get_absolute_url(),
        categories=(
            str(Kind(engagement.kind).label),
            *(region.display_name for region in engagement.regions.all()),
        ),
        cancelled=engagement.is_cancelled,
        modified=engagement.updated_at,
    )


def feed_rows(found: QuerySet[Engagement]) -> QuerySet[Engagement]:
    now = timezone.now()
    return found.filter(ends_at__gte=now - FEED_PAST, starts_at__lt=now + FEED_AHEAD).order_by(
        "starts_at", "id"
    )


def feed_bytes(
    *, name: str, engagements: Iterable[Engagement], language: str = "", describe: bool = False
) -> bytes:
    if language:
        with translation.override(language):
            return calendar(
                name=name, entries=[entry_for(e, describe=describe) for e in engagements]
            )
    return calendar(name=name, entries=[entry_for(e, describe=describe) for e in engagements])


def public_feed(*, key: str, name: str, found: QuerySet[Engagement], language: str = "") -> bytes:
    """The feed of the public engagements of `found`, cached until one of them changes."""
    rows = feed_rows(found.filter(is_public=True))
    cache_key = f"engagements:feed:{key}:{language}:{calendar_version()}"
    data: bytes | None = cache.get(cache_key)
    if data is None:
        data = feed_bytes(
            name=name, engagements=with_calendar_relations(rows)[:FEED_LIMIT], language=language
        )
        cache.set(cache_key, data, CACHE_SECONDS)
    return data
