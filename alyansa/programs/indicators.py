"""Indicators that count themselves from the platform's records.

A target's figure comes from one of four kinds of record, within the program's term and for the
target's owners: reports on calls to action of a kind (campaigns), engagements of a kind,
admissions in the member registry, statements published on a topic. Or it is given by hand
with a note (the latest figure counts). The same filter lists the records behind a figure.

`figures()` counts every target of a program in one query per kind of record (one filtered
COUNT per target), whatever the number of targets or records: the dashboard's cost is bounded.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from alyansa.campaigns.models import AnswerState, Report
from alyansa.engagements.models import DelegationMember, Engagement
from alyansa.members.models import Chapter, MembershipEvent, MembershipStatus
from alyansa.programs.models import ManualFigure, Owner, Program, Source, Target, TargetState
from alyansa.statements.models import Statement


def term_bounds(program: Program) -> tuple[datetime.datetime, datetime.datetime]:
    """The term as aware moments: from the first day's start to the last day's end, in the
    site's zone (the records of a day count on that day)."""
    zone = timezone.get_default_timezone()
    start = datetime.datetime.combine(program.starts_on, datetime.time.min, tzinfo=zone)
    end = datetime.datetime.combine(
        program.ends_on + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
    )
    return start, end


def owner_organizations(target: Target) -> Any:
    """The organizations whose records count for `target` (None: every organization), as ids
    or a subquery of ids."""
    if target.owner == Owner.REGION:
        return None  # filtered by the organization's region instead
    if target.owner == Owner.CHAPTER:
        return Chapter.organizations.through.objects.filter(
            chapter_id=target.owner_chapter_id or 0
        ).values("organization_id")
    if target.owner == Owner.ORGANIZATIONS:
        return [org.pk for org in target.owner_organizations.all()]
    return None


def _by_organization(target: Target, path: str) -> Q:
    """The records of the target's owners, reached through `path` to an organization."""
    if target.owner == Owner.REGION:
        return Q(**{f"{path}__region_id": target.owner_region_id})
    organizations = owner_organizations(target)
    if organizations is None:
        return Q()
    return Q(**{f"{path}_id__in": organizations})


def _reports(target: Target) -> Q:
    q = _by_organization(target, "answer__organization")
    return q & Q(answer__call__kind=target.source_kind) if target.source_kind else q


def _engagements(target: Target) -> Q:
    q = Q(kind=target.source_kind) if target.source_kind else Q()
    if target.owner == Owner.BODY:
        return q & Q(
            pk__in=Engagement.bodies.through.objects.filter(
                body_id=target.owner_body_id or 0
            ).values("engagement_id")
        )
    if target.owner == Owner.REGION:
        return q & Q(
            pk__in=Engagement.regions.through.objects.filter(
                region_id=target.owner_region_id or 0
            ).values("engagement_id")
        )
    organizations = owner_organizations(target)
    if organizations is None:
        return q
    return q & Q(
        pk__in=DelegationMember.objects.filter(person__organization_id__in=organizations).values(
            "engagement_id"
        )
    )


def _admissions(target: Target) -> Q:
    return _by_organization(target, "membership__organization")


def _statements(target: Target) -> Q:
    if target.source_topic_id is None:
        return Q()
    return Q(
        pk__in=Statement.topics.through.objects.filter(topic_id=target.source_topic_id).values(
            "statement_id"
        )
    )


def report_records(program: Program, *, public: bool) -> QuerySet[Report]:
    start, end = program.starts_on, program.ends_on
    found = Report.objects.filter(
        answer__state=AnswerState.REPORTED, held_on__gte=start, held_on__lte=end
    )
    return found.filter(is_public=True, answer__call__is_public=True) if public else found


def engagement_records(program: Program, *, public: bool) -> QuerySet[Engagement]:
    start, end = term_bounds(program)
    found = Engagement.objects.filter(
        cancelled_at__isnull=True, starts_at__gte=start, starts_at__lt=end
    )
    return found.filter(is_public=True) if public else found


def admission_records(program: Program, *, public: bool) -> QuerySet[MembershipEvent]:
    # Admissions are public acts of the registry; an at-risk organization's is counted, and
    # never listed to the public (see `records_of`).
    return MembershipEvent.objects.filter(
        status=MembershipStatus.ADMITTED, date__gte=program.starts_on, date__lte=program.ends_on
    )


def statement_records(program: Program, *, public: bool) -> QuerySet[Statement]:
    start, end = term_bounds(program)
    return Statement.objects.published().filter(published_at__gte=start, published_at__lt=end)


SOURCES = {
    Source.CAMPAIGN_REPORTS: (report_records, _reports),
    Source.ENGAGEMENTS: (engagement_records, _engagements),
    Source.ADMISSIONS: (admission_records, _admissions),
    Source.STATEMENTS: (statement_records, _statements),
}


def records_of(target: Target, program: Program, *, public: bool) -> QuerySet[Any]:
    """The records behind a target's figure (none for a figure given by hand)."""
    if target.source not in SOURCES:
        return Report.objects.none()
    records, condition = SOURCES[Source(target.source)]
    return records(program, public=public).filter(condition(target))


@dataclass(frozen=True)
class Figure:
    """A target's figure now: its value, the number to reach, the note of a hand-given figure
    and the state (a target whose figure reached its number is done)."""

    value: int | None
    goal: int | None
    state: str
    note: str = ""

    @property
    def percent(self) -> int | None:
        if self.value is None or not self.goal:
            return None
        return min(100, round(100 * self.value / self.goal))

    @property
    def state_label(self) -> str:
        return str(TargetState(self.state).label)


def effective_state(target: Target, value: int | None) -> str:
    """The recorded state, except that a target whose figure reached its number is done and
    one with a figure above zero is under way (a dropped target stays dropped)."""
    if target.state in (TargetState.DROPPED, TargetState.DONE):
        return target.state
    if value is not None and target.goal_value and value >= target.goal_value:
        return TargetState.DONE
    if value:
        return TargetState.UNDER_WAY
    return target.state


def figures(program: Program, targets: Iterable[Target], *, public: bool) -> dict[int, Figure]:
    """Every target's figure: one query per kind of record that some target counts, and one
    for the figures given by hand. `targets` come with their owner organizations prefetched."""
    targets = list(targets)
    values: dict[int, int | None] = {t.pk: None for t in targets}
    for source, (records, condition) in SOURCES.items():
        counted = [t for t in targets if t.source == source]
        if not counted:
            continue
        totals = records(program, public=public).aggregate(
            **{f"t{t.pk}": Count("pk", filter=condition(t) or Q(pk__isnull=False)) for t in counted}
        )
        for t in counted:
            values[t.pk] = totals[f"t{t.pk}"]
    notes: dict[int, str] = {}
    manual = [t.pk for t in targets if t.source == Source.MANUAL]
    if manual:
        for figure in ManualFigure.objects.filter(target_id__in=manual).order_by(
            "target_id", "-recorded_at", "-id"
        ):
            if figure.target_id not in notes:
                values[figure.target_id] = figure.value
                notes[figure.target_id] = figure.note
    return {
        t.pk: Figure(
            value=values[t.pk],
            goal=t.goal_value,
            state=effective_state(t, values[t.pk]),
            note=notes.get(t.pk, ""),
        )
        for t in targets
    }
