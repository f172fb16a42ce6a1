"""The one public projection: what anyone may be shown of an organization or a person.

Every public page, template, feed, sitemap, PDF, projector, export and API answer names an
organization or a person through this module and nowhere else. The rule it keeps:

    An organization marked *at risk* is never named to anyone who is not entitled: not its
    name, acronym or address, not even the fact that it exists. Entitled are the secretariat
    and the organization's own coordinators (`entitled`).

The interface (small on purpose):

- `entitled(user, org)`: the secretariat or the organization's coordinators.
- `may_name(org, user=None)`: whether `user` (None: the public) may see the organization named.
- `organization(org, user=None) -> Named`: its name, acronym and page address, or the
  anonymous stand-in (`Named.named` is False) "a member organization that cannot be named".
- `organizations(orgs, user=None) -> Names`: the nameable ones, plus how many are not
  (`Names.unnamed`, shown as "2 organizations that cannot be named"), so counts stay true.
- `organization_at_address(slug, user=None, queryset=None)`: the organization at a public
  address, or None; an at-risk organization is None unless `user` is entitled, exactly as
  for a slug never taken, so a view answers both with the same 404.
- `person(person, user=None, stand_in=None) -> NamedPerson`: a registry person. An erased
  person becomes a stand-in ("Candidate 3, erased": see `erased_candidate`); a person of an
  at-risk organization is named without the organization.
- `participant(participant, user=None) -> NamedPerson`: an assembly's delegate or guest, the
  same way (pseudonyms are allowed, so the name is whatever the organization registered).
- `ledger_label(org, user=None)`: how the treasury's screens, forms and API name an
  organization: its name, or for whom may not see it named its number ("O42 (cannot be
  named)"), the one its books keep it under (`ledger_number`); `in_file=True` gives the
  number alone, for the Beancount file.
- SQL: `hidden("organization")` is the filter for rows whose organization may not be named
  to the public (`.exclude(hidden("organization"))` keeps the nameable ones, NULL included).
- Free text (a name typed into a public form, an issuer "as printed"):
  `mentions_unnameable(text)` says whether it names an at-risk organization.
- Caches of public pages: keep `naming_generation()` with what they cache and drop it when it
  changed; `naming_changed()` is called whenever an organization's flag or a person's name
  changes (marking at risk, erasure), so a cached page never outlives the rule.
- Templates: `{% load public_names %}` then `{{ org|public_name }}`, `{{ org|public_label }}`
  (name and acronym), `{{ org|public_short }}` (acronym or name), `{{ person|public_person }}`,
  and on the treasury's screens `{{ org|ledger_label:request.user }}`; never `org.name`.

Public pages are cached and shared by everyone, so they render with `user=None` (the
public's view) even for a signed-in visitor; only pages that are themselves private (an
organization's own page for its coordinators, the secretariat's screens) pass a user.

The flag is read when the page is made, never copied into what is stored: an organization
marked at risk after the fact disappears from every public place at the next rendering.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, CharField, F, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from alyansa.accounts.permissions import has_role, is_secretariat, scopes_of
from alyansa.accounts.roles import Role
from alyansa.members.models import ERASED_LABEL, Organization, Person

ORGANIZATION_STAND_IN = _("a member organization that cannot be named")


def entitled(user: Any, organization: Organization) -> bool:
    """The secretariat and the organization's own coordinators: the only ones who see an
    at-risk organization named."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return is_secretariat(user) or has_role(user, Role.COORDINATOR, scope=organization)


def may_name(organization: Organization, user: Any = None) -> bool:
    """Whether `user` (None: the public) may see this organization named."""
    return not organization.at_risk or entitled(user, organization)


@dataclass(frozen=True)
class Named:
    """An organization as it may be shown: its name, or the anonymous stand-in."""

    name: str
    acronym: str = ""
    url: str = ""
    named: bool = True
    # The row, for code that still needs it (a primary key in a form); never for display.
    pk: int | None = field(default=None, compare=False, repr=False)

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """ "Name (ACRONYM)", or the name alone."""
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def short(self) -> str:
        """The acronym when there is one, else the name."""
        return self.acronym or self.name


def stand_in() -> Named:
    return Named(name=str(ORGANIZATION_STAND_IN), named=False)


def organization(org: Organization, user: Any = None) -> Named:
    """`org` as `user` (None: the public) may see it."""
    if not may_name(org, user):
        return stand_in()
    return Named(
        name=org.name,
        acronym=org.acronym,
        url=reverse("members:organization", args=[org.slug]),
        pk=org.pk,
    )


def ledger_number(organization_id: int) -> str:
    """The number the treasury keeps an organization under ("O42"): its sub-accounts in the
    Beancount file (Assets:Receivable:Dues:O42) and its name where it may not be named."""
    return f"O{organization_id}"


LEDGER_STAND_IN = _("%(number)s (cannot be named)")


def ledger_label(org: Organization, user: Any = None, *, in_file: bool = False) -> str:
    """How the treasury names `org` to `user` (None: anyone not entitled): the name, or its
    number, so the books stay checkable without naming it. On a screen "O42 (cannot be
    named)"; `in_file`: "O42" alone (a file leaves the platform, in no language)."""
    if may_name(org, user):
        return org.name
    number = ledger_number(org.pk)
    return number if in_file else str(LEDGER_STAND_IN % {"number": number})


@dataclass(frozen=True)
class Names:
    """A list of organizations as they may be shown: the nameable ones, and how many others."""

    named: list[Named]
    unnamed: int = 0

    def __iter__(self) -> Any:
        return iter(self.named)

    def __len__(self) -> int:
        return len(self.named)

    def __bool__(self) -> bool:
        return bool(self.named) or self.unnamed > 0

    @property
    def total(self) -> int:
        return len(self.named) + self.unnamed

    @property
    def unnamed_label(self) -> str:
        """ "2 organizations that cannot be named", or "" when there are none."""
        return unnamed_label(self.unnamed)


def unnamed_label(count: int) -> str:
    if not count:
        return ""
    return ngettext(
        "%(count)d organization that cannot be named",
        "%(count)d organizations that cannot be named",
        count,
    ) % {"count": count}


def organizations(orgs: Iterable[Organization], user: Any = None) -> Names:
    """The nameable organizations in their given order, and a count of the others."""
    named, unnamed = [], 0
    for org in orgs:
        if may_name(org, user):
            named.append(organization(org, user))
        else:
            unnamed += 1
    return Names(named=named, unnamed=unnamed)


def organization_at_address(
    slug: str, user: Any = None, queryset: QuerySet[Organization] | None = None
) -> Organization | None:
    """The organization at a public address (`queryset` narrows it: current members, with
    their profile...), or None: for a slug never taken and, unless `user` is entitled, for an
    at-risk organization alike. Views answer None with the same 404 either way."""
    found = (queryset if queryset is not None else Organization.objects.all()).filter(slug=slug)
    org = found.first()
    if org is None or not may_name(org, user):
        return None
    return org


def nameable(queryset: QuerySet[Organization], user: Any = None) -> QuerySet[Organization]:
    """The organizations of `queryset` that `user` (None: the public) may see named: for
    lists that show only those (the public directory, a filter's choices)."""
    if user is not None and is_secretariat(user):
        return queryset
    coordinated = [
        int(scope.split(":")[1])
        for scope in scopes_of(user, Role.COORDINATOR)
        if scope.startswith("members.organization:")
    ]
    return queryset.filter(Q(at_risk=False) | Q(pk__in=coordinated))


def hidden(field: str = "") -> Q:
    """The rows whose organization (reached through `field`, "" for organizations themselves)
    may not be named to the public. Exclude it to keep the others: Django's exclude keeps rows
    without an organization."""
    return Q(**{f"{field}__at_risk" if field else "at_risk": True})


def name_or_stand_in(field: str, name_field: str) -> Case:
    """An SQL expression for lists that show every row: the row's `name_field`, or the
    stand-in when its organization (through `field`) may not be named."""
    return Case(
        When(hidden(field), then=Value(str(ORGANIZATION_STAND_IN))),
        default=F(name_field),
        output_field=CharField(),
    )


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def unnameable_words() -> list[str]:
    """The at-risk organizations' names and acronyms, folded as `mentions_unnameable` reads
    them (one query: check many texts against one list)."""
    words = []
    for name, acronym in Organization.objects.filter(hidden()).values_list("name", "acronym"):
        words += [w for w in (_words(name), _words(acronym)) if w]
    return words


def mentions_unnameable(text: str, words: list[str] | None = None) -> bool:
    """Whether `text` names an at-risk organization, by its name or acronym as whole words
    (case, punctuation and spacing aside: "nmwr" and "NMWR!" are caught)."""
    haystack = f" {_words(text)} "
    if not haystack.strip():
        return False
    needles = unnameable_words() if words is None else words
    return any(f" {needle} " in haystack for needle in needles)


GENERATION_KEY = "alyansa:members:naming-generation"


def naming_generation() -> str | None:
    """A token that changes whenever what the public may see named changes."""
    return cache.get(GENERATION_KEY)


def naming_changed() -> None:
    """Invalidate every cached public page that names organizations or people (now, and
    again once the change is committed, so no request caches the old state meanwhile)."""

    def bump() -> None:
        cache.set(GENERATION_KEY, secrets.token_hex(8), None)

    bump()
    transaction.on_commit(bump)


@dataclass(frozen=True)
class NamedPerson:
    """A person as they may be shown: a name (or a stand-in) and, when it may be named, the
    organization."""

    name: str
    organization: Named | None = None
    named: bool = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """ "Name (ACRONYM)" when the organization may be named, else the name alone."""
        if self.organization is None:
            return self.name
        return f"{self.name} ({self.organization.short})"


def erased_candidate(position: int) -> str:
    """The stand-in for an erased candidate on ballots, results and recount files: the count
    stays checkable without the name."""
    return str(_("Candidate %(position)d, erased") % {"position": position})


def _organization_or_none(org: Organization | None, user: Any) -> Named | None:
    if org is None or not may_name(org, user):
        return None
    return organization(org, user)


def person(person: Person, user: Any = None, stand_in: str | None = None) -> NamedPerson:
    """A registry person. An erased one is `stand_in` (default "Former participant"); one of
    an at-risk organization is named without it."""
    if person.erased_at is not None:
        return NamedPerson(name=stand_in or str(ERASED_LABEL), named=False)
    return NamedPerson(
        name=person.display_name,
        organization=_organization_or_none(person.organization, user),
    )


def participant(participant: Any, user: Any = None) -> NamedPerson:
    """An assembly's participant (delegate, guest, observer: anything with `display_name` and
    `organization`), named without the organization when that may not be named."""
    return NamedPerson(
        name=participant.display_name,
        organization=_organization_or_none(participant.organization, user),
    )
