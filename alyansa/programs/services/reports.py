"""The chairperson's report: drafted from the records, edited, and put to a report item of a
later assembly (its decision freezes it: `decisions.on_item_decided`)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import AgendaItem, ItemKind
from alyansa.audit.services import audit_record
from alyansa.programs.audit_actions import AuditAction
from alyansa.programs.errors import ProgramRuleError
from alyansa.programs.models import ChairReport, Program


@transaction.atomic
def report_draft(
    *, program: Program, acting_user: User, period_end: datetime.date | None = None
) -> ChairReport:
    """Draft the chairperson's report from the records: the figures up to `period_end` (today,
    or the term's end if earlier) and a text to edit."""
    # Imported here, not at start-up: the reporting module loads the PDF writer (fpdf), and
    # this package is imported when the app starts (its decision listener).
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
