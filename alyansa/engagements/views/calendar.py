"""The public calendar: an engagement's page, the month and the list (filtered by kind,
region and language), and the public and private iCalendar feeds.

The calendar's pages are the public's view for everyone (they are shared): internal
engagements are on the secretariat's pages, and an engagement's own page shows them to
readers only.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime
import hashlib
from collections import defaultdict
from collections.abc import Callable

from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from alyansa.core import ical
from alyansa.core.bounds import param_int
from alyansa.engagements import selectors
from alyansa.engagements.feeds import feed_bytes, feed_rows, public_feed
from alyansa.engagements.models import Engagement, Kind
from alyansa.engagements.naming import delegation
from alyansa.engagements.selectors import CalendarFilter
from alyansa.engagements.services import calendar_token_find
from alyansa.governance.models import Body
from alyansa.members.models import Language, Region

PAGE_SIZE = 50
# The calendar's rendered rows are kept this long, or until an engagement changes.
FRAGMENT_SECONDS = 900


def _cached(request: HttpRequest, name: str, build: Callable[[], str]) -> SafeString:
    """The rows of a calendar page (no form, no token, nothing personal: the same for every
    visitor), rendered once per address, language and state of the engagements."""
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    key = f"engagements:page:{name}:{get_language()}:{address}:{selectors.calendar_version()}"
    html = cache.get(key)
    if html is None:
        html = build()
        cache.set(key, html, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 (our own template's output, escaped when rendered)


@require_GET
def detail(request: HttpRequest, engagement_id: int) -> HttpResponse:
    """An engagement as `request.user` may see it: internal ones only for readers, the
    delegation named only as naming.py allows, the notes for the secretariat only."""
    engagement = selectors.engagement_get_for(request.user, engagement_id)
    members = list(selectors.delegation_of(engagement))
    is_reader = selectors.may_read_internal(request.user)
    return render(
        request,
        "engagements/detail.html",
        {
            "engagement": engagement,
            "delegation": delegation(members, request.user if is_reader else None),
            "may_manage": selectors.may_manage(request.user),
            "positions": selectors.positions_of(engagement),
            "interventions": engagement.interventions.all(),
            "follow_ups": engagement.follow_ups.select_related("owner") if is_reader else [],
        },
    )


def _filter_context(chosen: CalendarFilter) -> dict[str, object]:
    return {
        "chosen": chosen,
        "query": chosen.query(),
        "kinds": Kind.choices,
        "regions": Region.objects.all(),
        "languages": Language.objects.all(),
    }


@require_GET
def engagement_list(request: HttpRequest) -> HttpResponse:
    """Upcoming engagements (or, with ?past=1, the past ones, latest first), 50 a page."""
    chosen = CalendarFilter.from_params(request.GET)
    past = request.GET.get("past") == "1"
    now = timezone.now()
    found = selectors.with_calendar_relations(chosen.apply(Engagement.objects.public()))
    if past:
        found = found.filter(ends_at__lte=now).order_by("-starts_at", "-id")
    else:
        found = found.filter(ends_at__gt=now).order_by("starts_at", "id")
    context = {**_filter_context(chosen), "past": past}

    def rows() -> str:
        page = Paginator(found, PAGE_SIZE).get_page(
            param_int(request.GET, "page", default=1, minimum=1, maximum=100_000)
        )
        return render_to_string("engagements/_list_rows.html", {**context, "page": page})

    today = timezone.localdate()
    return render(
        request,
        "engagements/list.html",
        {
            **context,
            "rows": _cached(request, "list", rows),
            "this_month": (today.year, today.month),
        },
    )


def _month_bounds(year: int, month: int) -> tuple[datetime.date, datetime.date]:
    first = datetime.date(year, month, 1)
    days = month_calendar.monthrange(year, month)[1]
    return first, first + datetime.timedelta(days=days)


@require_GET
def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """A month's grid; each engagement on the days it spans on its own clock."""
    chosen = CalendarFilter.from_params(request.GET)
    first, after = _month_bounds(year, month)
    # A day early and late: an event's own zone can put it on another UTC day.
    start = datetime.datetime.combine(first - datetime.timedelta(days=1), datetime.time.min)
    end = datetime.datetime.combine(after + datetime.timedelta(days=1), datetime.time.min)
    found = selectors.calendar_between(
        start.replace(tzinfo=datetime.UTC), end.replace(tzinfo=datetime.UTC), chosen
    )

    def grid() -> str:
        by_day: dict[datetime.date, list[Engagement]] = defaultdict(list)
        listed = []
        for engagement in found:
            day, last = engagement.local_start.date(), engagement.local_end.date()
            if last < first or day >= after:
                continue
            listed.append(engagement)
            while day <= last:
                by_day[day].append(engagement)
                day += datetime.timedelta(days=1)
        weeks = [
            [(day, day.month == month, by_day.get(day, [])) for day in week]
            for week in month_calendar.Calendar().monthdatescalendar(year, month)
        ]
        return render_to_string(
            "engagements/_month_grid.html",
            {
                "first": first,
                "weeks": weeks,
                "listed": listed,
                "weekdays": [day for day, _in_month, _found in weeks[0]],
            },
        )

    previous = first - datetime.timedelta(days=1)
    return render(
        request,
        "engagements/month.html",
        {
            **_filter_context(chosen),
            "first": first,
            "grid": _cached(request, "month", grid),
            "previous": (previous.year, previous.month),
            "next": (after.year, after.month),
        },
    )


# ---- Feeds ------------------------------------------------------------------------------------


@require_GET
def feed(request: HttpRequest) -> HttpResponse:
    """Every public engagement, narrowed as the calendar's page is (?kind=, ?region=,
    ?language=)."""
    chosen = CalendarFilter.from_params(request.GET)
    data = public_feed(
        key=f"all:{chosen.query()}",
        name=_("Engagements of the alliance"),
        found=chosen.apply(Engagement.objects.all()),
        language=chosen.language.code if chosen.language else "",
    )
    return ical.response(data, filename="engagements.ics")


@require_GET
def body_feed(request: HttpRequest, slug: str) -> HttpResponse:
    body = get_object_or_404(Body, slug=slug)
    data = public_feed(
        key=f"body:{body.pk}",
        name=_("Engagements: %(body)s") % {"body": body.display_name},
        found=Engagement.objects.filter(bodies=body),
    )
    return ical.response(data, filename=f"engagements-{body.slug}.ics")


@require_GET
def region_feed(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    data = public_feed(
        key=f"region:{region.pk}",
        name=_("Engagements: %(region)s") % {"region": region.display_name},
        found=Engagement.objects.filter(regions=region),
    )
    return ical.response(data, filename=f"engagements-{region.slug}.ics")


@require_GET
def language_feed(request: HttpRequest, code: str) -> HttpResponse:
    """The engagements held in a language, written in it where the site has it."""
    language = get_object_or_404(Language, code=code)
    data = public_feed(
        key=f"language:{language.pk}",
        name=_("Engagements in %(language)s") % {"language": language.display_name},
        found=Engagement.objects.filter(languages=language),
        language=language.code,
    )
    return ical.response(data, filename=f"engagements-{language.code}.ics")


@require_GET
def private_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """A person's own engagements, internal ones included. A revoked or unknown address
    answers 404 alike."""
    token = calendar_token_find(secret)
    if token is None:
        raise Http404
    person = token.person
    rows = feed_rows(Engagement.objects.filter(delegation__person=person))
    data = feed_bytes(name=_("My engagements"), engagements=selectors.with_calendar_relations(rows))
    return ical.response(data, filename="my-engagements.ics", private=True)
