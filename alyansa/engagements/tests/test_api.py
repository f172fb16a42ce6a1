"""The engagements' API: the public calendar names as the pages do, inputs are bounded, and
recording is the secretariat's."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from alyansa.engagements.models import Engagement
from alyansa.engagements.testing import make_delegate, make_engagement
from alyansa.members.testing import make_person
from conftest import client_for

pytestmark = pytest.mark.django_db

LIST = "/api/v1/engagements/engagements"


def test_the_public_list_hides_internal_engagements_and_unconsenting_names() -> None:
    public = make_engagement("Open dialogue")
    make_engagement("Closed preparation", is_public=False)
    make_delegate(public, make_person("Maria Named"))
    make_delegate(public, make_person("Sol Silent"), name_public=False)
    answer = client_for(None).get(LIST).json()
    assert [e["title"] for e in answer] == ["Open dialogue"]
    [entry] = answer
    assert entry["delegation"] == [{"name": "Maria Named", "role": "Delegate"}]
    assert entry["unnamed_delegates"] == 1
    assert entry["starts"].endswith("+01:00") and entry["time_zone"] == "Europe/Zurich"


@pytest.mark.parametrize(
    "query",
    [
        "?limit=0",
        "?limit=501",
        "?offset=-1",
        "?offset=99999999999",
        "?start=9999-01-01",
        "?start=0",
        "?kind=" + "x" * 100,
    ],
)
def test_unbounded_inputs_are_refused_with_a_422(query: str) -> None:
    response = client_for(None).get(LIST + query)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid"


def test_unknown_filters_find_nothing_rather_than_fail() -> None:
    make_engagement()
    assert len(client_for(None).get(LIST + "?region=nowhere&language=zz").json()) == 1
    assert client_for(None).get(LIST + "?start=2030-01-01").json() == []


def test_the_secretariat_records_an_engagement_and_a_rule_answers_422(secretariat, officer):
    body = {
        "title": "Global Forum on Migration and Development",
        "kind": "intergovernmental",
        "starts": "2026-10-27T09:00:00+01:00",
        "ends": "2026-10-29T18:00:00+01:00",
        "time_zone": "Europe/Zurich",
        "place": "Geneva",
    }
    url = reverse("api-v1:engagements_create")
    assert client_for(officer).post(url, body, content_type="application/json").status_code == 403
    created = client_for(secretariat).post(url, body, content_type="application/json")
    assert created.status_code == 201
    assert created.json()["starts"] == "2026-10-27T09:00:00+01:00"
    wrong = client_for(secretariat).post(
        url, {**body, "time_zone": "Mars/Olympus"}, content_type="application/json"
    )
    assert wrong.status_code == 422 and "not a time zone" in wrong.json()["error"]["message"]
    assert Engagement.objects.count() == 1


def test_the_report_for_readers(officer, plain_user) -> None:
    make_engagement(starts=timezone.now() - datetime.timedelta(days=3))
    url = reverse("api-v1:engagements_report")
    assert client_for(plain_user).get(url).status_code == 403
    answer = client_for(officer).get(url).json()
    assert len(answer["engagements"]) == 1
