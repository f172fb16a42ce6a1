"""Who of a delegation may be named, and how: the one place the engagements app names a
person or an organization (through the public projection, alyansa/members/public.py).

The rule on top of the projection's: a delegation member is named in public only with their
recorded consent (`name_public`), and never when their organization is at risk, not even
without it (the projection would otherwise name the person alone). Everyone else is counted
("2 members of the delegation who cannot be named"), so that the size stays true.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import ngettext

from alyansa.accounts.permissions import is_secretariat
from alyansa.members import public
from alyansa.members.public import NamedPerson


def may_name_delegate(member: Any, user: Any = None) -> bool:
    """Whether `user` (None: the public) may see this delegation member named."""
    if user is not None and is_secretariat(user):
        return True
    person = member.person
    if person.erased_at is not None or not member.name_public:
        return False
    return person.organization is None or public.may_name(person.organization, user)


def delegate_name(member: Any, user: Any = None) -> NamedPerson | None:
    """The member as `user` may see them, or None when they may not be named."""
    if not may_name_delegate(member, user):
        return None
    return public.person(member.person, user)


@dataclass(frozen=True)
class NamedDelegate:
    name: NamedPerson
    role: str


@dataclass(frozen=True)
class Delegation:
    """A delegation as it may be shown: the named members with their roles, and a count."""

    named: list[NamedDelegate]
    unnamed: int = 0

    @property
    def total(self) -> int:
        return len(self.named) + self.unnamed

    @property
    def unnamed_label(self) -> str:
        if not self.unnamed:
            return ""
        return ngettext(
            "%(count)d member of the delegation who cannot be named",
            "%(count)d members of the delegation who cannot be named",
            self.unnamed,
        ) % {"count": self.unnamed}


def delegation(members: Any, user: Any = None) -> Delegation:
    named, unnamed = [], 0
    for member in members:
        name = delegate_name(member, user)
        if name is None:
            unnamed += 1
        else:
            named.append(NamedDelegate(name=name, role=member.get_role_display()))
    return Delegation(named=named, unnamed=unnamed)
