"""The calls as iCalendar entries (through core/ical.py): a public feed per campaign and a
private one per organization.

A call's day is an all-day entry: the same calendar day wherever the reader is, which is what
"18 December in each organization's own time zone" means. An organization's feed adds the
report-back deadline as a moment in its own zone (23:59 there), so that feed carries its
VTIMEZONE. A cancelled call stays in the feeds with STATUS:CANCELLED and a higher SEQUENCE, so
that calendars remove it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from alyansa.campaigns.models import Answer, CallToAction, Campaign
from alyansa.core.ical import Entry
from alyansa.core.markdown import markdown_to_text
from alyansa.members.models import Organization

MAX_DESCRIPTION = 2000


def _call_entry(call: CallToAction) -> Entry:
    return Entry(
        uid=f"call-{call.pk}",
        sequence=call.sequence,
        summary=call.local_title,
        starts=call.starts_on,
        ends=call.last_day + datetime.timedelta(days=1),
        description=markdown_to_text(call.local_text)[:MAX_DESCRIPTION],
        url=settings.SITE_URL + reverse("campaigns:call", kwargs={"call_id": call.pk}),
        categories=(str(call.get_kind_display()),),
        cancelled=call.status == CallToAction.Status.CANCELLED,
        modified=call.updated_at,
    )


def campaign_entries(campaign: Campaign) -> list[Entry]:
    """The campaign's public calls once issued (cancelled ones included, as cancellations)."""
    calls = campaign.calls.issued().filter(is_public=True).order_by("starts_on", "pk")
    return [_call_entry(call) for call in calls]


def organization_entries(organization: Organization) -> Iterable[Entry]:
    answers = (
        Answer.objects.filter(organization=organization, call__issued_at__isnull=False)
        .select_related("call")
        .order_by("call__starts_on", "call_id")
    )
    for answer in answers:
        call = answer.call
        yield _call_entry(call)
        deadline = datetime.datetime.combine(call.report_by, datetime.time(23, 59), answer.zone)
        yield Entry(
            uid=f"call-{call.pk}-report-by-{answer.organization_id}",
            sequence=call.sequence,
            summary=_("Report back: %(title)s") % {"title": call.local_title},
            starts=deadline,
            ends=deadline,
            cancelled=call.status == CallToAction.Status.CANCELLED,
            modified=call.updated_at,
        )
