"""Fixtures shared by the voting tests."""

import pytest

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies.testing import make_assembly, make_delegate
from alyansa.governance.testing import make_body, make_seat, make_term
from alyansa.members.testing import make_organization
from alyansa.voting.services import election_create


@pytest.fixture
def race():  # type: ignore[no-untyped-def]
    """An at-large election for two seats with its committee, and three delegates."""
    assembly = make_assembly(delegate_quota=10)
    body = make_body()
    election = election_create(
        assembly=assembly,
        title="At-large seats",
        kind="at_large",
        seat=make_seat(body, holders=2),
        term=make_term(body),
        acting_user=None,
    )
    committee = make_user("Eli Committee", role=Role.ELECTION_COMMITTEE, scope=election)
    union = make_organization("Union", acronym="UNI")
    delegates = [
        make_delegate(name, assembly=assembly, organization=union)
        for name in ("Ana Cruz", "Ben Reyes", "Cy Santos")
    ]
    return assembly, election, committee, delegates
