"""What the live pages carry: counts and ids, never lists of people."""

from __future__ import annotations

from typing import Any

from alyansa.assemblies.models import Assembly
from alyansa.assemblies.selectors.speakers import SpeakersState, speakers_state
from alyansa.assemblies.selectors.strength import assembly_strength


def live_state(assembly: Assembly) -> dict[str, Any]:
    """The assembly channel's whole state for live pages: counts and ids, never names."""
    strength = assembly_strength(assembly)
    return {
        "present_delegates": strength.present_delegates,
        "present_participants": strength.present_participants,
        "present_votes": strength.present_votes,
        "registered_votes": strength.registered_votes,
        "quorum_votes": strength.quorum_votes,
        "quorate": strength.quorate,
        "active_proxies": strength.active_proxies,
        **live_position(assembly, _current_speakers(assembly)),
    }


def _current_speakers(assembly: Assembly) -> SpeakersState | None:
    item = assembly.current_item
    return speakers_state(item) if item is not None else None


def live_position(assembly: Assembly, speakers: SpeakersState | None) -> dict[str, Any]:
    """Where the assembly is (status, item, who speaks, how many wait): the part of the live
    state that pages show by name and reload for. `speakers` are the current item's (None when
    no item is under discussion), which the pages have at hand already."""
    item = assembly.current_item
    return {
        "status": assembly.status,
        "item": item.pk if item else None,
        "item_status": item.status if item else None,
        "item_outcome": item.outcome if item else None,
        "speaking": speakers.speaking.pk if speakers and speakers.speaking else None,
        "speaking_ends_at": speakers.ends_at if speakers else None,
        "waiting": len(speakers.waiting) if speakers else 0,
    }
