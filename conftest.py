"""Shared fixtures: the personas every test speaks of."""

from __future__ import annotations

import pytest
import time_machine
from django.test import Client
from hypothesis import HealthCheck, settings

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user

# The machines that run the suite are shared and loaded: property tests judge the code, not how
# fast the machine made their examples.
settings.register_profile(
    "shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("shared-machine")


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BALLOT_KEY_DIR = tmp_path / "ballot-keys"


@pytest.fixture
def secretariat(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("Sara Secretariat", role=Role.SECRETARIAT)


@pytest.fixture
def officer(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("Olu Officer", role=Role.OFFICER)


@pytest.fixture
def plain_user(db) -> User:  # type: ignore[no-untyped-def]
    """An account with no role at all."""
    return make_user("Pat Plain")


@pytest.fixture(autouse=True)
def _fresh_poll_specs():  # type: ignore[no-untyped-def]
    """Test databases roll back, so poll ids come again: forget what casting cached (any app's
    tests may cast: the portal's demo and backups do)."""
    from alyansa.voting import castpath

    castpath._specs.clear()
    yield
    castpath._specs.clear()


@pytest.fixture(autouse=True)
def _async_unsafe_for_browser_tests(request, monkeypatch):  # type: ignore[no-untyped-def]
    """Playwright's sync API runs an event loop in the test's thread; the test's own database
    calls are still safe. Only browser tests get this switch, and only while they run."""
    if request.node.get_closest_marker("browser"):
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# The clocks that tests touching dates run under (`pytestmark = pytest.mark.usefixtures("clock")`
# or a `clock` argument): early in the UTC day; late in it, when Asia/Manila (where the tests'
# assemblies sit) is already on the next day; and the last evening of a year, when Manila is
# already in the next year. The clock then runs on from there.
CLOCKS = {
    "01h-utc": "2026-03-10T01:00:00+00:00",
    "20h-utc": "2026-03-10T20:00:00+00:00",
    "new-year-in-manila": "2026-12-31T20:00:00+00:00",
}


@pytest.fixture(params=list(CLOCKS.values()), ids=list(CLOCKS))
def clock(request):  # type: ignore[no-untyped-def]
    with time_machine.travel(request.param, tick=True) as traveller:
        yield traveller


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture(scope="session", autouse=True)
def _fast_and_immediate():  # type: ignore[no-untyped-def]
    """Fast password hashing, and tasks run at once so that sent e-mail lands in the outbox.
    (test_tasks.py runs the real database queue and worker.)"""
    from django.test import override_settings

    with override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    ):
        yield


@pytest.fixture
def member_organization(db):  # type: ignore[no-untyped-def]
    """A full member organization (admitted in 2020) in the Philippines."""
    from alyansa.members.testing import make_organization

    return make_organization("Samahan ng Migrante", acronym="SAMA")


@pytest.fixture
def coordinator_of(member_organization) -> User:  # type: ignore[no-untyped-def]
    """Cora coordinates `member_organization`, and nothing else."""
    return make_user("Cora Coordinator", role=Role.COORDINATOR, scope=member_organization)
