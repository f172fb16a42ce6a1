"""One deterministic fictional alliance for `alyansa demo`. Each app adds its part, in order."""

from __future__ import annotations

import random
from collections.abc import Callable

from django.db import transaction

from alyansa.accounts import demo as accounts_demo
from alyansa.assemblies import demo as assemblies_demo
from alyansa.campaigns import demo as campaigns_demo
from alyansa.engagements import demo as engagements_demo
from alyansa.governance import demo as governance_demo
from alyansa.members import demo as members_demo
from alyansa.programs import demo as programs_demo
from alyansa.statements import demo as statements_demo
from alyansa.treasury import demo as treasury_demo
from alyansa.voting import demo as voting_demo

DEMO_SEED = 20261129

# In dependency order: an app's demo may use what the ones before it made.
DEMO_STEPS: list[Callable[[random.Random], list[str]]] = [
    accounts_demo.load,
    members_demo.load,
    governance_demo.load,
    statements_demo.load,
    assemblies_demo.load,
    voting_demo.load,
    treasury_demo.load,
    engagements_demo.load,
    campaigns_demo.load,
    # The program counts the calls' answers and the engagements made above.
    programs_demo.load,
]


class RealDataPresent(Exception):
    """The database holds real accounts: demo data would mix with them."""


def demo_load() -> list[str] | None:
    """Load the demo alliance. None if it is there already; refuses a database with real data."""
    if accounts_demo.is_demo_present():
        return None
    if accounts_demo.holds_real_accounts():
        raise RealDataPresent(
            "This database already holds real accounts; demo data is only loaded into an empty one."
        )
    rng = random.Random(DEMO_SEED)
    lines: list[str] = []
    with transaction.atomic():
        for step in DEMO_STEPS:
            lines += step(rng)
    return lines
