"""The response ledger: who acted, pledged, declined or stayed silent, for a call and across
calls, and the figures the public may read. Each read is a fixed, small number of queries
whatever the number of organizations or calls (tests count them).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.campaigns.models import Answer, AnswerState, CallToAction, Report
from alyansa.campaigns.public import public_name
from alyansa.core.charts import Bar, Segment, Series, lines_svg, stacked_bars_svg
from alyansa.members.models import Chapter

STATES = [AnswerState.REPORTED, AnswerState.PLEDGED, AnswerState.DECLINED, AnswerState.NO_ANSWER]
# How many past calls an organization's record looks at.
RECORD_CALLS = 10


@dataclass
class Tally:
    """Answers counted by state."""

    counts: Counter[str] = field(default_factory=Counter)

    def add(self, state: str, number: int = 1) -> None:
        self.counts[state] += number

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def answered(self) -> int:
        return self.total - self.counts[AnswerState.NO_ANSWER]

    @property
    def rate(self) -> int:
        """The response rate in whole percent."""
        return round(100 * self.answered / self.total) if self.total else 0

    def by_state(self) -> list[tuple[str, str, int]]:
        return [(state.value, str(state.label), self.counts[state]) for state in STATES]

    def segments(self) -> tuple[Segment, ...]:
        return tuple(Segment(str(state.label), self.counts[state]) for state in STATES)


@dataclass
class CallLedger:
    call: CallToAction
    answers: list[Answer]
    total: Tally
    by_region: dict[str, Tally]
    by_country: dict[str, Tally]
    by_chapter: dict[str, Tally]

    def chart(self) -> str:
        bars = [Bar(label, tally.segments()) for label, tally in self.by_region.items()]
        return stacked_bars_svg(bars, title=_("Answers by region"))


def call_ledger(call: CallToAction, *, state: str = "") -> CallLedger:
    """Every called organization with its answer, counted by region, country and chapter."""
    answers = list(
        Answer.objects.filter(call=call)
        .select_related("organization__region", "organization__country", "report")
        # Only what the board shows: a profile's other fields (descriptions in JSON) cost more
        # to read than the rest of the page.
        .only(
            "state",
            "planned_on",
            "planned_city",
            "decline_reason",
            "changed_at",
            "call_id",
            "organization__name",
            "organization__acronym",
            "organization__at_risk",
            "organization__region__name",
            "organization__region__names",
            "organization__region__position",
            "organization__country__code",
            "report__city",
            "report__participants_low",
            "report__participants_high",
        )
        # Those at risk last in their region: staff who may not see them named get the
        # stand-in, and its place among the names would hint at the name.
        .order_by("organization__region__position", "organization__at_risk", "organization__name")
    )
    chapters: dict[int, list[str]] = defaultdict(list)
    for org_id, name in Chapter.organizations.through.objects.filter(
        organization_id__in=[a.organization_id for a in answers]
    ).values_list("organization_id", "chapter__name"):
        chapters[org_id].append(name)
    total = Tally()
    by_region: dict[str, Tally] = defaultdict(Tally)
    by_country: dict[str, Tally] = defaultdict(Tally)
    by_chapter: dict[str, Tally] = defaultdict(Tally)
    region_names: dict[int, str] = {}
    country_names: dict[int, str] = {}
    for answer in answers:
        org = answer.organization
        total.add(answer.state)
        if org.region_id not in region_names:
            region_names[org.region_id] = org.region.display_name
        if org.country_id not in country_names:
            country_names[org.country_id] = org.country.display_name
        by_region[region_names[org.region_id]].add(answer.state)
        by_country[country_names[org.country_id]].add(answer.state)
        for name in chapters[org.pk]:
            by_chapter[name].add(answer.state)
    if state:
        answers = [a for a in answers if a.state == state]
    return CallLedger(
        call=call,
        answers=answers,
        total=total,
        by_region=dict(by_region),
        by_country=dict(sorted(by_country.items())),
        by_chapter=dict(sorted(by_chapter.items())),
    )


def response_growth(call: CallToAction, *, points: int = 15) -> tuple[list[str], list[float]]:
    """The response rate (percent) day by day from the issue to the deadline (or today)."""
    if call.issued_at is None:
        return [], []
    rows = list(Answer.objects.filter(call=call).values_list("answered_at", flat=True))
    if not rows:
        return [], []
    first = timezone.localdate(call.issued_at)
    last = min(max(call.report_by, first), timezone.localdate())
    span = max((last - first).days, 0)
    step = max(1, -(-span // (points - 1))) if points > 1 else 1
    days = [first + datetime.timedelta(days=d) for d in range(0, span + 1, step)]
    if days[-1] != last:
        days.append(last)
    answered_days = sorted(timezone.localdate(at) for at in rows if at is not None)
    values, index = [], 0
    for day in days:
        while index < len(answered_days) and answered_days[index] <= day:
            index += 1
        values.append(round(100 * index / len(rows), 1))
    return [day.isoformat() for day in days], values


def growth_chart(call: CallToAction) -> str:
    labels, values = response_growth(call)
    return lines_svg(
        [Series(_("Response rate"), tuple(values))],
        x_labels=labels,
        title=_("Response rate towards the deadline"),
        maximum=100,
        unit="%",
    )


@dataclass
class CallRow:
    call: CallToAction
    tally: Tally


def dashboard(calls: Any) -> list[CallRow]:
    """Each call with its answers counted by state: two queries for any number of calls."""
    listed = list(calls)
    counts = (
        Answer.objects.filter(call__in=[c.pk for c in listed])
        .values_list("call_id", "state")
        .annotate(number=Count("pk"))
        .order_by()
    )
    tallies: dict[int, Tally] = defaultdict(Tally)
    for call_id, state, number in counts:
        tallies[call_id].add(state, number)
    return [CallRow(call, tallies[call.pk]) for call in listed]


@dataclass
class Record:
    """An organization's answers to its last calls (most recent first)."""

    states: list[str]

    @property
    def answered(self) -> int:
        return sum(1 for state in self.states if state != AnswerState.NO_ANSWER)

    @property
    def called(self) -> int:
        return len(self.states)


def records(organization_ids: list[int], *, last: int = RECORD_CALLS) -> dict[int, Record]:
    """For each organization, its answers to the last `last` issued calls it was called to
    ("answered 7 of the last 10").

    Reads the most recent calls first, in batches that double (10, 20, 40... calls), and only
    for organizations still short of `last` answers: most calls go to most members, so one
    query of a few hundred rows usually serves every organization, and never more than
    1 + log2(calls / last) queries are made, whatever the history."""
    calls = list(
        CallToAction.objects.issued().order_by("-starts_on", "-pk").values_list("pk", flat=True)
    )
    found: dict[int, Record] = {}
    wanted = set(organization_ids)
    start, size = 0, last
    while wanted and start < len(calls):
        batch = calls[start : start + size]
        rank = {pk: index for index, pk in enumerate(batch)}
        rows = sorted(
            Answer.objects.filter(call_id__in=batch, organization_id__in=wanted).values_list(
                "organization_id", "call_id", "state"
            ),
            key=lambda row: rank[row[1]],
        )
        for org_id, _call_id, state in rows:
            record = found.setdefault(org_id, Record([]))
            if len(record.states) < last:
                record.states.append(state)
        wanted = {org for org in wanted if org not in found or len(found[org].states) < last}
        start, size = start + size, size * 2
    return found


# --- what the public may read ----------------------------------------------------------------


@dataclass
class PublicReport:
    name: str  # the organization's public name, never one at risk
    city: str
    country: str
    held_on: datetime.date
    participants: str
    summary: str
    links: list[dict[str, str]]
    photos: list[str]  # photo keys, only with the consent tick
    call_title: str


@dataclass
class PublicTotals:
    actions: int = 0
    cities: int = 0
    countries: int = 0
    participants: int = 0
    by_country: dict[str, list[PublicReport]] = field(default_factory=dict)


def public_totals(calls: Any) -> PublicTotals:
    """The public reports of issued public calls: listed by country and city, and counted.

    Totals count every public report, an at-risk organization's included; the list names only
    organizations the public projection allows, and leaves the others out altogether (their
    city and photos could point to them)."""
    reports = list(
        Report.objects.filter(
            is_public=True, answer__call__in=calls, answer__state=AnswerState.REPORTED
        )
        .select_related(
            "country",
            "answer__call",
            "answer__organization",
        )
        .prefetch_related("photos")
        .order_by("country__code", "city", "held_on")
    )
    totals = PublicTotals(actions=len(reports))
    totals.cities = len({(r.country.code, r.city.casefold()) for r in reports})
    totals.countries = len({r.country.code for r in reports})
    totals.participants = sum(r.participants for r in reports)
    by_country: dict[str, list[PublicReport]] = defaultdict(list)
    for report in reports:
        name = public_name(report.answer.organization)
        if name is None:
            continue
        by_country[report.country.display_name].append(
            PublicReport(
                name=name,
                city=report.city,
                country=report.country.display_name,
                held_on=report.held_on,
                participants=report.participants_label,
                summary=report.summary,
                links=report.links,
                photos=[p.key for p in report.photos.all()] if report.photos_public else [],
                call_title=report.answer.call.local_title,
            )
        )
    totals.by_country = dict(sorted(by_country.items()))
    return totals
