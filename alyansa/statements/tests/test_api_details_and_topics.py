"""The details around a statement's text and the topics' names, over the API: the secretariat's,
with the rules of the details page (docs/statements.md)."""

import json
from typing import Any

import pytest
from django.test import Client

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_token, make_user
from alyansa.audit.models import AuditEvent
from alyansa.members.testing import make_chapter, make_organization
from alyansa.statements import services
from alyansa.statements.models import Correction, Statement
from alyansa.statements.testing import make_statement

pytestmark = pytest.mark.django_db
Status = Statement.Status


def bearer(user: Any) -> Client:
    secret = make_token(user)
    return Client(headers={"authorization": f"Bearer {secret}"})


def send(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def details_url(statement: Statement) -> str:
    return f"/api/v1/statements/{statement.slug}/details"


@pytest.fixture
def wages():  # type: ignore[no-untyped-def]
    return services.topic_create(
        slug="wages", name="Wages", names={"ar": "الأجور", "es": "Salarios"}, acting_user=None
    )


# --- the details ------------------------------------------------------------------------------


def test_the_secretariat_changes_the_details_of_a_draft(secretariat, wages) -> None:  # type: ignore[no-untyped-def]
    statement = make_statement(slug="may-day")
    occasion = services.occasion_create(name="May Day", slug="may-day", acting_user=None)
    first, second = make_organization("First Union"), make_organization("Second Union")
    response = send(
        bearer(secretariat),
        "patch",
        details_url(statement),
        {
            "place": "Manila",
            "issuer_kind": "joint",
            "issuer_organizations": [first.slug, second.slug],
            "signatories": [{"name": "Ana Cruz", "role": "Chair", "organization": "First"}],
            "occasion": occasion.slug,
            "topics": [wages.slug],
            "open_for_endorsement": True,
        },
    )
    assert response.status_code == 200, response.content
    details = response.json()
    assert details["place"] == "Manila" and details["issuer_kind"] == "joint"
    assert sorted(details["issuer_organizations"]) == sorted([first.slug, second.slug])
    assert details["signatories"] == [
        {"name": "Ana Cruz", "role": "Chair", "organization": "First"}
    ]
    assert (details["occasion"], details["topics"]) == ("may-day", ["wages"])
    assert details["open_for_endorsement"] is True and details["status"] == "draft"
    # What was not sent stays.
    assert details["issued_on"] == "2026-12-18" and details["contact"] == ""
    assert bearer(secretariat).get(details_url(statement)).json() == details
    event = AuditEvent.objects.filter(action="statement.update").latest("pk")
    assert event.actor == secretariat and event.changes["place"] == ["", "Manila"]


def test_null_clears_the_occasion_and_a_chapter_is_picked_by_its_address(secretariat) -> None:  # type: ignore[no-untyped-def]
    occasion = services.occasion_create(name="Migrants Day", slug="migrants-day", acting_user=None)
    statement = make_statement(slug="dec-18", occasion=occasion)
    chapter = make_chapter("Hong Kong chapter")
    response = send(
        bearer(secretariat),
        "patch",
        details_url(statement),
        {"occasion": None, "issuer_chapter": chapter.slug},
    )
    assert response.status_code == 200, response.content
    assert response.json()["occasion"] is None
    assert (response.json()["issuer_kind"], response.json()["issuer_chapter"]) == (
        "chapter",
        chapter.slug,
    )


def test_a_published_statement_s_printed_details_need_a_correction_note(secretariat) -> None:  # type: ignore[no-untyped-def]
    statement = make_statement(slug="printed", status=Status.PUBLISHED)
    refused = send(bearer(secretariat), "patch", details_url(statement), {"place": "Dubai"})
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "rule"
    assert error["message"].startswith("This statement is published: say what you corrected")
    assert [detail["field"] for detail in error["details"]] == ["correction_note"]
    statement.refresh_from_db()
    assert statement.place == ""
    corrected = send(
        bearer(secretariat),
        "patch",
        details_url(statement),
        {"place": "Dubai", "correction_note": "The place was missing."},
    )
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["corrections"][0]["note"] == "The place was missing."
    assert Correction.objects.get(statement=statement).language == ""
    # Filing it under a topic is no correction: no note is needed.
    topic = services.topic_create(slug="rights", name="Rights", acting_user=None)
    filed = send(bearer(secretariat), "patch", details_url(statement), {"topics": [topic.slug]})
    assert filed.status_code == 200 and filed.json()["topics"] == ["rights"]


def test_a_withdrawn_statement_changes_no_more(secretariat) -> None:  # type: ignore[no-untyped-def]
    statement = make_statement(slug="gone", status=Status.WITHDRAWN)
    response = send(bearer(secretariat), "patch", details_url(statement), {"campaign": "Again"})
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "rule",
        "message": "A withdrawn statement cannot be changed.",
        "details": [{"field": "", "message": "A withdrawn statement cannot be changed."}],
    }


def test_unknown_addresses_and_bad_values_are_validation_errors_naming_the_field(  # type: ignore[no-untyped-def]
    secretariat, wages
) -> None:
    statement = make_statement(slug="checked")
    client = bearer(secretariat)
    unknown = send(client, "patch", details_url(statement), {"topics": ["wages", "no-such"]})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["code"] == "invalid"
    assert unknown.json()["error"]["details"] == [
        {
            "field": "topics",
            "message": "Select a valid choice. no-such is not one of the available choices.",
        }
    ]
    bad_date = send(client, "patch", details_url(statement), {"issued_on": "someday"})
    assert bad_date.status_code == 422 and "issued_on" in bad_date.json()["error"]["message"]
    statement.refresh_from_db()
    assert list(statement.topics.all()) == []


def test_only_the_secretariat_reads_and_changes_the_details(officer) -> None:  # type: ignore[no-untyped-def]
    statement = make_statement(slug="theirs")
    assert bearer(officer).get(details_url(statement)).status_code == 403
    change = {"place": "Elsewhere"}
    assert send(bearer(officer), "patch", details_url(statement), change).status_code == 403
    plain = bearer(make_user("Pat Plain"))
    assert send(plain, "patch", details_url(statement), change).status_code == 404
    assert send(Client(), "patch", details_url(statement), change).status_code == 401
    statement.refresh_from_db()
    assert statement.place == ""


# --- topics -----------------------------------------------------------------------------------


def test_the_secretariat_lists_topics_with_their_names_in_a_bounded_number_of_queries(  # type: ignore[no-untyped-def]
    secretariat, wages, django_assert_max_num_queries
) -> None:
    for number in range(6):
        services.topic_create(slug=f"topic-{number}", name=f"Topic {number}", acting_user=None)
    make_statement(slug="on-wages", topics=(wages,))
    client = bearer(secretariat)
    with django_assert_max_num_queries(5):
        response = client.get("/api/v1/statements/topics")
    assert response.status_code == 200
    topics = {topic["slug"]: topic for topic in response.json()}
    assert len(topics) == 7
    assert topics["wages"] == {
        "slug": "wages",
        "name": "Wages",
        "names": {"ar": "الأجور", "es": "Salarios"},
        "statement_count": 1,
    }


def test_the_secretariat_renames_a_topic_in_each_language(secretariat, wages) -> None:  # type: ignore[no-untyped-def]
    response = send(
        bearer(secretariat),
        "put",
        "/api/v1/statements/topics/wages",
        {"name": "Wages and pay", "names": {"tl": "Sahod", "es": ""}},
    )
    assert response.status_code == 200, response.content
    assert response.json()["names"] == {"tl": "Sahod"}
    wages.refresh_from_db()
    assert (wages.slug, wages.name, wages.name_in("tl"), wages.name_in("es")) == (
        "wages",
        "Wages and pay",
        "Sahod",
        "Wages and pay",
    )
    assert AuditEvent.objects.filter(action="topic.update", actor=secretariat).exists()


def test_a_topic_without_a_name_or_in_an_unknown_language_is_refused(secretariat, wages) -> None:  # type: ignore[no-untyped-def]
    client = bearer(secretariat)
    missing = send(client, "put", "/api/v1/statements/topics/wages", {"names": {"tl": "Sahod"}})
    assert missing.status_code == 422 and "name" in missing.json()["error"]["message"]
    blank = send(client, "put", "/api/v1/statements/topics/wages", {"name": "   "})
    assert blank.status_code == 422
    assert blank.json()["error"]["code"] == "rule"
    assert blank.json()["error"]["details"] == [
        {"field": "name", "message": "Give the topic a name."}
    ]
    klingon = send(
        client, "put", "/api/v1/statements/topics/wages", {"name": "Wages", "names": {"tlh": "x"}}
    )
    assert (klingon.status_code, klingon.json()["error"]["code"]) == (422, "rule")
    wages.refresh_from_db()
    assert wages.name == "Wages"


def test_only_the_secretariat_names_topics(officer, wages) -> None:  # type: ignore[no-untyped-def]
    assert bearer(officer).get("/api/v1/statements/topics").status_code == 404
    rename = {"name": "Taken over"}
    put = send(bearer(officer), "put", "/api/v1/statements/topics/wages", rename)
    assert put.status_code == 404
    coordinator = make_user("Cora", role=Role.COORDINATOR, scope=make_organization("Own"))
    assert bearer(coordinator).get("/api/v1/statements/topics").status_code == 404
    assert Client().get("/api/v1/statements/topics").status_code == 401
    wages.refresh_from_db()
    assert wages.name == "Wages"


def test_the_routes_are_in_the_openapi_document_and_topics_is_no_statement() -> None:
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/statements/topics"]
    assert "requestBody" in paths["/api/v1/statements/topics/{slug}"]["put"]
    details = paths["/api/v1/statements/{slug}/details"]
    assert "get" in details and "requestBody" in details["patch"]
    assert "topics" in services.RESERVED_SLUGS
