"""The statute that ties the vote to standing, and an assembly's waiver of it."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import Assembly
from alyansa.audit.services import audit_record
from alyansa.members.models import Organization
from alyansa.treasury.audit_actions import AuditAction
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import Decision, StandingRule, StandingWaiver

MOST_YEARS = 50


@transaction.atomic
def standing_rule_set(
    *,
    effective_from: datetime.date,
    max_years_in_arrears: int | None,
    decision: Decision,
    acting_user: User,
) -> StandingRule:
    """Record what the statutes say from a day on: more than `max_years_in_arrears` years in
    arrears takes an organization's vote unless an assembly waives it; None: standing no longer
    decides the vote. Earlier rules stay on record for the days they were in force."""
    if max_years_in_arrears is not None and not 0 <= max_years_in_arrears <= MOST_YEARS:
        raise TreasuryRuleError(
            _("Give a number of years from 0 to %(most)d, or none.") % {"most": MOST_YEARS}
        )
    rule = StandingRule.objects.create(
        effective_from=effective_from,
        max_years_in_arrears=max_years_in_arrears,
        decision=decision,
        recorded_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.STANDING_RULE_SET,
        obj=rule,
        changes={
            "from": effective_from.isoformat(),
            "max_years_in_arrears": max_years_in_arrears,
            "decision": decision.pk,
        },
    )
    return rule


@transaction.atomic
def standing_waive(
    *, organization: Organization, assembly: Assembly, decision: Decision, acting_user: User
) -> StandingWaiver:
    """The assembly decided that this organization votes there despite its arrears."""
    if decision.item_id is not None and decision.item.assembly_id != assembly.pk:  # type: ignore[union-attr]
        raise TreasuryRuleError(_("A waiver for an assembly is decided by that assembly."))
    waiver, created = StandingWaiver.objects.get_or_create(
        organization=organization,
        assembly=assembly,
        defaults={"decision": decision, "recorded_by": acting_user},
    )
    if not created:
        raise TreasuryRuleError(_("This assembly has already waived it for this organization."))
    audit_record(
        actor=acting_user,
        action=AuditAction.STANDING_WAIVE,
        obj=waiver,
        changes={"organization": organization.pk, "assembly": assembly.pk, "decision": decision.pk},
    )
    return waiver
