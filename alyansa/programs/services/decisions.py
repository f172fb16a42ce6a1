"""What an assembly's decision does (the assemblies' decision listener): a motion adopts its
program or not; a report item freezes the chairperson's report."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from alyansa.accounts.models import User
from alyansa.assemblies.models import AgendaItem
from alyansa.audit.services import audit_record
from alyansa.programs.audit_actions import AuditAction
from alyansa.programs.freshness import program_changed
from alyansa.programs.models import ChairReport, Program
from alyansa.programs.services.versions import APPROVING, content_digest, version_create


@transaction.atomic
def on_item_decided(*, item: AgendaItem, acting_user: User | None) -> None:
    """A motion carrying a program adopts it (or not); a report item carrying the
    chairperson's report freezes it with the outcome and additions. Runs inside the decision's
    transaction."""
    program = Program.objects.select_for_update().filter(item=item).first()
    if program is not None and program.status == Program.Status.DRAFT:
        program_decide(program, item, acting_user)
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


def program_decide(program: Program, item: AgendaItem, acting_user: User | None) -> None:
    program_changed(program.pk)
    if item.outcome in APPROVING:
        program.status = Program.Status.ADOPTED
        program.adopted_at = item.decided_at
        program.save(update_fields=["status", "adopted_at"])
        day = item.assembly.local(item.decided_at).date()  # type: ignore[union-attr]
        version = version_create(program, item=item, decided_on=day)
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
