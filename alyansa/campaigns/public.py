"""How the campaigns app names an organization to the public: in this one function, so that
switching to the platform's public projection (alyansa/members/public.py) is one line.

An organization at risk, or no longer a listed member, is never named: it counts in totals
and is shown as "a member organization".
"""

from __future__ import annotations

from alyansa.members.models import Organization


def public_name(organization: Organization) -> str | None:
    """The name the public may read, or None. Reads `at_risk` and the membership (select
    `membership` with the organization for lists)."""
    if organization.at_risk:
        return None
    membership = getattr(organization, "membership", None)
    if membership is None or not membership.is_member:
        return None
    return str(organization)
