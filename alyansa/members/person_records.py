"""Records that name a person, kept by apps above the registry: the extension point through
which a person's data export includes every one of them (nominations, delegate records, lists
of speakers...).

The registry never imports those apps. An app registers a provider in its AppConfig.ready():
a function that takes the Person and returns a list of plain dicts (JSON-ready). person_export
asks every provider, under the provider's section name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from alyansa.members.models import Person

Provider = Callable[["Person"], list[dict[str, Any]]]
_PROVIDERS: dict[str, Provider] = {}


def register(section: str, provider: Provider) -> None:
    _PROVIDERS[section] = provider


def records_naming(person: Person) -> dict[str, list[dict[str, Any]]]:
    return {section: provider(person) for section, provider in sorted(_PROVIDERS.items())}
