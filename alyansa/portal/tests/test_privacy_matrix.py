"""The privacy matrix, beside the access matrix: with an at-risk organization in every role
(see privacy_world.py), no page, feed, file or API answer that a non-entitled visitor may open
names it, and each address it could be guessed at answers exactly as an unknown one.

Rows come from the access matrix itself: every GET case that an anonymous visitor, a delegate
or an account without a role may use is rendered for that persona, and so is every GET case
that staff who are not entitled (officers, the election committee, the treasurer, another
organization's coordinator) may use: their screens count it, name its people without it, show
the stand-in, or (the treasury's) give its number. A new app's public pages
join by being in its tests/access.py; its roles for the at-risk organization go in its
tests/privacy.py (see privacy_world.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from alyansa.core.testing import AccessCase, World, comparable
from alyansa.portal.tests.privacy_world import (
    ERASED_NAME,
    SECRET_ACRONYM,
    SECRET_NAME,
    build_privacy_world,
    extra_public_paths,
    staff_paths,
)
from alyansa.portal.tests.test_access_matrix import all_cases
from conftest import client_for

# Not entitled: they must never see it named. (The secretariat and the organization's own
# coordinators are.)
VIEWERS = ("anonymous", "delegate", "plain")
# Not entitled either, with screens of their own: what those need, never its name. The
# coordinator coordinates another organization.
STAFF_VIEWERS = ("coordinator", "election_committee", "officer", "treasurer")
# Addresses without a name in the URL configuration's namespaces of the matrix.
EXTRA_PUBLIC_PATHS = ["/", "/sitemap.xml", "/api/v1/openapi.json"]
UNKNOWN_SLUG = "never-taken-slug"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> Iterator[World]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            yield build_privacy_world()
            transaction.set_rollback(True)


def public_cases(viewers: tuple[str, ...] = VIEWERS) -> list[tuple[str, AccessCase]]:
    return [
        (persona, case)
        for case in all_cases()
        if case.method == "get"
        for persona in viewers
        if persona in case.allowed
    ]


def staff_cases() -> list[tuple[str, AccessCase]]:
    return public_cases(STAFF_VIEWERS)


def _render(world: World, persona: str, case: AccessCase) -> tuple[str, Any]:
    url = reverse(case.url_name, kwargs=case.kwargs(world) if case.kwargs else None)
    return url, _client(world, persona).get(url)


def traces(world: World) -> list[str]:
    secret = world.objects["secret"]
    return [SECRET_NAME, SECRET_ACRONYM, secret.slug, world.objects["secret_old_slug"], ERASED_NAME]


def _client(world: World, persona: str):  # type: ignore[no-untyped-def]
    client = client_for(world.users.get(persona))
    if persona in world.sign_in:
        world.sign_in[persona](client)
    return client


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_no_trace(world: World, url: str, content: bytes) -> None:
    text = comparable(content).decode("utf-8", errors="replace")
    found = [trace for trace in traces(world) if trace in text]
    assert not found, f"{url} shows {found}"


# What templates of public pages must not read: an organization's raw name, acronym or address,
# or a person's name, instead of the projection's filters ({{ org|public_name }},
# {{ person|public_person }}: alyansa/members/templatetags/public_names.py).
RAW_NAME = re.compile(
    r"\b(?:org|organization|\w+\.organization)\.(?:name|acronym|slug)\b"
    r"|\b(?:participant|person|delegate|candidate|holder|giver|speaker)\.display_name\b"
)
# Templates that may, and why: their view lets through only what the projection allows.
RAW_NAME_ALLOWED = {
    "members/organization.html": "rendered only for what public.organization_at_address found",
    "members/directory.html": "lists Organization.objects.listed() (never at risk)",
    "members/chapter.html": "lists the chapter's organizations.listed() (never at risk)",
    "members/mine.html": "lists only the organizations the signed-in user coordinates",
}


def assert_templates_name_through_the_projection(response: Any) -> None:
    for template in {t for t in response.templates if t.name and t.origin}:
        if template.name in RAW_NAME_ALLOWED:
            continue
        found = RAW_NAME.findall(template.source)
        assert not found, f"{template.name} reads {found}: use the public_names filters"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "case"),
    public_cases(),
    ids=[f"{persona}-{case.url_name}" for persona, case in public_cases()],
)
def test_no_public_answer_names_the_at_risk_organization(
    persona: str, case: AccessCase, world: World
) -> None:
    url, response = _render(world, persona, case)
    assert_no_trace(world, url, _body(response))
    assert_templates_name_through_the_projection(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "case"),
    staff_cases(),
    ids=[f"{persona}-{case.url_name}" for persona, case in staff_cases()],
)
def test_no_staff_screen_names_it_to_the_not_entitled(
    persona: str, case: AccessCase, world: World
) -> None:
    """Staff screens are not public, so their templates may read the rows they list; what
    they show must still go through the projection."""
    url, response = _render(world, persona, case)
    assert_no_trace(world, url, _body(response))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", STAFF_VIEWERS)
def test_no_staff_screen_of_its_own_rows_names_it(persona: str, world: World) -> None:
    """Its dues statement, its payments, its answers to calls: what staff may open (others
    are refused) gives its number or the stand-in."""
    client = _client(world, persona)
    for path in staff_paths(world):
        assert_no_trace(world, path, _body(client.get(path)))


@pytest.mark.django_db
def test_no_address_outside_the_matrix_names_it(world: World) -> None:
    for path in [*EXTRA_PUBLIC_PATHS, *extra_public_paths(world)]:
        response = client_for(None).get(path)
        # A board may publish the count's stages only (a small electorate): no file then.
        assert response.status_code in {200, 404}, path
        assert_no_trace(world, path, _body(response))


def guessed(world: World) -> list[tuple[str, str]]:
    """(the address at its slug, its old slug, or its acronym; the same with an unknown slug)
    for every route that takes an organization's address."""
    secret = world.objects["secret"]
    routes = [
        "members:organization",
        "members:organization_edit",
        "members:organization_manage",
        "api-v1:members_organization",
        "api-v1:members_organization_private",
    ]
    pairs = []
    for name in routes:
        unknown = reverse(name, kwargs={"slug": UNKNOWN_SLUG})
        for slug in {secret.slug, world.objects["secret_old_slug"], SECRET_ACRONYM.lower()}:
            pairs.append((reverse(name, kwargs={"slug": slug}), unknown, slug))
    return pairs  # type: ignore[return-value]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [*VIEWERS, "coordinator", "officer"])
def test_each_guessed_address_answers_as_an_unknown_one(persona: str, world: World) -> None:
    client = _client(world, persona)
    for address, unknown, slug in guessed(world):  # type: ignore[misc]
        found, expected = client.get(address), client.get(unknown)
        assert found.status_code == expected.status_code, address
        assert comparable(found.content) == comparable(
            expected.content.replace(UNKNOWN_SLUG.encode(), slug.encode())
        ), address
        assert found.get("Location", "") == expected.get("Location", "").replace(
            UNKNOWN_SLUG, slug
        ), address


@pytest.mark.django_db
def test_the_entitled_still_see_it(world: World) -> None:
    """The matrix would pass with a world where the organization is missing: it is not."""
    secret = world.objects["secret"]
    for user in (world.users["secretariat"], world.objects["secret_coordinator"]):
        page = client_for(user).get(reverse("members:organization", args=[secret.slug]))
        assert SECRET_NAME.encode() in page.content


@pytest.mark.django_db
def test_the_entitled_still_see_it_in_the_treasury(world: World) -> None:
    """The treasury gives its number only to those who may not see it named."""
    secret = world.objects["secret"]
    statement = reverse("treasury:organization", args=[secret.pk])
    for user in (world.users["secretariat"], world.objects["secret_coordinator"]):
        page = client_for(user).get(statement)
        assert SECRET_NAME.encode() in page.content
        assert b"(cannot be named)" not in page.content
    page = client_for(world.users["treasurer"]).get(statement)
    assert f"O{secret.pk} (cannot be named)".encode() in page.content
