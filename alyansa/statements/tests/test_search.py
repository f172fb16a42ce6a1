import pytest
from django.test import Client
from django.urls import reverse

from alyansa.statements import selectors, services
from alyansa.statements.models import Statement
from alyansa.statements.testing import make_statement

pytestmark = pytest.mark.django_db
Status = Statement.Status


def found(query: str) -> set[str]:
    filters = selectors.ArchiveFilters(query=query)
    return set(selectors.statements_public(filters).values_list("slug", flat=True))


def test_search_finds_statements_by_words_in_any_of_their_languages():
    make_statement(
        slug="domestic",
        title="Domestic workers are workers",
        status=Status.PUBLISHED,
        translations={"ar": "العمال المنزليون عمال", "es": "Las trabajadoras del hogar"},
    )
    make_statement(slug="seafarers", title="Seafarers deserve shore leave", status=Status.PUBLISHED)
    assert found("domestic") == {"domestic"}
    assert found("DOMESTIC Workers") == {"domestic"}
    assert found("المنزليون") == {"domestic"}
    assert found("trabajadoras hogar") == {"domestic"}
    assert found("seafarers leave") == {"seafarers"}
    assert found("seafarers domestic") == set()


def test_search_never_shows_a_draft_or_a_scheduled_statement():
    make_statement(slug="secret-draft", title="Unpublished plans")
    assert found("unpublished") == set()


def test_search_follows_edits_of_the_text(secretariat):
    statement = make_statement(slug="edited", title="Old words", status=Status.APPROVED)
    services.statement_translation_save(
        statement=statement, language="en", acting_user=secretariat, title="Fresh words"
    )
    Statement.objects.filter(pk=statement.pk).update(
        status=Status.PUBLISHED, published_at=statement.created_at
    )
    assert found("fresh") == {"edited"}
    assert found("old") == set()


@pytest.mark.parametrize(
    "query", ['"', "a OR b", "NEAR(x y)", "*", "-", "x AND (", "'; DROP TABLE", "ü:*"]
)
def test_search_treats_operators_and_quotes_as_plain_text(query):
    make_statement(title="Plain", status=Status.PUBLISHED)
    found(query)  # no error on either database


def test_search_matches_the_body_and_the_demands():
    make_statement(
        slug="body",
        title="Title",
        body="Abolish the **kafala** system.",
        demands=("Ratify convention 189",),
        status=Status.PUBLISHED,
    )
    assert found("kafala") == {"body"}
    assert found("convention 189") == {"body"}


def test_the_archive_page_searches():
    make_statement(title="Remittances are not charity", status=Status.PUBLISHED)
    make_statement(title="Something else", status=Status.PUBLISHED)
    html = Client().get(reverse("statements:archive"), {"q": "remittances"}).content.decode()
    assert "Remittances are not charity" in html and "Something else" not in html


def test_the_index_can_be_rebuilt_after_a_restore():
    make_statement(slug="kept", title="Kept after restore", status=Status.PUBLISHED)
    services.SEARCH_INDEX.clear()
    assert found("restore") == set()
    assert services.search_index_rebuild() == 1
    assert found("restore") == {"kept"}
