"""Template filters of the one public projection (alyansa/members/public.py).

    {% load public_names %}
    {{ org|public_name }}    the name, or "a member organization that cannot be named"
    {{ org|public_label }}   "Name (ACRONYM)", or the stand-in
    {{ org|public_short }}   the acronym (else the name), or the stand-in
    {{ org|public_org }}     the `Named` itself: {% with n=org|public_org %}{{ n.url }}...
    {{ person|public_person }}  a Person or a Participant: the name, with the organization's
                             acronym when it may be named; an erased person's stand-in
    {{ org|ledger_label:request.user }}  the treasury's screens: the name when that user may
                             see it, else its number ("O42 (cannot be named)")
    {{ org|name_for:request.user }}  other private screens (staff's): the name when that user
                             may see it, else the stand-in

Every other filter shows what the public may see (templates of public pages never pass a
user: those pages are cached and shared). `None` renders as an empty string.
"""

from __future__ import annotations

from typing import Any

from django import template

from alyansa.members import public
from alyansa.members.models import Organization, Person

register = template.Library()


def _named(org: Organization | public.Named | None) -> public.Named | None:
    if org is None:
        return None
    if isinstance(org, public.Named):
        return org
    return public.organization(org)


@register.filter
def public_org(org: Organization | None) -> public.Named | None:
    return _named(org)


@register.filter
def public_name(org: Organization | public.Named | None) -> str:
    named = _named(org)
    return named.name if named else ""


@register.filter
def public_label(org: Organization | public.Named | None) -> str:
    named = _named(org)
    return named.label if named else ""


@register.filter
def public_short(org: Organization | public.Named | None) -> str:
    named = _named(org)
    return named.short if named else ""


@register.filter
def public_person(someone: Any) -> str:
    if someone is None:
        return ""
    if isinstance(someone, public.NamedPerson):
        return someone.label
    if isinstance(someone, Person):
        return public.person(someone).label
    return public.participant(someone).label


@register.filter
def ledger_label(org: Organization | None, user: Any = None) -> str:
    return public.ledger_label(org, user) if org is not None else ""


@register.filter
def name_for(org: Organization | None, user: Any = None) -> str:
    # The name alone: lists read only the fields they show (no page address).
    if org is None:
        return ""
    return org.name if public.may_name(org, user) else public.stand_in().name
