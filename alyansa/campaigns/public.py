"""How the campaigns app names an organization to the public: through the platform's one
public projection (alyansa/members/public.py), in this one function.

An organization at risk is never named: it counts in totals and its reports are left out of
every public list (their city and photos could point to it).
"""

from __future__ import annotations

from alyansa.members import public
from alyansa.members.models import Organization


def public_name(organization: Organization) -> str | None:
    """The name (and acronym) the public may read, or None."""
    named = public.organization(organization)
    return named.label if named.named else None
