"""Proxies: the secretariat's lists and the delegates a proxy may go to."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from alyansa.assemblies.models import Assembly, Participant, Proxy


def proxies_of(assembly: Assembly) -> QuerySet[Proxy]:
    return (
        Proxy.objects.active()
        .filter(assembly=assembly)
        .select_related("giver__organization", "holder__organization")
    )


def proxies_all(assembly: Assembly) -> list[Proxy]:
    """Every proxy of the assembly, the revoked ones too, newest first, with who recorded or
    ended it (the secretariat's proxies page; one query)."""
    return list(
        Proxy.objects.filter(assembly=assembly)
        .select_related("giver__organization", "holder__organization", "recorded_by", "revoked_by")
        .order_by("-granted_at", "-pk")
    )


def proxy_get(assembly: Assembly, proxy_id: int) -> Proxy:
    proxy = Proxy.objects.filter(assembly=assembly, pk=proxy_id).first()
    if proxy is None:
        raise Http404
    return proxy


def delegates_for_proxies(assembly: Assembly) -> QuerySet[Participant]:
    """The registered delegates, with their organization and whether they are present, for the
    secretariat's proxy form."""
    return (
        Participant.objects.delegates()
        .filter(assembly=assembly)
        .select_related("organization", "attendance")
        .order_by("display_name", "pk")
    )


def proxy_candidates(delegate: Participant) -> list[Participant]:
    """Present delegates this delegate may hand their vote to (same organization or region)."""
    assembly = delegate.assembly
    same = Q(organization_id=delegate.organization_id)
    if assembly.proxy_scope == "region" and delegate.organization is not None:
        same |= Q(organization__region_id=delegate.organization.region_id)
    return list(
        Participant.objects.delegates()
        .present()
        .filter(same, assembly=assembly)
        .exclude(pk=delegate.pk)
        .select_related("organization")
        .order_by("display_name")[:200]
    )
