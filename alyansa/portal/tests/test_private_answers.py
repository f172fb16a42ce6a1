"""Pages and API answers that hold contacts or a freshly made token are kept by no cache."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_token, make_user
from alyansa.members.testing import make_organization, make_person
from conftest import client_for

pytestmark = pytest.mark.django_db


def no_store(response) -> bool:  # type: ignore[no-untyped-def]
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"no-store", "private"} <= directives


def test_pages_with_contacts_or_a_new_token_are_not_cached(secretariat):
    organization = make_organization(email="contact@example.org")
    coordinator = make_user("Cora", role=Role.COORDINATOR, scope=organization)
    client = client_for(coordinator)
    manage = client.get(reverse("members:organization_manage", args=[organization.slug]))
    assert manage.status_code == 200 and no_store(manage)
    tokens = client.get(reverse("portal:access_tokens"))
    assert tokens.status_code == 200 and no_store(tokens)
    made = client.post(
        reverse("portal:access_tokens"), {"name": "script", "access": "read", "valid_days": 90}
    )
    assert "aly_" in made.content.decode() and no_store(made)
    queue = client_for(secretariat).get(reverse("members:review_queue"))
    assert queue.status_code == 200 and no_store(queue)


def test_api_answers_about_people_and_private_organizations_are_not_cached(secretariat):
    organization = make_organization()
    person = make_person(organization=organization, contact="+63 900 000 0000")
    secret = make_token(secretariat)
    bearer = Client(headers={"authorization": f"Bearer {secret}"})
    for path in (
        f"/api/v1/members/people/{person.pk}",
        f"/api/v1/members/organizations/{organization.slug}/private",
        "/api/v1/accounts/tokens",
    ):
        response = bearer.get(path)
        assert response.status_code == 200 and no_store(response), path
    session = client_for(secretariat).get(f"/api/v1/members/people/{person.pk}")
    assert session.status_code == 200 and no_store(session)


def test_public_pages_for_anonymous_visitors_stay_cacheable():
    organization = make_organization()
    for path in (reverse("portal:home"), reverse("members:organization", args=[organization.slug])):
        response = Client().get(path)
        assert response.status_code == 200 and "no-store" not in response.get("Cache-Control", "")
