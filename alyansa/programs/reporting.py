"""The chairperson's report on the program: its figures, drafted from the records, and the
text the secretariat starts from.

The figures count every record (the report speaks for the whole alliance) and name
organizations only through the public projection, as anything put to an assembly may be
published: an at-risk organization is counted, never named.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from alyansa.accounts.permissions import is_secretariat
from alyansa.core.pdf import markdown_pdf
from alyansa.engagements.models import Kind as EngagementKind
from alyansa.members.models import ENDED_STATUSES, MEMBER_STATUSES, MembershipEvent, Organization
from alyansa.members.public import ORGANIZATION_STAND_IN, hidden
from alyansa.programs.dashboard import dashboard_build
from alyansa.programs.indicators import engagement_records
from alyansa.programs.models import ChairReport, Program, TargetState


def members_on(day: datetime.date) -> int:
    """How many organizations were members on `day`, from the registry's history (one query)."""
    latest: dict[int, str] = {}
    for membership_id, status in (
        MembershipEvent.objects.filter(date__lte=day)
        .order_by("membership_id", "date", "recorded_at", "id")
        .values_list("membership_id", "status")
    ):
        latest[membership_id] = status
    return sum(1 for status in latest.values() if status in MEMBER_STATUSES)


def membership_growth(start: datetime.date, end: datetime.date) -> dict[str, int]:
    events = MembershipEvent.objects.filter(date__gte=start, date__lte=end)
    return {
        "at_start": members_on(start - datetime.timedelta(days=1)),
        "admitted": events.filter(status="admitted").count(),
        "ended": events.filter(status__in=[s.value for s in ENDED_STATUSES]).count(),
        "at_end": members_on(end),
    }


def report_build(program: Program, *, period_end: datetime.date) -> dict[str, Any]:
    """The figures of the report, as plain data kept with it (and frozen with the decision)."""
    board = dashboard_build(program, public=False, user=None)
    areas: dict[str, dict[str, Any]] = {}
    for row in board.rows:
        area = areas.setdefault(
            row.target.goal.area.local_title,
            {"title": row.target.goal.area.local_title, "targets": []},
        )
        area["targets"].append(
            {
                "text": row.target.local_text,
                # Built for no reader: names as the public projection allows them.
                "owner": row.owner,
                "due_on": row.target.due_on.isoformat(),
                "indicator": row.target.indicator,
                "goal": row.figure.goal,
                "value": row.figure.value,
                "state": row.figure.state,
                "state_label": row.figure.state_label,
                "dropped_reason": row.target.dropped_reason,
            }
        )
    for title, group in board.by_area.items():
        areas[title]["planned"] = group.planned
        areas[title]["done"] = group.done
    engagements = (
        engagement_records(program, public=False)
        .filter(starts_at__date__lte=period_end)
        .values_list("kind")
        .annotate(number=Count("pk"))
        .order_by("kind")
    )
    return {
        "program": program.local_title,
        "starts_on": program.starts_on.isoformat(),
        "ends_on": program.ends_on.isoformat(),
        "period_end": period_end.isoformat(),
        "areas": list(areas.values()),
        "membership": membership_growth(program.starts_on, period_end),
        "engagements": [
            {"kind": str(EngagementKind(kind).label), "count": number}
            for kind, number in engagements
        ],
        "calls": {
            "count": board.calls,
            "rate": board.responses.rate,
            "by_region": [
                {
                    "region": region,
                    "called": tally.total,
                    "answered": tally.answered,
                    "reported": tally.counts["reported"],
                    "rate": tally.rate,
                }
                for region, tally in board.responses_by_region.items()
            ],
        },
    }


def report_markdown(content: dict[str, Any]) -> str:
    """The text the secretariat starts from: the figures said in sentences and tables."""
    lines = [
        f"# {_('Report of the chairperson on the program of action')}",
        "",
        _("%(program)s, from %(start)s to %(end)s.")
        % {
            "program": content["program"],
            "start": content["starts_on"],
            "end": content["period_end"],
        },
        "",
    ]
    for area in content["areas"]:
        lines += [
            f"## {area['title']}",
            "",
            _("%(done)d of %(planned)d targets done.")
            % {"done": area.get("done", 0), "planned": area.get("planned", 0)},
            "",
            f"| {_('Target')} | {_('Carried by')} | {_('Figure')} | {_('State')} |",
            "|---|---|---|---|",
        ]
        for target in area["targets"]:
            figure = "" if target["value"] is None else str(target["value"])
            if target["goal"]:
                figure = f"{figure or 0} / {target['goal']}"
            state = target["state_label"]
            if target["state"] == TargetState.DROPPED and target["dropped_reason"]:
                state = f"{state}: {target['dropped_reason']}"
            cells = [target["text"], target["owner"], figure, state]
            lines.append("| " + " | ".join(cell.replace("|", "/") for cell in cells) + " |")
        lines.append("")
    growth = content["membership"]
    lines += [
        f"## {_('Membership')}",
        "",
        _(
            "%(at_start)d member organizations at the start of the term, %(admitted)d admitted, "
            "%(ended)d left, %(at_end)d now."
        )
        % growth,
        "",
        f"## {_('Engagements')}",
        "",
    ]
    lines += [f"- {row['kind']}: {row['count']}" for row in content["engagements"]] or [
        _("No engagement was recorded.")
    ]
    calls = content["calls"]
    lines += [
        "",
        f"## {_('Calls to action and how members answered')}",
        "",
        _("%(count)d calls; %(rate)d%% of the organizations called answered.") % calls,
        "",
        f"| {_('Region')} | {_('Called')} | {_('Answered')} | {_('Reported')} | % |",
        "|---|---|---|---|---|",
    ]
    for row in calls["by_region"]:
        lines.append(
            f"| {row['region']} | {row['called']} | {row['answered']} | {row['reported']} "
            f"| {row['rate']} |"
        )
    return "\n".join(lines) + "\n"


def shown_text(report: ChairReport, user: Any = None) -> str:
    """The report's text as `user` (None: the public) may read it. The text was written (or
    drafted) before an organization may have been marked at risk, and the secretariat types
    freely in it: an at-risk organization's name or acronym becomes the anonymous stand-in for
    anyone not entitled, at each rendering, so the rule holds after the fact too."""
    text = report.local_text
    if user is not None and is_secretariat(user):
        return text
    for name, acronym in Organization.objects.filter(hidden()).values_list("name", "acronym"):
        for word in (name, acronym):
            if word.strip():
                pattern = r"(?<!\w)" + r"\W+".join(map(re.escape, word.split())) + r"(?!\w)"
                text = re.sub(pattern, str(ORGANIZATION_STAND_IN), text, flags=re.IGNORECASE)
    return text


def report_pdf(report: ChairReport, *, language: str, user: Any = None) -> bytes:
    text = shown_text(report, user)
    if report.additions:
        text += f"\n\n## {_('Additions approved with the report')}\n\n{report.additions}\n"
    return markdown_pdf(
        text,
        title=str(_("Report of the chairperson on the program of action")),
        language=language,
        subtitle=report.program.local_title,
    )
