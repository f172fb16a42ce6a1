import json

import pytest
from django.test import Client

from alyansa.accounts.testing import make_token
from alyansa.statements.models import Statement
from alyansa.statements.testing import make_statement

pytestmark = pytest.mark.django_db
Status = Statement.Status


def bearer(user):  # type: ignore[no-untyped-def]
    secret = make_token(user)
    client = Client(headers={"authorization": f"Bearer {secret}"})
    return client


def test_anyone_reads_published_statements_and_never_drafts():
    make_statement(slug="public", status=Status.PUBLISHED, translations={"ar": "بيان"})
    make_statement(slug="draft")
    listed = Client().get("/api/v1/statements/").json()
    assert [item["slug"] for item in listed["items"]] == ["public"]
    detail = Client().get("/api/v1/statements/public").json()
    assert {t["language"] for t in detail["translations"]} == {"en", "ar"}
    assert Client().get("/api/v1/statements/draft").status_code == 404


def test_the_api_searches_and_filters():
    make_statement(slug="kafala", title="End kafala", status=Status.PUBLISHED)
    make_statement(slug="other", title="Other", status=Status.PUBLISHED)
    listed = Client().get("/api/v1/statements/", {"q": "kafala"}).json()
    assert [item["slug"] for item in listed["items"]] == ["kafala"]


def test_the_secretariat_and_an_officer_run_the_workflow_with_tokens(secretariat, officer):
    staff = bearer(secretariat)
    created = staff.post(
        "/api/v1/statements/",
        json.dumps(
            {
                "slug": "via-api",
                "source_language": "en",
                "title": "Via the API",
                "issued_on": "2026-12-18",
                "demands": ["One", "Two"],
            }
        ),
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    arabic = staff.put(
        "/api/v1/statements/via-api/translations/ar",
        json.dumps({"title": "عبر الواجهة"}),
        content_type="application/json",
    )
    assert arabic.status_code == 200 and arabic.json()["language"] == "ar"
    assert staff.post("/api/v1/statements/via-api/submit").json()["status"] == "in_review"
    # The secretariat may not approve: that is an officer's decision.
    assert staff.post("/api/v1/statements/via-api/approve").status_code == 403
    assert bearer(officer).post("/api/v1/statements/via-api/approve").json()["status"] == "approved"
    published = staff.post(
        "/api/v1/statements/via-api/publish", "{}", content_type="application/json"
    )
    assert published.json()["status"] == "published"
    assert Client().get("/api/v1/statements/via-api").status_code == 200


def test_bad_input_gets_a_clear_error_not_a_stack_trace(secretariat):
    response = bearer(secretariat).post(
        "/api/v1/statements/", json.dumps({"slug": "x"}), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["error"]["message"]


def test_a_statement_in_a_language_the_site_does_not_have_is_refused(secretariat):
    # Found by the API fuzzer: an empty language was stored, then its address could not be made.
    client = bearer(secretariat)
    draft = {"slug": "on-wages", "title": "On wages", "issued_on": "2024-05-01"}
    for language in ("", "xx"):
        response = client.post(
            "/api/v1/statements/",
            json.dumps({**draft, "source_language": language}),
            content_type="application/json",
        )
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["field"] == "source_language"
    assert not Statement.objects.exists()
    created = client.post(
        "/api/v1/statements/",
        json.dumps({**draft, "source_language": "tl"}),
        content_type="application/json",
    )
    assert created.status_code == 201
    translation = client.put(
        "/api/v1/statements/on-wages/translations/xx",
        json.dumps({"title": "On wages"}),
        content_type="application/json",
    )
    assert translation.status_code == 422
