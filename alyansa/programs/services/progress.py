"""Progress during the term: a target's state, and a figure given by hand."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.programs.audit_actions import AuditAction
from alyansa.programs.errors import ProgramRuleError
from alyansa.programs.freshness import program_changed
from alyansa.programs.models import ManualFigure, Target, TargetState


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
