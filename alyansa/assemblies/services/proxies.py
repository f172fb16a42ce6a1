"""Proxies: a delegate hands their vote to another present delegate."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.audit_actions import Action
from alyansa.assemblies.models import Assembly, Participant, Proxy, ProxyScope
from alyansa.assemblies.services.announce import assembly_announce
from alyansa.assemblies.services.common import AssemblyRuleError, delegate_actor
from alyansa.audit.services import audit_record


def _same_region(a: Participant, b: Participant) -> bool:
    region_a = a.organization.region_id if a.organization else None
    region_b = b.organization.region_id if b.organization else None
    return region_a is not None and region_a == region_b


@transaction.atomic
def proxy_grant(
    *, giver: Participant, holder: Participant, acting_user: User | None = None
) -> Proxy:
    """A delegate hands their vote to another present delegate of the same organization (or,
    if the assembly allows it, the same region), who holds at most `proxy_cap` proxies. No
    chains: a holder cannot give their votes on, and a giver cannot hold. A new grant replaces
    the giver's earlier one. The giver grants it from their phone (acting_user None), or the
    secretariat records a written proxy handed in at the desk (acting_user: who typed it)."""
    assembly = Assembly.objects.select_for_update().get(pk=giver.assembly_id)
    related = ("organization", "attendance")
    giver = Participant.objects.select_related(*related).get(pk=giver.pk)
    holder = Participant.objects.select_related(*related).get(pk=holder.pk)
    if giver.pk == holder.pk:
        raise AssemblyRuleError(_("A delegate cannot be their own proxy."))
    if holder.assembly_id != assembly.pk:
        raise AssemblyRuleError(_("Both delegates must be at the same assembly."))
    for one in (giver, holder):
        if one.kind != Participant.Kind.DELEGATE or one.withdrawn_at is not None:
            raise AssemblyRuleError(_("Only registered delegates give or hold proxies."))
    if assembly.status == Assembly.Status.CLOSED:
        raise AssemblyRuleError(_("This assembly is closed."))
    attendance = getattr(holder, "attendance", None)
    if attendance is None or not attendance.present:
        raise AssemblyRuleError(_("A proxy goes to a delegate who is present."))
    same_org = giver.organization_id == holder.organization_id
    if not same_org and not (
        assembly.proxy_scope == ProxyScope.REGION and _same_region(giver, holder)
    ):
        raise AssemblyRuleError(
            _("A proxy goes to a delegate of the same organization or region.")
            if assembly.proxy_scope == ProxyScope.REGION
            else _("A proxy goes to a delegate of the same organization.")
        )
    if Proxy.objects.active().filter(giver=holder).exists():
        raise AssemblyRuleError(_("This delegate has given their own vote away."))
    if Proxy.objects.active().filter(holder=giver).exists():
        raise AssemblyRuleError(_("A delegate who holds proxies cannot give their vote away."))
    held = Proxy.objects.active().filter(holder=holder).exclude(giver=giver).count()
    if held >= assembly.proxy_cap:
        raise AssemblyRuleError(
            _("This delegate already holds %(cap)d proxies, the most allowed.")
            % {"cap": assembly.proxy_cap}
        )
    now = timezone.now()
    replaced = list(Proxy.objects.active().filter(giver=giver).values_list("pk", flat=True))
    Proxy.objects.filter(pk__in=replaced).update(revoked_at=now)
    by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    proxy = Proxy.objects.create(
        assembly=assembly, giver=giver, holder=holder, granted_at=now, recorded_by=by
    )
    audit_record(
        actor=acting_user,
        action=Action.PROXY_GRANT,
        obj=proxy,
        changes={
            "giver": giver.pk,
            "holder": holder.pk,
            "replaces": replaced,
            **({"paper": True} if by else delegate_actor(giver)),
        },
    )
    assembly_announce(assembly, "proxies")
    return proxy


@transaction.atomic
def proxy_revoke(*, proxy: Proxy, acting_user: User | None = None) -> Proxy:
    """The giver takes their vote back (or the secretariat ends the proxy)."""
    proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
    if proxy.revoked_at is None:
        proxy.revoked_at = timezone.now()
        proxy.revoked_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
        proxy.save(update_fields=["revoked_at", "revoked_by"])
        audit_record(
            actor=acting_user,
            action=Action.PROXY_REVOKE,
            obj=proxy,
            changes={"giver": proxy.giver_id, "holder": proxy.holder_id},
        )
        assembly_announce(proxy.assembly, "proxies")
    return proxy
