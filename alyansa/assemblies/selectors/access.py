"""Who may read which assembly: the public, the chair and the secretariat; the agenda."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404

from alyansa.accounts.models import User
from alyansa.accounts.permissions import has_role
from alyansa.accounts.roles import Role
from alyansa.assemblies.models import AgendaItem, Amendment, Assembly

# Who reads: these selectors check access themselves, so any visitor may ask.
Visitor = User | AnonymousUser


def is_chair(user: Visitor | None) -> bool:
    """Officers and the secretariat chair sessions (both alliance-wide roles)."""
    return has_role(user, Role.SECRETARIAT) or has_role(user, Role.OFFICER)


def assemblies_public() -> QuerySet[Assembly]:
    return Assembly.objects.public().order_by("-starts_at")


def assembly_public_get(slug: str, user: Visitor | None = None) -> Assembly:
    """An announced (or later) assembly; drafts only for the chair and secretariat."""
    assembly = Assembly.objects.filter(slug=slug).first()
    if assembly is None or (assembly.status == Assembly.Status.DRAFT and not is_chair(user)):
        raise Http404
    return assembly


def assembly_for_chair(user: Visitor, slug: str) -> Assembly:
    """The chair's console: an officer or the secretariat."""
    if not is_chair(user):
        raise PermissionDenied
    assembly = Assembly.objects.filter(slug=slug).first()
    if assembly is None:
        raise Http404
    return assembly


def assembly_for_secretariat(user: Visitor, slug: str) -> Assembly:
    if not has_role(user, Role.SECRETARIAT):
        raise PermissionDenied
    assembly = Assembly.objects.filter(slug=slug).first()
    if assembly is None:
        raise Http404
    return assembly


def agenda(assembly: Assembly) -> list[AgendaItem]:
    """The items in order with their amendments (two queries)."""
    return list(
        assembly.items.select_related("organization", "constitution_version")
        .prefetch_related(Prefetch("amendments", queryset=Amendment.objects.order_by("position")))
        .order_by("position")
    )


def item_get(assembly: Assembly, item_id: int) -> AgendaItem:
    item = AgendaItem.objects.filter(assembly=assembly, pk=item_id).first()
    if item is None:
        raise Http404
    return item
