"""A program of action and its text (areas, goals, targets): drafted for an assembly's motion,
changed before its adoption, amended afterwards by a body's decision (`Amendment`), or recorded
as adopted when it is entered after its motion was approved."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alyansa.accounts.models import User
from alyansa.assemblies.models import AgendaItem, ItemKind
from alyansa.audit.services import audit_record
from alyansa.campaigns.models import CallKind
from alyansa.core.text import single_line
from alyansa.engagements.models import Kind as EngagementKind
from alyansa.governance.models import Body
from alyansa.members.models import Chapter, Organization, Region
from alyansa.programs.audit_actions import AuditAction
from alyansa.programs.errors import ProgramRuleError
from alyansa.programs.freshness import program_changed
from alyansa.programs.models import DEFAULT_AREAS, Area, Goal, Owner, Program, Source, Target
from alyansa.programs.services.decisions import program_decide
from alyansa.programs.services.versions import APPROVING, Amendment, after_change
from alyansa.statements.models import Topic

# Whole sentences, one per kind of carrier: a translator never assembles one from a label.
MISSING_OWNER = {
    Owner.BODY: gettext_lazy("Say which governing body carries it."),
    Owner.REGION: gettext_lazy("Say which region carries it."),
    Owner.CHAPTER: gettext_lazy("Say which chapter carries it."),
    Owner.ORGANIZATIONS: gettext_lazy("Say which organizations carry it."),
}


def _editable(program: Program, amendment: Amendment | None) -> Program:
    """Lock the program (inside the caller's transaction); refuse a change to an adopted one
    that names no decision, and any change to one that was not adopted."""
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
    after_change(program, amendment, acting_user=acting_user)
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
    after_change(program, amendment, acting_user=acting_user)
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
        raise ProgramRuleError(str(MISSING_OWNER[owner]))
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
    after_change(program, amendment, acting_user=acting_user)
    return target


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
    program_decide(program, program.item, acting_user)
    return program
