"""Every change to governing bodies, seats, terms, mandates and the constitution, one module per
subject. Each is one transaction with one audit row. The rules they keep (docs/rules/seats.md):
a seat never has more holders or alternates at once than its rule allows; a regional seat goes
to an organization of that region; the associate members' seat to an associate member; an
office to someone who sits in the electing body on that day; terms of one body do not overlap.
Callers import from here.
"""

from alyansa.governance.services.bodies import (
    RESERVED_SLUGS,
    body_create,
    body_update,
    constitution_amend,
)
from alyansa.governance.services.common import GovernanceRuleError
from alyansa.governance.services.mandates import mandate_assign, mandate_end, term_open
from alyansa.governance.services.seats import (
    ASSOCIATE_NAMES,
    AT_LARGE_NAMES,
    seat_create,
    seat_remove,
    seat_update,
    seats_configure_standard,
)

__all__ = [
    "ASSOCIATE_NAMES",
    "AT_LARGE_NAMES",
    "RESERVED_SLUGS",
    "GovernanceRuleError",
    "body_create",
    "body_update",
    "constitution_amend",
    "mandate_assign",
    "mandate_end",
    "seat_create",
    "seat_remove",
    "seat_update",
    "seats_configure_standard",
    "term_open",
]
