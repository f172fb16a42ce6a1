"""Recording the decision that a treasury record rests on."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import AgendaItem, Outcome
from alyansa.audit.services import audit_record
from alyansa.governance.models import Body
from alyansa.treasury.audit_actions import AuditAction
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import Decision

APPROVING = frozenset({Outcome.APPROVED, Outcome.APPROVED_WITH_ADDITIONS})


@transaction.atomic
def decision_record(
    *,
    acting_user: User,
    item: AgendaItem | None = None,
    body: Body | None = None,
    decided_on: datetime.date | None = None,
    reference: str = "",
) -> Decision:
    """A decision of an assembly (an agenda item it approved: the day is the item's) or of a
    governing body (its day and reference, as its minutes say). Exactly one of the two."""
    if (item is None) == (body is None):
        raise TreasuryRuleError(
            _("Say which agenda item or which governing body decided it (one of the two).")
        )
    if item is not None:
        item = AgendaItem.objects.select_related("assembly").get(pk=item.pk)
        if item.outcome not in APPROVING or item.decided_at is None:
            raise TreasuryRuleError(_("Only an agenda item that was approved decides this."))
        decided_on = item.assembly.local(item.decided_at).date()  # type: ignore[union-attr]
    elif decided_on is None:
        raise TreasuryRuleError(_("Give the day the body decided it."))
    decision = Decision.objects.create(
        item=item,
        body=body,
        decided_on=decided_on,
        reference=" ".join(reference.split())[:200],
        recorded_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.DECISION_RECORD,
        obj=decision,
        changes={"item": item.pk if item else None, "body": body.pk if body else None},
    )
    return decision
