"""Delegates, guests and observers registered at an assembly."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.audit_actions import Action
from alyansa.assemblies.models import Assembly, Participant, Proxy
from alyansa.assemblies.services.assemblies import quota_for
from alyansa.assemblies.services.common import AssemblyRuleError
from alyansa.audit.services import audit_record
from alyansa.core.text import single_line
from alyansa.members.models import Country, Organization


def _is_member(organization: Organization) -> bool:
    membership = getattr(organization, "membership", None)
    return membership is not None and membership.is_member


@transaction.atomic
def participant_register(
    *,
    assembly: Assembly,
    kind: str,
    display_name: str,
    acting_user: User | None,
    organization: Organization | None = None,
    country: Country | None = None,
) -> Participant:
    """Register a delegate (votes; a member organization's, within its quota) or a guest or
    observer (no vote). A pseudonym is fine: nothing else about the person is kept."""
    kind = Participant.Kind(kind)
    name = single_line(display_name)
    if not name:
        raise AssemblyRuleError(_("Give a name or a pseudonym."))
    # Lock the assembly so that two coordinators registering at once cannot pass the quota.
    assembly = Assembly.objects.select_for_update().get(pk=assembly.pk)
    if assembly.status == Assembly.Status.CLOSED:
        raise AssemblyRuleError(_("This assembly is closed."))
    if kind == Participant.Kind.DELEGATE:
        if organization is None:
            raise AssemblyRuleError(_("A delegate represents a member organization."))
        organization = Organization.objects.select_related("membership").get(pk=organization.pk)
        if not _is_member(organization):
            raise AssemblyRuleError(_("Only member organizations send delegates."))
        taken = Participant.objects.delegates().filter(assembly=assembly, organization=organization)
        quota = quota_for(assembly, organization)
        if taken.count() >= quota:
            raise AssemblyRuleError(
                _("%(organization)s has already registered its %(quota)d delegates.")
                % {"organization": organization.name, "quota": quota}
            )
    participant = Participant.objects.create(
        assembly=assembly,
        kind=kind,
        organization=organization,
        country=country or (organization.country if organization else None),
        display_name=name,
        registered_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    audit_record(
        actor=acting_user,
        action=Action.PARTICIPANT_REGISTER,
        obj=participant,
        changes={"assembly": assembly.pk, "kind": kind.value},
    )
    return participant


def delegate_register(
    *, assembly: Assembly, organization: Organization, display_name: str, acting_user: User | None
) -> Participant:
    """Register a voting delegate of a member organization (see participant_register)."""
    return participant_register(
        assembly=assembly,
        kind=Participant.Kind.DELEGATE,
        organization=organization,
        display_name=display_name,
        acting_user=acting_user,
    )


@transaction.atomic
def participant_withdraw(*, participant: Participant, acting_user: User) -> Participant:
    """Take a participant off the list: their credential and proxies end with it."""
    now = timezone.now()
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.withdrawn_at is None:
        participant.withdrawn_at = now
        participant.save(update_fields=["withdrawn_at"])
        participant.credentials.filter(revoked_at__isnull=True).update(
            revoked_at=now, revoked_reason="withdrawn"
        )
        Proxy.objects.active().filter(giver=participant).update(revoked_at=now)
        Proxy.objects.active().filter(holder=participant).update(revoked_at=now)
        audit_record(actor=acting_user, action=Action.PARTICIPANT_WITHDRAW, obj=participant)
    return participant
