from __future__ import annotations

import pytest

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.campaigns.testing import staff


@pytest.fixture
def team(db):  # type: ignore[no-untyped-def]
    """(secretariat, officer)."""
    return staff()


@pytest.fixture
def coordinator_factory(db):  # type: ignore[no-untyped-def]
    def make(organization):  # type: ignore[no-untyped-def]
        return make_user(
            f"Coordinator of {organization.name}", role=Role.COORDINATOR, scope=organization
        )

    return make
