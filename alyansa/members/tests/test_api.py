"""The JSON API keeps the pages' rules."""

from __future__ import annotations

import json

import pytest

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_token, make_user
from alyansa.members.testing import make_country, make_organization, make_person
from conftest import client_for

pytestmark = pytest.mark.django_db


def _bearer(user):  # type: ignore[no-untyped-def]
    secret = make_token(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def coordinator_and_orgs(db):  # type: ignore[no-untyped-def]
    own = make_organization("Own", city="Hong Kong")
    other = make_organization("Other", city="Dubai", public_fields=["sectors"])
    user = make_user("Cora", role=Role.COORDINATOR, scope=own)
    return user, own, other


def test_coordinator_cannot_read_another_organizations_private_data_over_the_api(
    coordinator_and_orgs,
):
    user, _own, other = coordinator_and_orgs
    make_person("Hidden", organization=other, contact="hidden@example.org")
    client = client_for(None)
    response = client.get(f"/api/v1/members/organizations/{other.slug}/private", **_bearer(user))
    assert response.status_code == 404
    assert b"hidden@example.org" not in response.content
    assert response.json()["error"]["code"] == "not_found"


def test_coordinator_cannot_change_another_organization_over_the_api(coordinator_and_orgs):
    user, _own, other = coordinator_and_orgs
    response = client_for(None).post(
        f"/api/v1/members/organizations/{other.slug}/profile",
        data=json.dumps({"name": "Taken over"}),
        content_type="application/json",
        **_bearer(user),
    )
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.name == "Other"


def test_coordinator_changes_own_profile_over_the_api(coordinator_and_orgs):
    user, own, _other = coordinator_and_orgs
    make_country("ID")
    response = client_for(None).post(
        f"/api/v1/members/organizations/{own.slug}/profile",
        data=json.dumps({"city": "Kowloon", "nationalities": ["PH", "ID"]}),
        content_type="application/json",
        **_bearer(user),
    )
    assert response.status_code == 200, response.content
    assert response.json()["city"] == "Kowloon"
    assert {n["code"] for n in response.json()["nationalities"]} == {"PH", "ID"}


def test_the_public_api_shows_only_chosen_fields_and_no_organization_at_risk(
    coordinator_and_orgs,
):
    make_organization("At Risk", at_risk=True)
    response = client_for(None).get("/api/v1/members/organizations")
    items = {item["name"]: item for item in response.json()["items"]}
    assert "At Risk" not in items
    assert items["Own"]["city"] == "Hong Kong"
    assert items["Other"]["city"] is None


def test_numbers_are_for_the_secretariat_and_officers_only(coordinator_and_orgs):
    user, _own, _other = coordinator_and_orgs
    assert client_for(user).get("/api/v1/members/counts").status_code == 403
    secretariat = make_user("Sara", role=Role.SECRETARIAT)
    response = client_for(None).get("/api/v1/members/counts?on=2024-01-01", **_bearer(secretariat))
    assert response.json()["total"] == 2


def test_the_api_is_documented_in_openapi():
    paths = client_for(None).get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/members/organizations" in paths
    assert "requestBody" in paths["/api/v1/members/applications"]["post"]
    assert "/api/v1/governance/bodies" in paths


def test_a_step_the_rules_refuse_is_a_422_that_names_the_rule():
    secretariat = make_user("Sara", role=Role.SECRETARIAT)
    organization = make_organization("Steady Member", city="Hong Kong")
    response = client_for(None).post(
        f"/api/v1/members/organizations/{organization.slug}/membership",
        data=json.dumps(
            {"status": "reinstated", "decided_by": "Secretariat", "date": "2026-01-10"}
        ),
        content_type="application/json",
        **_bearer(secretariat),
    )
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "rule"
    assert error["message"] and "Traceback" not in error["message"]
