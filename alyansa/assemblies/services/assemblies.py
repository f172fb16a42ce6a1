"""An assembly's set-up and rules, its status, the hall display's link, and its allocations."""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alyansa.accounts.models import User, hash_token
from alyansa.assemblies.audit_actions import Action
from alyansa.assemblies.models import (
    THRESHOLD_FIELD_BY_KIND,
    Allocation,
    Assembly,
    ProxyScope,
    QuorumBasisChoice,
    ThresholdChoice,
    VoteMode,
    validate_time_zone,
)
from alyansa.assemblies.services.announce import assembly_announce
from alyansa.assemblies.services.common import AssemblyRuleError
from alyansa.audit.services import audit_record, model_changes
from alyansa.core.text import single_line
from alyansa.members.models import Organization

# Addresses under /assemblies/ that are not assemblies.
RESERVED_SLUGS = frozenset({"new", "signin", "signout", "me", "participants"})

SETUP_FIELDS = [
    "title",
    "theme",
    "starts_at",
    "ends_at",
    "time_zone",
    "venue",
    "hybrid",
    "vote_mode",
    "delegate_quota",
    "proxy_scope",
    "proxy_cap",
    "quorum_percent",
    "quorum_basis",
    *THRESHOLD_FIELD_BY_KIND.values(),
    "speaking_seconds",
]


def _check_setup(assembly: Assembly) -> None:
    try:
        validate_time_zone(assembly.time_zone)
    except ValidationError as error:
        raise AssemblyRuleError(error.messages[0]) from error
    if assembly.ends_at < assembly.starts_at:
        raise AssemblyRuleError(_("An assembly cannot end before it starts."))
    if assembly.quorum_percent > 100:
        raise AssemblyRuleError(_("The quorum is a percentage, at most 100."))
    VoteMode(assembly.vote_mode)
    ProxyScope(assembly.proxy_scope)
    if assembly.quorum_basis not in QuorumBasisChoice.values:
        raise AssemblyRuleError(_("Not a known way of counting the quorum."))
    for name in THRESHOLD_FIELD_BY_KIND.values():
        if getattr(assembly, name) not in ThresholdChoice.values:
            raise AssemblyRuleError(_("Not a known majority."))


@transaction.atomic
def assembly_create(
    *,
    title: str,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    time_zone: str,
    acting_user: User | None,
    theme: str = "",
    venue: str = "",
    hybrid: bool = False,
    vote_mode: str = VoteMode.PER_DELEGATE,
    delegate_quota: int = 2,
    proxy_scope: str = ProxyScope.REGION,
    proxy_cap: int = 1,
    quorum_percent: int = 50,
    quorum_basis: str = QuorumBasisChoice.PRESENT_VOTING_DELEGATES,
    threshold_procedural: str = ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    threshold_admission: str = ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    threshold_report: str = ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    threshold_motion: str = ThresholdChoice.MAJORITY_EXCLUDING_ABSTENTIONS,
    threshold_constitutional: str = ThresholdChoice.TWO_THIRDS,
    speaking_seconds: int = 180,
    slug: str = "",
) -> Assembly:
    """Prepare an assembly (a draft until announced). Times must be aware; they are kept in
    UTC and shown in the assembly's own zone. The thresholds are the majorities that decisions
    on each kind of item need, as the statutes say (docs/rules/motions.md)."""
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise AssemblyRuleError(_("Give the times with their time zone."))
    base = slugify(slug or title)[:70] or "assembly"
    if base in RESERVED_SLUGS:
        base = f"assembly-{base}"
    candidate, number = base, 1
    while Assembly.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    assembly = Assembly(
        slug=candidate,
        title=single_line(title),
        theme=theme.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        time_zone=time_zone,
        venue=venue.strip(),
        hybrid=hybrid,
        vote_mode=vote_mode,
        delegate_quota=delegate_quota,
        proxy_scope=proxy_scope,
        proxy_cap=proxy_cap,
        quorum_percent=quorum_percent,
        quorum_basis=quorum_basis,
        speaking_seconds=speaking_seconds,
        threshold_procedural=threshold_procedural,
        threshold_admission=threshold_admission,
        threshold_report=threshold_report,
        threshold_motion=threshold_motion,
        threshold_constitutional=threshold_constitutional,
    )
    _check_setup(assembly)
    assembly.save()
    audit_record(actor=acting_user, action=Action.ASSEMBLY_CREATE, obj=assembly)
    return assembly


@transaction.atomic
def assembly_update(*, assembly: Assembly, changes: dict[str, Any], acting_user: User) -> Assembly:
    """Change the set-up. The vote mode is fixed once the assembly is in session. The majorities
    and the quorum may change at any time (an assembly adopts its rules of procedure in
    session); polls already prepared keep the rules they were prepared with."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    before = {name: getattr(assembly, name) for name in SETUP_FIELDS}
    for name, value in changes.items():
        if name not in SETUP_FIELDS:
            raise AssemblyRuleError(_("This field cannot be changed here: %s") % name)
        setattr(assembly, name, value)
    in_session_or_after = assembly.status in (Assembly.Status.IN_SESSION, Assembly.Status.CLOSED)
    if in_session_or_after and before["vote_mode"] != assembly.vote_mode:
        raise AssemblyRuleError(_("The vote mode cannot change once the assembly is in session."))
    _check_setup(assembly)
    diff = model_changes(assembly, before, SETUP_FIELDS)
    if diff:
        assembly.save(update_fields=list(diff))
        audit_record(actor=acting_user, action=Action.ASSEMBLY_UPDATE, obj=assembly, changes=diff)
    return assembly


STATUS_STEPS = {
    Assembly.Status.DRAFT: {Assembly.Status.ANNOUNCED},
    Assembly.Status.ANNOUNCED: {Assembly.Status.DRAFT, Assembly.Status.IN_SESSION},
    Assembly.Status.IN_SESSION: {Assembly.Status.CLOSED},
    Assembly.Status.CLOSED: {Assembly.Status.IN_SESSION},
}


@transaction.atomic
def assembly_set_status(*, assembly: Assembly, status: str, acting_user: User | None) -> Assembly:
    """Announce (public page), open the session, close it (reopen only if closed by mistake)."""
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    status = Assembly.Status(status)
    if status not in STATUS_STEPS[Assembly.Status(assembly.status)]:
        raise AssemblyRuleError(
            _("An assembly that is “%(old)s” cannot become “%(new)s”.")
            % {"old": Assembly.Status(assembly.status).label, "new": status.label}
        )
    old = assembly.status
    assembly.status = status
    assembly.save(update_fields=["status"])
    audit_record(
        actor=acting_user,
        action=Action.ASSEMBLY_STATUS,
        obj=assembly,
        changes={"status": [old, status]},
    )
    assembly_announce(assembly, "assembly.status", {"status": status.value})
    return assembly


@transaction.atomic
def hall_link_create(*, assembly: Assembly, acting_user: User) -> str:
    """The chair makes the hall display's secret link (returned once; only its hash is kept).
    A new link revokes the one before: displays opened with it go dark at their next load."""
    secret = secrets.token_urlsafe(24)
    assembly.hall_link_hash = hash_token(secret)
    assembly.save(update_fields=["hall_link_hash"])
    audit_record(actor=acting_user, action=Action.ASSEMBLY_HALL_LINK_CREATE, obj=assembly)
    return secret


@transaction.atomic
def hall_link_revoke(*, assembly: Assembly, acting_user: User) -> Assembly:
    """No display opens the projector any more, except for signed-in assembly staff."""
    assembly.hall_link_hash = ""
    assembly.save(update_fields=["hall_link_hash"])
    audit_record(actor=acting_user, action=Action.ASSEMBLY_HALL_LINK_REVOKE, obj=assembly)
    return assembly


def hall_link_matches(assembly: Assembly, secret: str) -> bool:
    return bool(assembly.hall_link_hash) and constant_time_compare(
        assembly.hall_link_hash, hash_token(secret)
    )


@transaction.atomic
def allocation_set(
    *,
    assembly: Assembly,
    organization: Organization,
    acting_user: User,
    quota: int | None = None,
    weight: int = 1,
) -> Allocation:
    """An organization's own quota (None: the assembly's default) and its vote's weight."""
    allocation, _created = Allocation.objects.update_or_create(
        assembly=assembly, organization=organization, defaults={"quota": quota, "weight": weight}
    )
    audit_record(
        actor=acting_user,
        action=Action.ASSEMBLY_ALLOCATION,
        obj=assembly,
        changes={"organization": organization.pk, "quota": quota, "weight": weight},
    )
    return allocation


def quota_for(assembly: Assembly, organization: Organization) -> int:
    allocation = Allocation.objects.filter(assembly=assembly, organization=organization).first()
    if allocation is not None and allocation.quota is not None:
        return allocation.quota
    return assembly.delegate_quota
