"""The secretariat's report to the assembly on engagements: what the alliance attended since
the last General Assembly, by kind and region, with the delegations, the positions presented
and what came of it. Built as plain data (kept as it was when attached to an agenda item), then
shown as a page or printed through alyansa/core/pdf.py.

The report is read by the assembly's delegates: people are named in it as on public pages
(alyansa/engagements/naming.py), the others are counted.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.assemblies.models import Assembly
from alyansa.core.pdf import markdown_pdf
from alyansa.engagements.models import DelegationMember, Engagement, Kind
from alyansa.engagements.naming import delegation
from alyansa.engagements.selectors import statement_title

GLOBAL = "global"


@dataclass
class ReportedEngagement:
    id: int
    title: str
    kind: str
    starts: str
    ends: str
    time_zone: str
    place: str
    online: bool
    organizer: str
    regions: list[str]
    delegates: list[dict[str, str]]
    unnamed_delegates: int
    statements: list[str]
    interventions: list[str]
    outcome: str
    follow_ups_done: int
    follow_ups_total: int


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    engagements: list[ReportedEngagement] = field(default_factory=list)

    def by_kind(self) -> list[tuple[str, int]]:
        counts = Counter(entry.kind for entry in self.engagements)
        return [(str(label), counts[value]) for value, label in Kind.choices if counts[value]]

    def by_region(self) -> list[tuple[str, int]]:
        counts = Counter(region for entry in self.engagements for region in entry.regions or [""])
        return sorted(
            ((name or _("Global"), count) for name, count in counts.items()),
            key=lambda pair: (-pair[1], pair[0]),
        )

    def kind_label(self, kind: str) -> str:
        return str(Kind(kind).label) if kind in Kind.values else kind

    def to_content(self) -> dict[str, Any]:
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "engagements": [asdict(entry) for entry in self.engagements],
        }

    @classmethod
    def from_content(cls, content: dict[str, Any]) -> Report:
        return cls(
            start=datetime.date.fromisoformat(content["start"]),
            end=datetime.date.fromisoformat(content["end"]),
            engagements=[ReportedEngagement(**entry) for entry in content["engagements"]],
        )


def default_period(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """Since the last General Assembly ended (the day after, in its zone) until today; a whole
    year back when there has been none."""
    today = today or timezone.localdate()
    last = (
        Assembly.objects.filter(status=Assembly.Status.CLOSED, ends_at__lte=timezone.now())
        .order_by("-ends_at")
        .first()
    )
    if last is None:
        return today - datetime.timedelta(days=365), today
    ended = last.local(last.ends_at).date()  # type: ignore[union-attr]
    return min(ended + datetime.timedelta(days=1), today), today


def report_build(start: datetime.date, end: datetime.date) -> Report:
    """The engagements that began from `start` to `end` (both included, in the UTC day) and
    were not cancelled."""
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=datetime.UTC)
    last = datetime.datetime.combine(
        end + datetime.timedelta(days=1), datetime.time.min, tzinfo=datetime.UTC
    )
    found = (
        Engagement.objects.filter(
            starts_at__gte=first, starts_at__lt=last, cancelled_at__isnull=True
        )
        .order_by("starts_at", "id")
        .prefetch_related(
            "regions",
            "follow_ups",
            "interventions",
            Prefetch(
                "delegation",
                queryset=DelegationMember.objects.select_related("person__organization"),
            ),
            "statements__translations",
        )
    )
    report = Report(start=start, end=end)
    for engagement in found:
        shown = delegation(engagement.delegation.all())
        follow_ups = list(engagement.follow_ups.all())
        report.engagements.append(
            ReportedEngagement(
                id=engagement.pk,
                title=engagement.title,
                kind=engagement.kind,
                starts=engagement.local_start.isoformat(),
                ends=engagement.local_end.isoformat(),
                time_zone=engagement.time_zone,
                place=engagement.place,
                online=engagement.online,
                organizer=engagement.organizer,
                regions=[region.display_name for region in engagement.regions.all()],
                delegates=[{"name": named.name.label, "role": named.role} for named in shown.named],
                unnamed_delegates=shown.unnamed,
                statements=[statement_title(s) for s in engagement.statements.all()],
                interventions=[item.title for item in engagement.interventions.all()],
                outcome=engagement.outcome,
                follow_ups_done=sum(1 for task in follow_ups if task.is_done),
                follow_ups_total=len(follow_ups),
            )
        )
    return report


def _cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def report_markdown(report: Report) -> str:
    """The report as Markdown, for the PDF."""
    lines = [
        _("Engagements from %(start)s to %(end)s: %(count)d.")
        % {"start": report.start, "end": report.end, "count": len(report.engagements)},
        "",
        f"## {_('By kind')}",
        "",
        f"| {_('Kind')} | {_('Engagements')} |",
        "|---|--:|",
        *(f"| {_cell(label)} | {count} |" for label, count in report.by_kind()),
        "",
        f"## {_('By region')}",
        "",
        f"| {_('Region')} | {_('Engagements')} |",
        "|---|--:|",
        *(f"| {_cell(name)} | {count} |" for name, count in report.by_region()),
        "",
    ]
    for entry in report.engagements:
        lines += [
            f"## {_cell(entry.title)}",
            "",
            f"*{_cell(report.kind_label(entry.kind))}*, "
            + _("%(start)s to %(end)s") % {"start": entry.starts[:10], "end": entry.ends[:10]}
            + (f", {_cell(entry.place)}" if entry.place else "")
            + (f" ({_('online')})" if entry.online else ""),
            "",
        ]
        if entry.delegates or entry.unnamed_delegates:
            names = [f"{d['name']} ({d['role']})" for d in entry.delegates]
            if entry.unnamed_delegates:
                names.append(_("%(count)d not named") % {"count": entry.unnamed_delegates})
            lines += [f"**{_('Delegation')}:** " + _cell(", ".join(names)), ""]
        if entry.statements:
            lines += [f"**{_('Positions')}:** " + _cell("; ".join(entry.statements)), ""]
        if entry.interventions:
            lines += [f"**{_('Interventions')}:** " + _cell("; ".join(entry.interventions)), ""]
        if entry.outcome:
            lines += [f"**{_('Outcome')}:**", "", entry.outcome, ""]
        if entry.follow_ups_total:
            lines += [
                _("Follow-up tasks: %(done)d of %(total)d done.")
                % {"done": entry.follow_ups_done, "total": entry.follow_ups_total},
                "",
            ]
    return "\n".join(lines)


def report_pdf(report: Report, *, title: str, language: str, subtitle: str = "") -> bytes:
    return markdown_pdf(report_markdown(report), title=title, language=language, subtitle=subtitle)
