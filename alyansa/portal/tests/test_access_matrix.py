"""Each role reaches what it may and is refused elsewhere; every named view must be listed."""

from __future__ import annotations

import importlib
from collections.abc import Iterator

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from alyansa.core.testing import PERSONAS, AccessCase, World
from alyansa.portal.tests.world import build_world
from conftest import client_for

# Namespaces of third-party pages (sign-in, language switch) are tested by their projects.
OUR_NAMESPACES = {
    "portal",
    "api-v1",
    "members",
    "governance",
    "statements",
    "assemblies",
    "voting",
    "treasury",
    "campaigns",
    "engagements",
    "programs",
}
APPS_WITH_VIEWS = [
    "alyansa.portal",
    "alyansa.members",
    "alyansa.governance",
    "alyansa.statements",
    "alyansa.assemblies",
    "alyansa.voting",
    "alyansa.treasury",
    "alyansa.campaigns",
    "alyansa.engagements",
    "alyansa.programs",
]


def all_cases() -> list[AccessCase]:
    cases: list[AccessCase] = []
    for app in APPS_WITH_VIEWS:
        cases += importlib.import_module(f"{app}.tests.access").CASES
    return cases


def our_url_names(resolver: URLResolver | None = None, namespace: str = "") -> Iterator[str]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            yield from our_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in OUR_NAMESPACES:
            yield f"{namespace}:{pattern.name}"


def test_every_named_view_is_in_the_matrix() -> None:
    listed = {case.url_name for case in all_cases()}
    missing = sorted(set(our_url_names()) - listed)
    assert not missing, f"Add these views to a tests/access.py matrix: {missing}"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        from django.db import transaction

        # Built once for the module and rolled back at its end.
        with transaction.atomic():
            yield build_world()
            transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("case", all_cases(), ids=lambda case: case.url_name)
def test_access(case: AccessCase, world: World) -> None:
    url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    for persona in PERSONAS:
        client = client_for(world.users.get(persona))
        if persona in world.sign_in:
            world.sign_in[persona](client)
        data = case.data(world) if case.data else {}
        response = getattr(client, case.method)(url, data)
        status = response.status_code
        if persona in case.allowed:
            assert status < 400, f"{persona} should reach {url} but got {status}"
        else:
            # Without an account, being sent to the sign-in page is a refusal too.
            refused = status in {403, 404, 401} or (
                world.users.get(persona) is None
                and status == 302
                and "/accounts/login/" in response["Location"]
            )
            assert refused, f"{persona} should be refused at {url} but got {status}"
