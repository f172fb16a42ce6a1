"""Every change to a program of action: drafting it for an assembly's motion, its areas, goals
and targets, their progress, amendments during the term, and the chairperson's report.

Rules kept here:
- A program is drafted for an undecided motion of an assembly; the motion's decision adopts it
  (approved, or approved with additions) or not (rejected): see `on_item_decided`.
- Once adopted, its content (areas, goals, targets) changes only by an amendment: each change
  names the body's decision (body, day, reference) and leaves a new version of the whole text.
- Progress (a target's state, a figure given by hand) is recorded any time during the term.
- The chairperson's report is drafted from the records, edited, put to a report item of a
  later assembly and frozen with that item's decision.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import AgendaItem, ItemKind, Outcome
from alyansa.audit.services import audit_record
from alyansa.core.text import single_line
from alyansa.governance.models import Body
from alyansa.members.models import Chapter, Organization, Region
from alyansa.programs.audit_actions import AuditAction
from alyansa.programs.errors import ProgramRuleError
from alyansa.programs.freshness import program_changed
from alyansa.programs.models import (
    DEFAULT_AREAS,
    Area,
    ChairReport,
    Goal,
    ManualFigure,
    Owner,
    Program,
    Source,
    Target,
    TargetState,
    Version,
)
from alyansa.statements.models import Topic

APPROVING = frozenset({Outcome.APPROVED, Outcome.APPROVED_WITH_ADDITIONS})


def content_digest(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()


def program_content(program: Program) -> dict[str, Any]:
    """The program's text as it stands: what a version keeps."""
    areas = []
    for area in program.areas.prefetch_related("goals__targets__owner_organizations"):
        goals = []
        for goal in area.goals.all():
            targets = [
                {
                    "id": target.pk,
                    "text": target.text,
                    "texts": target.texts,
                    "owner": target.owner,
                    "owner_body": target.owner_body_id,
                    "owner_region": target.owner_region_id,
                    "owner_chapter": target.owner_chapter_id,
                    "owner_organizations": sorted(o.pk for o in target.owner_organizations.all()),
                    "due_on": target.due_on.isoformat(),
                    "indicator": target.indicator,
                    "goal_value": target.goal_value,
                    "source": target.source,
                    "source_kind": target.source_kind,
                    "source_topic": target.source_topic_id,
                }
                for target in goal.targets.all()
            ]
            goals.append({"text": goal.text, "texts": goal.texts, "targets": targets})
        areas.append({"title": area.title, "titles": area.titles, "goals": goals})
    return {"title": program.title, "areas": areas}


@dataclass(frozen=True)
class Amendment:
    """The coordinating body's decision that amends an adopted program."""

    body: Body
    decided_on: datetime.date
    reference: str = ""
    summary: str = ""


def _editable(program: Program, amendment: Amendment | None) -> Program:
    """Lock the program; refuse a change to an adopted one that names no decision, and any
    change to one that was not adopted."""
    program = Program.objects.select_for_update().get(pk=program.pk)
    if program.status == Program.Status.REJECTED:
        raise ProgramRuleError(_("The assembly did not adopt this program: it stays as it was."))
    if program.status == Program.Status.ADOPTED and amendment is None:
        raise ProgramRuleError(
            _("The program is adopted: say which decision of which body amends it.")
        )
    if program.status == Program.Status.DRAFT and amendment is not None:
        raise ProgramRuleError(_("A draft is changed before its adoption, not amended."))
    return program


def _version(
    program: Program,
    *,
    item: AgendaItem | None = None,
    amendment: Amendment | None = None,
    decided_on: datetime.date,
) -> Version:
    last = program.versions.aggregate(last=Max("number"))["last"] or 0
    return Version.objects.create(
        program=program,
        number=last + 1,
        content=program_content(program),
        item=item,
        body=amendment.body if amendment else None,
        decided_on=decided_on,
        reference=single_line(amendment.reference)[:200] if amendment else "",
        summary=amendment.summary.strip() if amendment else "",
    )


def _after_change(program: Program, amendment: Amendment | None, *, acting_user: User) -> None:
    if amendment is not None:
        version = _version(program, amendment=amendment, decided_on=amendment.decided_on)
        audit_record(
            actor=acting_user,
            action=AuditAction.PROGRAM_AMEND,
            obj=program,
            changes={"version": version.number, "body": amendment.body.pk},
        )


@transaction.atomic
def program_draft(
    *,
    item: AgendaItem,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    acting_user: User,
    titles: dict[str, str] | None = None,
    after_the_fact: bool = False,
) -> Program:
    """A program for an undecided motion of an assembly, with the four usual areas. Its term
    runs from this assembly to the next. `after_the_fact`: the program of a motion the assembly
    already approved (decided before its text was entered here), then recorded as adopted with
    `program_record_adoption` once its targets are in."""
    item = AgendaItem.objects.select_for_update().select_related("assembly").get(pk=item.pk)
    if item.kind != ItemKind.MOTION:
        raise ProgramRuleError(_("A program of action is adopted by a motion of the agenda."))
    if item.outcome and not (after_the_fact and item.outcome in APPROVING):
        raise ProgramRuleError(_("This item has already been decided."))
    if after_the_fact and not item.outcome:
        raise ProgramRuleError(_("This motion is not decided yet: draft the program before it."))
    if Program.objects.filter(item=item).exists():
        raise ProgramRuleError(_("This motion already carries a program."))
    if ends_on <= starts_on:
        raise ProgramRuleError(_("The term ends after it starts."))
    title = single_line(title)[:200]
    if not title:
        raise ProgramRuleError(_("Give the program a title."))
    program = Program.objects.create(
        title=title,
        titles=titles or {},
        assembly=item.assembly,
        item=item,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    for position, area_title in enumerate(DEFAULT_AREAS, start=1):
        Area.objects.create(program=program, position=position, title=str(area_title))
    audit_record(actor=acting_user, action=AuditAction.PROGRAM_DRAFT, obj=program)
    program_changed(program.pk)
    return program


@transaction.atomic
def area_save(
    *,
    program: Program,
    title: str,
    acting_user: User,
    area: Area | None = None,
    titles: dict[str, str] | None = None,
    amendment: Amendment | None = None,
) -> Area:
    """Add an area to a program, or rename one."""
    program = _editable(program, amendment)
    title = single_line(title)[:200]
    if not title:
        raise ProgramRuleError(_("Give the area a title."))
    if area is None:
        last = program.areas.aggregate(last=Max("position"))["last"] or 0
        area = Area.objects.create(
            program=program, position=last + 1, title=title, titles=titles or {}
        )
    else:
        if area.program_id != program.pk:
            raise ProgramRuleError(_("This area belongs to another program."))
        area.title, area.titles = title, titles if titles is not None else area.titles
        area.save(update_fields=["title", "titles"])
    audit_record(actor=acting_user, action=AuditAction.AREA_SAVE, obj=area)
    program_changed(program.pk)
    _after_change(program, amendment, acting_user=acting_user)
    return area


@transaction.atomic
def goal_save(
    *,
    area: Area,
    text: str,
    acting_user: User,
    goal: Goal | None = None,
    texts: dict[str, str] | None = None,
    amendment: Amendment | None = None,
) -> Goal:
    """Add a goal to an area, or change its text."""
    program = _editable(area.program, amendment)
    text = single_line(text)[:500]
    if not text:
        raise ProgramRuleError(_("Say what the goal is."))
    if goal is None:
        last = area.goals.aggregate(last=Max("position"))["last"] or 0
        goal = Goal.objects.create(area=area, position=last + 1, text=text, texts=texts or {})
    else:
        goal.text, goal.texts = text, texts if texts is not None else goal.texts
        goal.save(update_fields=["text", "texts"])
    audit_record(actor=acting_user, action=AuditAction.GOAL_SAVE, obj=goal)
    program_changed(program.pk)
    _after_change(program, amendment, acting_user=acting_user)
    return goal


@dataclass
class TargetFields:
    """What a target says: what, who carries it, by when, and its indicator."""

    text: str
    owner: str
    due_on: datetime.date
    texts: dict[str, str] | None = None
    owner_body: Body | None = None
    owner_region: Region | None = None
    owner_chapter: Chapter | None = None
    owner_organizations: list[Organization] | None = None
    indicator: str = ""
    goal_value: int | None = None
    source: str = Source.MANUAL
    source_kind: str = ""
    source_topic: Topic | None = None


def _check_target(fields: TargetFields, program: Program) -> dict[str, Any]:
    from alyansa.campaigns.models import CallKind
    from alyansa.engagements.models import Kind as EngagementKind

    text = single_line(fields.text)[:500]
    if not text:
        raise ProgramRuleError(_("Say what the target is."))
    owner = Owner(fields.owner)
    needed = {
        Owner.BODY: fields.owner_body,
        Owner.REGION: fields.owner_region,
        Owner.CHAPTER: fields.owner_chapter,
        Owner.ORGANIZATIONS: fields.owner_organizations,
    }
    if owner in needed and not needed[owner]:
        raise ProgramRuleError(_("Say which %(owner)s carries it.") % {"owner": owner.label})
    if not program.starts_on <= fields.due_on <= program.ends_on:
        raise ProgramRuleError(_("A target is due within the program's term."))
    source = Source(fields.source)
    kinds = {Source.CAMPAIGN_REPORTS: CallKind.values, Source.ENGAGEMENTS: EngagementKind.values}
    kind = fields.source_kind if source in kinds else ""
    if kind and kind not in kinds[source]:
        raise ProgramRuleError(_("This kind of record cannot be counted for this indicator."))
    if source == Source.STATEMENTS and fields.source_topic is None:
        raise ProgramRuleError(_("Say which topic's statements are counted."))
    if source != Source.MANUAL and not fields.goal_value:
        raise ProgramRuleError(_("An indicator that counts itself needs a number to reach."))
    return {
        "text": text,
        "texts": fields.texts or {},
        "owner": owner.value,
        "owner_body": fields.owner_body if owner == Owner.BODY else None,
        "owner_region": fields.owner_region if owner == Owner.REGION else None,
        "owner_chapter": fields.owner_chapter if owner == Owner.CHAPTER else None,
        "due_on": fields.due_on,
        "indicator": single_line(fields.indicator)[:200],
        "goal_value": fields.goal_value or None,
        "source": source.value,
        "source_kind": kind,
        "source_topic": fields.source_topic if source == Source.STATEMENTS else None,
    }


@transaction.atomic
def target_save(
    *,
    goal: Goal,
    fields: TargetFields,
    acting_user: User,
    target: Target | None = None,
    amendment: Amendment | None = None,
) -> Target:
    """Add a target to a goal, or change what it says."""
    program = _editable(goal.area.program, amendment)
    values = _check_target(fields, program)
    if target is None:
        last = goal.targets.aggregate(last=Max("position"))["last"] or 0
        target = Target.objects.create(goal=goal, position=last + 1, **values)
    else:
        if target.goal_id != goal.pk:
            raise ProgramRuleError(_("This target belongs to another goal."))
        for name, value in values.items():
            setattr(target, name, value)
        target.updated_at = timezone.now()
        target.save()
    if values["owner"] == Owner.ORGANIZATIONS:
        target.owner_organizations.set(fields.owner_organizations or [])
    else:
        target.owner_organizations.clear()
    audit_record(actor=acting_user, action=AuditAction.TARGET_SAVE, obj=target)
    program_changed(program.pk)
    _after_change(program, amendment, acting_user=acting_user)
    return target


def _progress(target: Target) -> Target:
    target = (
        Target.objects.select_for_update().select_related("goal__area__program").get(pk=target.pk)
    )
    if not target.goal.area.program.is_adopted:
        raise ProgramRuleError(_("Progress is followed once the program is adopted."))
    program_changed(target.goal.area.program_id)
    return target


@transaction.atomic
def target_set_state(*, target: Target, state: str, acting_user: User, reason: str = "") -> Target:
    """Mark a target not started, under way, done, or dropped (with why)."""
    target = _progress(target)
    state = TargetState(state)
    if state == TargetState.DROPPED and not reason.strip():
        raise ProgramRuleError(_("Say why the target was dropped."))
    target.state = state.value
    target.dropped_reason = reason.strip() if state == TargetState.DROPPED else ""
    target.updated_at = timezone.now()
    target.save(update_fields=["state", "dropped_reason", "updated_at"])
    audit_record(
        actor=acting_user,
        action=AuditAction.TARGET_STATE,
        obj=target,
        changes={"state": state.value},
    )
    return target


@transaction.atomic
def figure_record(*, target: Target, value: int, note: str, acting_user: User) -> ManualFigure:
    """A figure given by hand for an indicator that does not count itself, with a note that
    says where it comes from."""
    target = _progress(target)
    if target.counts_itself:
        raise ProgramRuleError(_("This indicator counts itself from the records."))
    if value < 0:
        raise ProgramRuleError(_("A figure is zero or more."))
    if not note.strip():
        raise ProgramRuleError(_("Say where the figure comes from."))
    figure = ManualFigure.objects.create(
        target=target, value=value, note=note.strip()[:2000], recorded_by=acting_user
    )
    audit_record(
        actor=acting_user, action=AuditAction.FIGURE_RECORD, obj=figure, changes={"value": value}
    )
    return figure


@transaction.atomic
def program_record_adoption(*, program: Program, acting_user: User) -> Program:
    """Record as adopted a program entered after its motion was approved: version 1 is dated on
    the motion's decision, as if drafted before it."""
    program = (
        Program.objects.select_for_update().select_related("item__assembly").get(pk=program.pk)
    )
    if program.status != Program.Status.DRAFT:
        raise ProgramRuleError(_("This program is not a draft."))
    if program.item.outcome not in APPROVING:
        raise ProgramRuleError(_("Its motion has not been approved."))
    _decide_program(program, program.item, acting_user)
    return program


# --- the chairperson's report -----------------------------------------------------------------


@transaction.atomic
def report_draft(
    *, program: Program, acting_user: User, period_end: datetime.date | None = None
) -> ChairReport:
    """Draft the chairperson's report from the records: the figures up to `period_end` (today,
    or the term's end if earlier) and a text to edit."""
    from alyansa.programs.reporting import report_build, report_markdown

    if not program.is_adopted:
        raise ProgramRuleError(_("Only an adopted program is reported on."))
    period_end = min(period_end or timezone.localdate(), program.ends_on)
    content = report_build(program, period_end=period_end)
    report = ChairReport.objects.create(
        program=program,
        period_end=period_end,
        content=content,
        text=report_markdown(content),
        drafted_by=acting_user,
    )
    audit_record(actor=acting_user, action=AuditAction.REPORT_DRAFT, obj=report)
    return report


def _open_report(report: ChairReport) -> ChairReport:
    report = ChairReport.objects.select_for_update().get(pk=report.pk)
    if report.is_frozen:
        raise ProgramRuleError(_("The assembly has decided on this report: it stays as it was."))
    return report


@transaction.atomic
def report_edit(
    *, report: ChairReport, text: str, acting_user: User, texts: dict[str, str] | None = None
) -> ChairReport:
    """The secretariat's edit of the report's text (its figures stay as drafted)."""
    report = _open_report(report)
    if not text.strip():
        raise ProgramRuleError(_("The report needs a text."))
    report.text = text.strip()
    if texts is not None:
        report.texts = {code: value.strip() for code, value in texts.items() if value.strip()}
    report.edited_at = timezone.now()
    report.save(update_fields=["text", "texts", "edited_at"])
    audit_record(actor=acting_user, action=AuditAction.REPORT_EDIT, obj=report)
    return report


@transaction.atomic
def report_present(*, report: ChairReport, item: AgendaItem, acting_user: User) -> ChairReport:
    """Put the report to a report item ("report of the chairperson") of a later assembly. It
    may be corrected until the item is decided, never after."""
    report = _open_report(report)
    item = AgendaItem.objects.select_for_update().select_related("assembly").get(pk=item.pk)
    if item.kind != ItemKind.REPORT:
        raise ProgramRuleError(_("The chairperson's report goes to a report item of the agenda."))
    if item.outcome:
        raise ProgramRuleError(_("This item has already been decided."))
    program = report.program
    if item.assembly_id == program.assembly_id:
        raise ProgramRuleError(_("The report goes to the assembly after the one that adopted it."))
    holder = ChairReport.objects.filter(item=item).exclude(pk=report.pk).first()
    if holder is not None:
        raise ProgramRuleError(_("This item already carries another report."))
    report.item = item
    report.save(update_fields=["item"])
    audit_record(
        actor=acting_user, action=AuditAction.REPORT_PRESENT, obj=report, changes={"item": item.pk}
    )
    return report


# --- what an assembly's decision does (assemblies' decision listener) -------------------------


@transaction.atomic
def on_item_decided(*, item: AgendaItem, acting_user: Any) -> None:
    """A motion carrying a program adopts it (or not); a report item carrying the
    chairperson's report freezes it with the outcome and additions. Runs inside the decision's
    transaction."""
    program = Program.objects.select_for_update().filter(item=item).first()
    if program is not None and program.status == Program.Status.DRAFT:
        _decide_program(program, item, acting_user)
    report = ChairReport.objects.select_for_update().filter(item=item).first()
    if report is not None and not report.is_frozen:
        report.outcome = item.outcome
        report.additions = item.additions
        report.frozen_at = timezone.now()
        report.digest = content_digest(
            {"content": report.content, "text": report.text, "texts": report.texts}
        )
        report.save(update_fields=["outcome", "additions", "frozen_at", "digest"])
        audit_record(
            actor=acting_user,
            action=AuditAction.REPORT_FREEZE,
            obj=report,
            changes={"outcome": item.outcome, "digest": report.digest},
        )


def _decide_program(program: Program, item: AgendaItem, acting_user: Any) -> None:
    program_changed(program.pk)
    if item.outcome in APPROVING:
        program.status = Program.Status.ADOPTED
        program.adopted_at = item.decided_at
        program.save(update_fields=["status", "adopted_at"])
        day = item.assembly.local(item.decided_at).date()  # type: ignore[union-attr]
        version = _version(program, item=item, decided_on=day)
        audit_record(
            actor=acting_user,
            action=AuditAction.PROGRAM_ADOPT,
            obj=program,
            changes={"version": version.number, "item": item.pk},
        )
    else:
        program.status = Program.Status.REJECTED
        program.save(update_fields=["status"])
        audit_record(actor=acting_user, action=AuditAction.PROGRAM_REJECT, obj=program)
