from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from alyansa.core import search
from alyansa.statements import selectors, services
from alyansa.statements.models import Statement, Topic
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


EVERY_STATEMENT = {"rice-or-wheat", "rice", "wheat", "near-border", "border", "wages-and"}
EVERY_STATEMENT |= {"wages", "drop-table", "umlaut", "uber"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Read as operators, these would also find "rice" and "wheat", "border", "wages",
        # "uber": read as words, every word must be in the statement.
        ("rice OR wheat", {"rice-or-wheat"}),
        ("NEAR(border migrants)", {"near-border"}),
        ("wages AND (", {"wages-and"}),
        ("'; DROP TABLE", {"drop-table"}),
        ("ü:*", {"umlaut"}),
        # No word at all: the archive is not narrowed.
        ('"', EVERY_STATEMENT),
        ("*", EVERY_STATEMENT),
        ("-", EVERY_STATEMENT),
    ],
)
def test_search_treats_operators_and_quotes_as_plain_text(query, expected):
    for slug, title in [
        ("rice-or-wheat", "Rice or wheat, the choice of the poor"),
        ("rice", "Rice harvest"),
        ("wheat", "Wheat harvest"),
        ("near-border", "Migrants wait near the border"),
        ("border", "Border migrants"),
        ("wages-and", "Wages and dignity"),
        ("wages", "Wages first"),
        ("drop-table", "Drop the table of recruitment fees"),
        ("umlaut", "The letter ü in names"),
        ("uber", "über alles, never"),
    ]:
        make_statement(slug=slug, title=title, status=Status.PUBLISHED)
    assert found(query) == expected
    assert found("harvest") == {"rice", "wheat"}  # the index answers after the query


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


def archive_slugs(query: str, page: int = 1, **filters: Any) -> tuple[list[str], int]:
    paginator = selectors.ArchivePaginator(selectors.ArchiveFilters(query=query, **filters))
    return [s.slug for s in paginator.get_page(page)], paginator.count


def test_a_search_pages_newest_first_across_reads_of_the_index(monkeypatch):
    # Small reads of the index, so that one page needs several, with drafts in between.
    monkeypatch.setattr(search, "CHUNK", 7)
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(36)]
    for day in days:
        make_statement(
            slug=f"water-{day:%m%d}",
            title="Water is a right",
            issued_on=day,
            status=Status.PUBLISHED if day.day % 3 else Status.DRAFT,
        )
    published = [f"water-{day:%m%d}" for day in reversed(days) if day.day % 3]
    first, count = archive_slugs("water")
    second, _count = archive_slugs("water", page=2)
    assert count == len(published) == 25
    assert first == published[:20] and second == published[20:]
    assert archive_slugs("water", year=2026)[0] == published[:20]
    assert archive_slugs("water", year=2025) == ([], 0)


def test_a_search_that_matches_more_than_the_cap_says_so(monkeypatch):
    monkeypatch.setattr(selectors, "SEARCH_COUNT_CAP", 4)
    for n in range(7):
        make_statement(title=f"Remittance story {n}", status=Status.PUBLISHED)
    paginator = selectors.ArchivePaginator(selectors.ArchiveFilters(query="remittance"))
    assert paginator.count == 5 and paginator.more_than_cap
    html = Client().get(reverse("statements:archive"), {"q": "remittance"}).content.decode()
    assert "More than 4 statements: add words" in html


def test_changing_a_statements_date_moves_it_in_the_results(secretariat):
    older = make_statement(
        slug="older", title="Harvest wages", issued_on=date(2020, 1, 1), status=Status.PUBLISHED
    )
    make_statement(
        slug="newer", title="Harvest wages", issued_on=date(2024, 1, 1), status=Status.PUBLISHED
    )
    assert archive_slugs("harvest")[0] == ["newer", "older"]
    # A draft's date can change without a public correction note.
    Statement.objects.filter(pk=older.pk).update(status=Status.DRAFT)
    services.statement_update(statement=older, acting_user=secretariat, issued_on=date(2025, 1, 1))
    Statement.objects.filter(pk=older.pk).update(status=Status.PUBLISHED)
    assert archive_slugs("harvest")[0] == ["older", "newer"]
    assert found("harvest") == {"older", "newer"}


def test_a_selective_filter_with_a_frequent_word_still_finds_every_match(monkeypatch):
    monkeypatch.setattr(search, "CHUNK", 5)
    topic = Topic.objects.create(slug="fisheries", name="Fisheries")
    for n in range(12):
        make_statement(
            slug=f"sea-{n}",
            title="The sea",
            status=Status.PUBLISHED,
            topics=(topic,) if n in (2, 9) else (),
        )
    slugs, count = archive_slugs("sea", topic="fisheries")
    assert count == 2 and set(slugs) == {"sea-2", "sea-9"}


def test_search_ignores_arabic_vowel_marks_and_finds_indic_words():
    make_statement(slug="arabic", title="كَتَبَ العُمّالُ بَيانًا", status=Status.PUBLISHED)
    make_statement(slug="hindi", title="मज़दूरों की किताब", status=Status.PUBLISHED)
    assert found("كتب") == {"arabic"}
    assert found("العمال") == {"arabic"}
    assert found("كَتَبَ") == {"arabic"}
    assert found("किताब") == {"hindi"}
    assert found("मज़दूरों किताब") == {"hindi"}


def test_migrate_refills_an_emptied_index():
    make_statement(slug="refilled", title="Refilled after migrate", status=Status.PUBLISHED)
    services.SEARCH_INDEX.clear()
    call_command("migrate", verbosity=0)
    assert found("refilled") == {"refilled"}
