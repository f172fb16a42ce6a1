from __future__ import annotations

import pytest

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user


@pytest.fixture
def secretariat(db):  # type: ignore[no-untyped-def]
    return make_user("Sam Secretariat", role=Role.SECRETARIAT)


@pytest.fixture
def officer(db):  # type: ignore[no-untyped-def]
    return make_user("Oli Officer", role=Role.OFFICER)
