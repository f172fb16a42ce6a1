"""Reads of assemblies that check access, and the numbers the live pages show, one module per
subject: access (who reads which assembly, the agenda), registration, strength (the voting
strength and the quorum), proxies, speakers, and live (what the live pages carry).
Callers import from here.

For the voting app: assembly_strength(assembly) -> Strength (present voting strength and the
quorum), voting_rights(assembly) -> the votes each present delegate may cast (own + proxies),
speakers_state(item) -> SpeakersState (who speaks, the clock, how many wait),
agenda(assembly), assembly_public_get(slug), assembly_for_chair(user, slug).
"""

from alyansa.assemblies.selectors.access import (
    Visitor,
    agenda,
    assemblies_public,
    assembly_for_chair,
    assembly_for_secretariat,
    assembly_public_get,
    is_chair,
    item_get,
)
from alyansa.assemblies.selectors.live import live_position, live_state
from alyansa.assemblies.selectors.proxies import (
    delegates_for_proxies,
    proxies_all,
    proxies_of,
    proxy_candidates,
    proxy_get,
)
from alyansa.assemblies.selectors.registration import (
    credential_find,
    delegates_without_credential,
    may_register_for,
    organization_for_registrar,
    organizations_registrable_by,
    participant_for_registrar,
    participants_all,
    participants_of,
    quota_of,
)
from alyansa.assemblies.selectors.speakers import SpeakersState, speakers_state
from alyansa.assemblies.selectors.strength import (
    PRESENT,
    Strength,
    assembly_strength,
    restricted_organizations,
    voting_rights,
)

__all__ = [
    "PRESENT",
    "SpeakersState",
    "Strength",
    "Visitor",
    "agenda",
    "assemblies_public",
    "assembly_for_chair",
    "assembly_for_secretariat",
    "assembly_public_get",
    "assembly_strength",
    "credential_find",
    "delegates_for_proxies",
    "delegates_without_credential",
    "is_chair",
    "item_get",
    "live_position",
    "live_state",
    "may_register_for",
    "organization_for_registrar",
    "organizations_registrable_by",
    "participant_for_registrar",
    "participants_all",
    "participants_of",
    "proxies_all",
    "proxies_of",
    "proxy_candidates",
    "proxy_get",
    "quota_of",
    "restricted_organizations",
    "speakers_state",
    "voting_rights",
]
