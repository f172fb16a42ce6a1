"""Amendments to motions and reports, and their own outcomes."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.audit_actions import Action
from alyansa.assemblies.models import AgendaItem, Amendment, ItemKind
from alyansa.assemblies.services.common import AssemblyRuleError
from alyansa.audit.services import audit_record


@transaction.atomic
def amendment_add(
    *, item: AgendaItem, text: str, acting_user: User | None, proposed_by: str = ""
) -> Amendment:
    """An amendment to a motion or report, in the order moved."""
    if item.kind not in (ItemKind.MOTION, ItemKind.REPORT, ItemKind.CONSTITUTIONAL):
        raise AssemblyRuleError(_("Only motions and reports take amendments."))
    if item.outcome:
        raise AssemblyRuleError(_("This item has already been decided."))
    if not text.strip():
        raise AssemblyRuleError(_("Give the amendment's text."))
    AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
    last = item.amendments.aggregate(last=Max("position"))["last"] or 0
    amendment = Amendment.objects.create(
        item=item, position=last + 1, text=text.strip(), proposed_by=proposed_by.strip()[:200]
    )
    audit_record(actor=acting_user, action=Action.AMENDMENT_ADD, obj=amendment)
    return amendment


@transaction.atomic
def amendment_translate(
    *, amendment: Amendment, language: str, text: str, acting_user: User | None
) -> Amendment:
    amendment = Amendment.objects.select_for_update().get(pk=amendment.pk)
    translations = dict(amendment.translations)
    if text.strip():
        translations[language] = text.strip()
    else:
        translations.pop(language, None)
    amendment.translations = translations
    amendment.save(update_fields=["translations"])
    audit_record(
        actor=acting_user,
        action=Action.AMENDMENT_TRANSLATE,
        obj=amendment,
        changes={"language": language},
    )
    return amendment


@transaction.atomic
def amendment_decide(*, amendment: Amendment, outcome: str, acting_user: User | None) -> Amendment:
    """Record an amendment's own outcome (adopted, rejected, withdrawn), before its motion's."""
    outcome = Amendment.Outcome(outcome)
    amendment = Amendment.objects.select_for_update().select_related("item").get(pk=amendment.pk)
    if outcome == Amendment.Outcome.PENDING:
        raise AssemblyRuleError(_("Choose an outcome."))
    if amendment.outcome != Amendment.Outcome.PENDING:
        raise AssemblyRuleError(_("This amendment has already been decided."))
    if amendment.item.outcome:
        raise AssemblyRuleError(_("This item has already been decided."))
    amendment.outcome = outcome
    amendment.decided_at = timezone.now()
    amendment.save(update_fields=["outcome", "decided_at"])
    audit_record(
        actor=acting_user,
        action=Action.AMENDMENT_DECIDE,
        obj=amendment,
        changes={"outcome": outcome.value},
    )
    return amendment
