"""The API: the public dashboard names no at-risk organization; progress by the secretariat,
with bounded, validated input."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from alyansa.members.testing import make_organization
from alyansa.programs.models import Owner
from alyansa.programs.testing import add_target, adopt, make_program
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_public_dashboard_counts_and_never_names_an_at_risk_owner(secretariat) -> None:  # type: ignore[no-untyped-def]
    hidden = make_organization("Hidden Union", acronym="HDNQ", at_risk=True)
    program = make_program(secretariat=secretariat)
    target = add_target(
        program,
        secretariat=secretariat,
        owner=Owner.ORGANIZATIONS,
        owner_organizations=[hidden, make_organization("Open Union")],
        goal_value=10,
    )
    adopt(program, secretariat=secretariat)
    response = client_for(None).get(reverse("api-v1:programs_dashboard", args=[program.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hidden Union" not in body and "HDNQ" not in body and hidden.slug not in body
    row = response.json()["targets"][0]
    assert row["id"] == target.pk and "1 organization that cannot be named" in row["owner"]


def test_figures_and_states_are_validated(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    target = add_target(program, secretariat=secretariat, goal_value=10)
    adopt(program, secretariat=secretariat)
    client = client_for(secretariat)
    figures = reverse("api-v1:programs_target_figure", args=[program.pk, target.pk])
    for bad in ({"value": -1, "note": "x"}, {"value": 10**12, "note": "x"}, {"value": 3}):
        response = client.post(figures, json.dumps(bad), content_type="application/json")
        assert response.status_code == 422, bad
    response = client.post(
        figures, json.dumps({"value": 3, "note": "Regions"}), content_type="application/json"
    )
    assert response.status_code == 201
    state = reverse("api-v1:programs_target_state", args=[program.pk, target.pk])
    response = client.post(state, json.dumps({"state": "dropped"}), content_type="application/json")
    assert response.status_code == 422
    assert "why" in response.json()["error"]["message"]
