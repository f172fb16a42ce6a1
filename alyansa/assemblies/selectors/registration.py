"""Registration: coordinators see their own organizations only; participants and credentials."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from alyansa.accounts.permissions import has_role, scopes_of
from alyansa.accounts.roles import Role
from alyansa.assemblies.models import Allocation, Assembly, Credential, Participant, hash_secret
from alyansa.assemblies.selectors.access import Visitor
from alyansa.members.models import Organization


def organizations_registrable_by(user: Visitor) -> QuerySet[Organization]:
    """Member organizations whose participants the user may register: all of them for the
    secretariat, the coordinator's own for a coordinator."""
    members = Organization.objects.current_members().select_related("country")
    if has_role(user, Role.SECRETARIAT):
        return members.order_by("name")
    keys = scopes_of(user, Role.COORDINATOR)
    ids = [int(key.rsplit(":", 1)[1]) for key in keys if key.startswith("members.organization:")]
    return members.filter(pk__in=ids).order_by("name")


def organization_for_registrar(user: Visitor, slug: str) -> Organization:
    """The organization, if the user may register its participants; 404 otherwise (so a
    coordinator learns nothing about another organization)."""
    organization = Organization.objects.filter(slug=slug).select_related("country").first()
    if organization is None:
        raise Http404
    if has_role(user, Role.SECRETARIAT) or has_role(user, Role.COORDINATOR, scope=organization):
        return organization
    raise Http404


def may_register_for(user: Visitor, organization: Organization | None) -> bool:
    if has_role(user, Role.SECRETARIAT):
        return True
    return organization is not None and has_role(user, Role.COORDINATOR, scope=organization)


def participants_of(assembly: Assembly, organization: Organization) -> list[Participant]:
    """An organization's participants with their live credential (two queries)."""
    return list(
        Participant.objects.active()
        .filter(assembly=assembly, organization=organization)
        .select_related("attendance")
        .prefetch_related(
            Prefetch("credentials", queryset=Credential.objects.usable(), to_attr="live")
        )
        .order_by("kind", "display_name")
    )


def participant_for_registrar(user: Visitor, participant_id: int) -> Participant:
    participant = (
        Participant.objects.select_related("assembly", "organization")
        .filter(pk=participant_id)
        .first()
    )
    if participant is None or not may_register_for(user, participant.organization):
        raise Http404
    return participant


def participants_all(assembly: Assembly) -> QuerySet[Participant]:
    """Everyone registered (the secretariat's list and check-in desk)."""
    return (
        Participant.objects.active()
        .filter(assembly=assembly)
        .select_related("organization", "country", "attendance")
        .order_by("organization__name", "display_name")
    )


def delegates_without_credential(assembly: Assembly) -> list[Participant]:
    """Delegates who have no usable credential yet (to print their badges in one go)."""
    return list(
        Participant.objects.delegates()
        .filter(assembly=assembly)
        .exclude(pk__in=Credential.objects.usable().values("participant_id"))
        .select_related("organization", "country")
        .order_by("organization__name", "display_name")
    )


def credential_find(secret: str) -> Credential | None:
    """The usable credential with this secret, or None (revoked and withdrawn ones fail)."""
    if not secret:
        return None
    return (
        Credential.objects.usable()
        .select_related("participant__assembly", "participant__organization")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )


def quota_of(assembly: Assembly, organization: Organization) -> int:
    allocation = Allocation.objects.filter(assembly=assembly, organization=organization).first()
    if allocation is not None and allocation.quota is not None:
        return allocation.quota
    return assembly.delegate_quota
