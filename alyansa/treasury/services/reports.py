"""Putting the treasurer's report to an assembly: its figures are frozen then."""

from __future__ import annotations

import datetime
import hashlib
import json

from django.db import transaction
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import AgendaItem, ItemKind
from alyansa.audit.services import audit_record
from alyansa.treasury.audit_actions import AuditAction
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.export import beancount_lines
from alyansa.treasury.models import FrozenReport
from alyansa.treasury.reporting import report_build


def content_digest(content: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def report_freeze(
    *, item: AgendaItem, start: datetime.date, end: datetime.date, acting_user: User
) -> FrozenReport:
    """Attach the report for a period to a report item of an assembly's agenda. Its figures
    are kept as they are now; the item's decision (approved, with additions, or rejected)
    concerns these figures. A corrected report may replace it until the item is decided, never
    after."""
    item = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if item.kind != ItemKind.REPORT:
        raise TreasuryRuleError(_("The treasurer's report goes to a report item of the agenda."))
    if item.outcome:
        raise TreasuryRuleError(_("This item has been decided: its report stays as it was."))
    if end < start:
        raise TreasuryRuleError(_("The period ends after it starts."))
    content = report_build(start, end).to_content()
    frozen = FrozenReport.objects.create(
        item=item,
        period_start=start,
        period_end=end,
        content=content,
        digest=content_digest(content),
        frozen_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.REPORT_FREEZE,
        obj=frozen,
        changes={"item": item.pk, "digest": frozen.digest},
    )
    return frozen


def ledger_export(*, acting_user: User) -> list[str]:
    """The whole ledger as a Beancount file's lines, and a row in the audit trail that says
    who took it (the file names organizations)."""
    lines = list(beancount_lines())
    audit_record(
        actor=acting_user,
        action=AuditAction.LEDGER_EXPORT,
        changes={"lines": len(lines)},
    )
    return lines
