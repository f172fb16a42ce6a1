"""Voting-right restrictions: the extension point through which an app above the assemblies
(the treasury) tells them that an organization may not vote on a day, and why.

The assemblies never import those apps. An app registers a provider in its AppConfig.ready();
the credentials, check-in desk, voting strength, quorum and the voting app's electorate ask
`restrictions_for(assembly)` and leave out the delegates of the organizations it names. A
provider answers for the organizations asked about (None: all) on one day, the assembly's
first day in its own zone. docs/decisions/0004-ledger.md says why it is built this way.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from alyansa.assemblies.models import Assembly


@dataclass(frozen=True)
class Evidence:
    """One line that explains a restriction (for the treasury, a ledger line): shown at the
    desk to those who staff it, never on public pages."""

    day: datetime.date
    text: str
    amount: str = ""
    reference: str = ""


@dataclass(frozen=True)
class VotingRestriction:
    """An organization's delegates take part but cast no vote. `reason` is one translated
    sentence; `evidence` traces it to the records; `detail_url` leads to them."""

    organization_id: int
    reason: str
    evidence: tuple[Evidence, ...] = field(default_factory=tuple)
    detail_url: str = ""
    source: str = ""


class RestrictionProvider(Protocol):
    def __call__(
        self, *, assembly: Assembly, day: datetime.date, organization_ids: Collection[int] | None
    ) -> dict[int, VotingRestriction]: ...


_providers: dict[str, RestrictionProvider] = {}


def register_restriction_provider(name: str, provider: RestrictionProvider) -> None:
    """Register (or replace) the provider called `name`."""
    _providers[name] = provider


def unregister_restriction_provider(name: str) -> None:
    _providers.pop(name, None)


def assembly_day(assembly: Assembly) -> datetime.date:
    """The day standing is judged on: the assembly's first day, in its own zone."""
    return assembly.local(assembly.starts_at).date()  # type: ignore[union-attr]


def restrictions_for(
    assembly: Assembly, organization_ids: Collection[int] | None = None
) -> dict[int, VotingRestriction]:
    """Every provider's restrictions for this assembly, by organization id (the first
    provider's reason wins when two restrict the same organization)."""
    found: dict[int, VotingRestriction] = {}
    day = assembly_day(assembly)
    for name, provider in _providers.items():
        for organization_id, restriction in provider(
            assembly=assembly, day=day, organization_ids=organization_ids
        ).items():
            found.setdefault(organization_id, replace(restriction, source=name))
    return found
