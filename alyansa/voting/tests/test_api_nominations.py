"""Nominations over the API: the election's committee (or the secretariat) enters them and
records the answers, a nominated delegate answers their own from their phone, and nobody else
sees them. Nothing about how anyone voted is ever in these answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_token, make_user
from alyansa.assemblies.testing import (
    make_assembly,
    make_credential,
    make_delegate,
    sign_in_delegate_session,
)
from alyansa.audit.models import AuditEvent
from alyansa.governance.testing import make_body, make_seat, make_term
from alyansa.members.testing import make_country, make_organization, make_region
from alyansa.voting.models import Election, Nomination
from alyansa.voting.services import (
    election_create,
    election_poll_create,
    nomination_accept,
    nomination_create,
    nomination_decline,
)

pytestmark = pytest.mark.django_db

NOMINATION_FIELDS = {
    "id",
    "election",
    "candidate",
    "delegate",
    "organization",
    "nominated_by",
    "answer",
    "standing",
}


def bearer(user: Any) -> Client:
    secret = make_token(user)
    return Client(headers={"authorization": f"Bearer {secret}"})


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def nominations_url(election: Election) -> str:
    return f"/api/v1/voting/elections/{election.pk}/nominations"


def answer_url(nomination: Nomination) -> str:
    return f"{nominations_url(nomination.election)}/{nomination.pk}/answer"


def phone_of(delegate: Any) -> Client:
    phone = Client()
    sign_in_delegate_session(phone, make_credential(delegate)[0])
    return phone


# ---------------------------------------------------------------------------------------------
# The committee's desk


def test_the_committee_enters_nominations_and_records_the_answers(race) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, committee, (ana, _ben, _cy) = race
    client = bearer(committee)
    response = post(
        client, nominations_url(election), {"participant": ana.pk, "nominated_by": "Union"}
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created == {
        "id": created["id"],
        "election": election.pk,
        "candidate": "Ana Cruz",
        "delegate": ana.pk,
        "organization": ana.organization.slug,
        "nominated_by": "Union",
        "answer": "awaiting",
        "standing": False,
    }
    outsider = make_organization("Allied Centre", acronym="ALC")
    named = post(
        client, nominations_url(election), {"name": "Dee Outside", "organization": outsider.slug}
    )
    assert named.status_code == 201, named.content
    assert (named.json()["delegate"], named.json()["organization"]) == (None, outsider.slug)

    ana_n = Nomination.objects.get(pk=created["id"])
    accepted = post(client, answer_url(ana_n), {"answer": "accept"})
    assert accepted.status_code == 200
    assert (accepted.json()["answer"], accepted.json()["standing"]) == ("accepted", True)
    dee_n = Nomination.objects.get(pk=named.json()["id"])
    assert post(client, answer_url(dee_n), {"answer": "decline"}).json()["answer"] == "declined"
    assert AuditEvent.objects.filter(action="nomination.accept", actor=committee).count() == 1
    assert AuditEvent.objects.filter(action="nomination.create", actor=committee).count() == 2


def test_the_list_is_in_the_order_entered_with_a_bounded_number_of_queries(  # type: ignore[no-untyped-def]
    race, django_assert_max_num_queries
) -> None:
    _assembly, election, committee, delegates = race
    for delegate in delegates:
        nomination_create(election=election, participant=delegate, acting_user=None)
    for number in range(5):
        nomination_accept(
            nomination=nomination_create(
                election=election, name=f"Named {number}", acting_user=None
            ),
            acting_user=None,
        )
    nomination_decline(nomination=election.nominations.first(), acting_user=None)
    client = bearer(committee)
    # The token, the roles, the election, the nominations with their people: never one query
    # per nomination.
    with django_assert_max_num_queries(6):
        response = client.get(nominations_url(election))
    assert response.status_code == 200
    rows = response.json()
    assert [row["candidate"] for row in rows] == [
        "Ana Cruz",
        "Ben Reyes",
        "Cy Santos",
        *[f"Named {n}" for n in range(5)],
    ]
    assert [row["answer"] for row in rows[:4]] == ["declined", "awaiting", "awaiting", "accepted"]
    assert all(set(row) == NOMINATION_FIELDS for row in rows)


def test_a_nomination_names_a_delegate_or_someone_else_and_the_error_says_so(race) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, committee, (ana, *_rest) = race
    client = bearer(committee)
    for body in ({}, {"participant": ana.pk, "name": "Ana Cruz"}):
        response = post(client, nominations_url(election), body)
        assert response.status_code == 422
        error = response.json()["error"]
        assert error["code"] == "invalid"
        assert error["details"] == [
            {
                "field": "participant",
                "message": "Choose a delegate, or give the name of a candidate who is not a "
                "delegate.",
            }
        ]
    stranger = make_delegate("Sol Stranger", assembly=make_assembly())
    response = post(client, nominations_url(election), {"participant": stranger.pk})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "participant"
    unknown = post(client, nominations_url(election), {"name": "Eve", "organization": "nope"})
    assert unknown.json()["error"]["details"][0]["field"] == "organization"
    bad_answer = post(
        client,
        answer_url(nomination_create(election=election, participant=ana, acting_user=None)),
        {"answer": "maybe"},
    )
    assert bad_answer.status_code == 422 and "answer" in bad_answer.json()["error"]["message"]
    assert election.nominations.count() == 1


def test_nominations_the_rules_refuse_are_a_422_that_says_which_rule(race) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, committee, (ana, ben, _cy) = race
    client = bearer(committee)
    assert post(client, nominations_url(election), {"participant": ana.pk}).status_code == 201
    again = post(client, nominations_url(election), {"participant": ana.pk})
    assert again.status_code == 422
    assert again.json()["error"] == {
        "code": "rule",
        "message": "This person is already nominated.",
        "details": [],
    }
    nomination_accept(nomination=election.nominations.get(), acting_user=None)
    late = nomination_create(election=election, participant=ben, acting_user=None)
    election_poll_create(election=election, acting_user=None)
    closed = post(client, nominations_url(election), {"name": "Too Late"})
    assert (closed.status_code, closed.json()["error"]["code"]) == (422, "rule")
    assert closed.json()["error"]["message"] == "Nominations are closed."
    answer = post(client, answer_url(late), {"answer": "accept"})
    assert answer.status_code == 422 and answer.json()["error"]["code"] == "rule"
    late.refresh_from_db()
    assert late.accepted_at is None


def test_a_regional_seat_refuses_a_candidate_of_another_region(race) -> None:  # type: ignore[no-untyped-def]
    assembly, election, _committee, _delegates = race
    asia, europe = make_region("Asia Pacific"), make_region("Europe")
    regional = election_create(
        assembly=assembly,
        title="Asia Pacific seat",
        kind="regional",
        seat=make_seat(election.seat.body, "Asia Pacific", kind="regional", region=asia),
        term=election.term,
        acting_user=None,
    )
    far = make_organization("Far Union", country=make_country("GB", europe))
    secretariat = make_user("Sara", role=Role.SECRETARIAT)
    response = post(
        bearer(secretariat),
        nominations_url(regional),
        {"name": "Fe Far", "organization": far.slug},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "rule"
    assert "Asia Pacific" in response.json()["error"]["message"]


def test_only_the_committee_of_this_election_and_the_secretariat_reach_its_nominations(  # type: ignore[no-untyped-def]
    race, officer
) -> None:
    assembly, election, _committee, (ana, *_rest) = race
    nomination = nomination_create(election=election, participant=ana, acting_user=None)
    body = make_body("Another body")
    elsewhere = election_create(
        assembly=assembly,
        title="Another seat",
        kind="at_large",
        seat=make_seat(body),
        term=make_term(body),
        acting_user=None,
    )
    other_committee = make_user("Oda Other", role=Role.ELECTION_COMMITTEE, scope=elsewhere)
    for user in (other_committee, officer, make_user("Pat Plain")):
        client = bearer(user)
        assert client.get(nominations_url(election)).status_code == 403
        assert post(client, nominations_url(election), {"name": "Intruder"}).status_code == 403
        assert post(client, answer_url(nomination), {"answer": "decline"}).status_code == 403
    # Through their own election's address, another election's nomination does not exist.
    sneaky = f"{nominations_url(elsewhere)}/{nomination.pk}/answer"
    assert post(bearer(other_committee), sneaky, {"answer": "decline"}).status_code == 404
    assert Client().get(nominations_url(election)).status_code == 401
    secretariat = make_user("Sara", role=Role.SECRETARIAT)
    assert bearer(secretariat).get(nominations_url(election)).status_code == 200
    nomination.refresh_from_db()
    assert nomination.declined_at is None and election.nominations.count() == 1


# ---------------------------------------------------------------------------------------------
# The candidate's phone


def test_a_nominated_delegate_reads_and_answers_their_own_nominations(race) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, _committee, (ana, ben, _cy) = race
    mine = nomination_create(
        election=election, participant=ana, nominated_by="Union", acting_user=None
    )
    nomination_create(election=election, participant=ben, acting_user=None)
    phone = phone_of(ana)
    listed = phone.get("/api/v1/voting/me/nominations")
    assert listed.status_code == 200
    assert listed.json() == [
        {
            "id": mine.pk,
            "election": election.pk,
            "election_title": "At-large seats",
            "nominated_by": "Union",
            "answer": "awaiting",
            "standing": False,
            "open": True,
        }
    ]
    url = f"/api/v1/voting/me/nominations/{mine.pk}/answer"
    accepted = post(phone, url, {"answer": "accept"})
    assert accepted.status_code == 200, accepted.content
    assert (accepted.json()["answer"], accepted.json()["open"]) == ("accepted", True)
    event = AuditEvent.objects.filter(action="nomination.accept").latest("pk")
    assert event.actor is None and event.changes == {"by_participant": ana.pk}
    assert post(phone, url, {"answer": "decline"}).json()["answer"] == "declined"
    assert post(phone, url, {"answer": "later"}).status_code == 422


def test_a_delegate_cannot_answer_someone_elses_nomination_nor_after_the_close(race) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, _committee, (ana, ben, _cy) = race
    mine = nomination_create(election=election, participant=ana, acting_user=None)
    theirs = nomination_create(election=election, participant=ben, acting_user=None)
    phone = phone_of(ana)
    other = post(phone, f"/api/v1/voting/me/nominations/{theirs.pk}/answer", {"answer": "decline"})
    assert other.status_code == 404
    nomination_accept(nomination=theirs, acting_user=None)
    election_poll_create(election=election, acting_user=None)
    late = post(phone, f"/api/v1/voting/me/nominations/{mine.pk}/answer", {"answer": "accept"})
    assert late.status_code == 422
    assert late.json()["error"] == {
        "code": "rule",
        "message": "Nominations are closed.",
        "details": [],
    }
    assert phone.get("/api/v1/voting/me/nominations").json()[0]["open"] is False
    theirs.refresh_from_db()
    assert theirs.declined_at is None


def test_an_account_is_not_a_delegate_session(race, secretariat) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, _committee, (ana, *_rest) = race
    mine = nomination_create(election=election, participant=ana, acting_user=None)
    for client in (Client(), bearer(secretariat)):
        assert client.get("/api/v1/voting/me/nominations").status_code == 401
        url = f"/api/v1/voting/me/nominations/{mine.pk}/answer"
        assert post(client, url, {"answer": "decline"}).status_code == 401
    mine.refresh_from_db()
    assert mine.declined_at is None


def test_the_nomination_routes_are_in_the_openapi_document() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    listed = paths["/api/v1/voting/elections/{election_id}/nominations"]
    assert "get" in listed and "requestBody" in listed["post"]
    answer = "/api/v1/voting/elections/{election_id}/nominations/{nomination_id}/answer"
    assert "requestBody" in paths[answer]["post"]
    assert "get" in paths["/api/v1/voting/me/nominations"]
    assert "requestBody" in paths["/api/v1/voting/me/nominations/{nomination_id}/answer"]["post"]
