"""Attendance: check-in at the door or online, and check-out."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.audit_actions import Action
from alyansa.assemblies.models import Assembly, Attendance, Participant
from alyansa.assemblies.services.announce import assembly_announce
from alyansa.assemblies.services.common import AssemblyRuleError, delegate_actor
from alyansa.audit.services import audit_record


@transaction.atomic
def attendance_check_in(
    *, participant: Participant, method: str, acting_user: User | None = None
) -> Attendance:
    """Mark a participant present: at the door (scanned or typed badge) or online (the delegate
    confirms from their phone; only at a hybrid assembly). Checking in twice changes nothing."""
    method = Attendance.Method(method)
    participant = Participant.objects.select_related("assembly").get(pk=participant.pk)
    assembly = participant.assembly
    if participant.withdrawn_at is not None:
        raise AssemblyRuleError(_("This participant has been withdrawn."))
    if assembly.status not in (Assembly.Status.ANNOUNCED, Assembly.Status.IN_SESSION):
        raise AssemblyRuleError(_("Check-in is open only before and during the assembly."))
    if method == Attendance.Method.ONLINE and not assembly.hybrid:
        raise AssemblyRuleError(_("This assembly meets in person: check in at the door."))
    attendance = Attendance.objects.select_for_update().filter(participant=participant).first()
    if attendance is not None and attendance.present:
        return attendance
    now = timezone.now()
    by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    if attendance is None:
        attendance = Attendance.objects.create(
            participant=participant, method=method, checked_in_at=now, checked_in_by=by
        )
    else:
        attendance.method, attendance.checked_in_at, attendance.checked_in_by = method, now, by
        attendance.checked_out_at = None
        attendance.save(
            update_fields=["method", "checked_in_at", "checked_in_by", "checked_out_at"]
        )
    audit_record(
        actor=acting_user,
        action=Action.ATTENDANCE_CHECK_IN,
        obj=participant,
        changes={"method": method.value, **({} if by else delegate_actor(participant))},
    )
    assembly_announce(assembly, "attendance")
    return attendance


@transaction.atomic
def attendance_check_out(
    *, participant: Participant, acting_user: User | None = None
) -> Attendance | None:
    """A participant leaves: they no longer count towards the present strength."""
    attendance = Attendance.objects.select_for_update().filter(participant=participant).first()
    if attendance is None or not attendance.present:
        return attendance
    attendance.checked_out_at = timezone.now()
    attendance.save(update_fields=["checked_out_at"])
    audit_record(actor=acting_user, action=Action.ATTENDANCE_CHECK_OUT, obj=participant)
    assembly = participant.assembly
    assembly_announce(assembly, "attendance")
    return attendance
