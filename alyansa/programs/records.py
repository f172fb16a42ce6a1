"""The records behind a target's figure, as lines a reader may see.

Organizations are named through the public projection: for the public, a record of an
at-risk organization is left out of the list altogether (its city or date could point to it)
and counted as "N organizations that cannot be named", so the figure stays true.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from alyansa.engagements.selectors import statement_title
from alyansa.members import public as public_names
from alyansa.programs.indicators import records_of
from alyansa.programs.models import Program, Source, Target

LISTED = 200  # the page lists the most recent records; the figure counts all of them


@dataclass(frozen=True)
class Line:
    day: str
    text: str
    url: str = ""


@dataclass
class Behind:
    lines: list[Line]
    unnamed: int
    more: int

    @property
    def unnamed_label(self) -> str:
        return public_names.unnamed_label(self.unnamed)


def records_behind(target: Target, program: Program, *, public: bool, user: Any) -> Behind:
    reader = None if public else user
    found = records_of(target, program, public=public)
    total = found.count()
    lines, unnamed = [], 0
    if target.source == Source.CAMPAIGN_REPORTS:
        for report in found.select_related("answer__organization", "answer__call").order_by(
            "-held_on", "-pk"
        )[:LISTED]:
            org = report.answer.organization
            if not public_names.may_name(org, reader):
                unnamed += 1
                continue
            lines.append(
                Line(
                    report.held_on.isoformat(),
                    f"{public_names.organization(org, reader).short}: "
                    f"{report.answer.call.local_title}, {report.city}",
                    reverse("campaigns:call", args=[report.answer.call_id]),
                )
            )
    elif target.source == Source.ENGAGEMENTS:
        for engagement in found.order_by("-starts_at", "-pk")[:LISTED]:
            lines.append(
                Line(
                    engagement.local_start.date().isoformat(),
                    engagement.title_text,
                    engagement.get_absolute_url(),
                )
            )
    elif target.source == Source.ADMISSIONS:
        for event in found.select_related("membership__organization").order_by("-date", "-pk")[
            :LISTED
        ]:
            org = event.membership.organization
            if not public_names.may_name(org, reader):
                unnamed += 1
                continue
            named = public_names.organization(org, reader)
            lines.append(Line(event.date.isoformat(), named.label, named.url))
    elif target.source == Source.STATEMENTS:
        for statement in found.prefetch_related("translations").order_by("-published_at", "-pk")[
            :LISTED
        ]:
            lines.append(
                Line(
                    statement.published_at.date().isoformat() if statement.published_at else "",
                    statement_title(statement),
                    statement.get_absolute_url(),
                )
            )
    return Behind(lines=lines, unnamed=unnamed, more=max(0, total - LISTED))
