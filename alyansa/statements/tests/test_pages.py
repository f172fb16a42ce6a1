import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alyansa.members.services import chapter_update
from alyansa.members.testing import make_chapter
from alyansa.statements import services
from alyansa.statements.models import Occasion, Statement, Topic
from alyansa.statements.testing import make_endorsement, make_statement
from bench.phone_weight import page_weight
from conftest import client_for

pytestmark = pytest.mark.django_db
Status = Statement.Status


def long_statement():  # type: ignore[no-untyped-def]
    body = "\n\n".join(
        f"Paragraph {n}: migrant domestic workers keep whole economies running, yet they are "
        "denied rights, paid late, and threatened with deportation when they organize."
        for n in range(30)
    )
    statement = make_statement(
        title="Rights for all migrant workers",
        body=body,
        status=Status.PUBLISHED,
        translations={"ar": "حقوق لجميع العمال المهاجرين", "es": "Derechos para todos"},
        demands=tuple(f"Demand number {n}" for n in range(10)),
        open_for_endorsement=True,
        place="Hong Kong",
    )
    for n in range(40):
        make_endorsement(statement, f"Migrant Organization {n}")
    return statement


def test_a_published_statement_page_is_under_30_kb_compressed_with_its_stylesheet():
    statement = long_statement()
    weight = page_weight(Client().get(statement.get_absolute_url()).content)
    assert "site.css" in weight.assets  # with every stylesheet and script the page loads
    assert weight.total < 30 * 1024, weight.describe()


def test_the_statement_page_uses_a_fixed_number_of_queries(django_assert_max_num_queries):
    statement = long_statement()
    with django_assert_max_num_queries(12):
        response = Client().get(statement.get_absolute_url())
    assert response.status_code == 200


def test_the_page_loads_nothing_from_another_host_and_has_no_inline_script_or_style():
    statement = long_statement()
    html = Client().get(statement.get_absolute_url()).content.decode()
    assert "<script" not in html
    assert "style=" not in html and "<style" not in html
    for match in re.finditer(r'<(?:img|link|script|iframe)[^>]+(?:src|href)="([^"]+)"', html):
        url = match.group(1)
        assert not url.startswith("//")
        assert not url.startswith("http") or url.startswith("http://testserver/"), url


def test_a_visitor_reads_the_arabic_translation_right_to_left():
    statement = long_statement()
    response = Client().get(reverse("statements:detail_language", args=[statement.slug, "ar"]))
    html = response.content.decode()
    assert '<article class="statement" lang="ar" dir="rtl">' in html
    assert "حقوق لجميع العمال المهاجرين" in html
    assert 'hreflang="es"' in html


def test_the_page_follows_the_interface_language_and_falls_back_to_the_source_with_a_note():
    statement = make_statement(status=Status.PUBLISHED, translations={"ar": "بيان"})
    arabic = Client(headers={"accept-language": "ar"}).get(statement.get_absolute_url())
    assert 'lang="ar" dir="rtl"' in arabic.content.decode()
    french = Client().get(reverse("statements:detail_language", args=[statement.slug, "fr"]))
    assert "not available in your language" in french.content.decode()
    assert '<article class="statement" lang="en" dir="ltr">' in french.content.decode()


def test_an_outdated_translation_says_so_with_the_source_date(secretariat):
    statement = make_statement(status=Status.APPROVED, translations={"es": "Declaración"})
    services.statement_translation_save(
        statement=statement, language="en", acting_user=secretariat, title="Changed source"
    )
    page = client_for(secretariat).get(
        reverse("statements:detail_language", args=[statement.slug, "es"])
    )
    assert "may be out of date" in page.content.decode()


def test_a_draft_is_hidden_from_the_public_but_previewed_by_staff(secretariat):
    statement = make_statement()
    assert Client().get(statement.get_absolute_url()).status_code == 404
    preview = client_for(secretariat).get(statement.get_absolute_url())
    assert preview.status_code == 200
    assert 'name="robots" content="noindex"' in preview.content.decode()


def test_a_scheduled_statement_is_not_public_before_its_time():
    statement = make_statement(
        status=Status.PUBLISHED, published_at=timezone.now() + timezone.timedelta(days=1)
    )
    assert Client().get(statement.get_absolute_url()).status_code == 404
    assert statement.slug not in Client().get(reverse("statements:archive")).content.decode()


def test_a_withdrawn_statement_shows_why(officer):
    statement = make_statement(status=Status.PUBLISHED)
    services.statement_withdraw(
        statement=statement, acting_user=officer, note="Replaced by a new one."
    )
    html = Client().get(statement.get_absolute_url()).content.decode()
    assert "Replaced by a new one." in html
    assert statement.slug not in Client().get(reverse("statements:archive")).content.decode()


def test_the_page_has_open_graph_tags_and_share_links_that_load_nothing():
    statement = make_statement(
        status=Status.PUBLISHED, title="Open graph", translations={"ar": "بيان"}
    )
    html = Client().get(statement.get_absolute_url()).content.decode()
    assert '<meta property="og:title" content="Open graph">' in html
    assert '<meta property="og:locale:alternate" content="ar">' in html
    assert 'href="https://wa.me/?text=' in html


def test_the_archive_filters_by_year_topic_occasion_language_and_issuer(
    django_assert_max_num_queries,
):
    rights = Topic.objects.create(slug="rights", name="Rights")
    day = Occasion.objects.create(slug="migrants-day", name="International Migrants Day")
    old = make_statement(title="Old one", issued_on=date(2019, 5, 1), status=Status.PUBLISHED)
    topical = make_statement(
        title="Topical one", topics=(rights,), status=Status.PUBLISHED, occasion=day
    )
    arabic = make_statement(
        title="Translated one", translations={"ar": "مترجم"}, status=Status.PUBLISHED
    )
    joint = make_statement(
        title="Joint one",
        issuer_kind=Statement.Issuer.JOINT,
        issuer_name="A and B",
        status=Status.PUBLISHED,
    )
    client = Client()

    def titles(**params):  # type: ignore[no-untyped-def]
        html = client.get(reverse("statements:archive"), params).content.decode()
        return {
            s.translations.get(language="en").title
            for s in (old, topical, arabic, joint)
            if s.translations.get(language="en").title in html
        }

    assert titles() == {"Old one", "Topical one", "Translated one", "Joint one"}
    assert titles(year=2019) == {"Old one"}
    assert titles(topic="rights") == {"Topical one"}
    assert titles(occasion="migrants-day") == {"Topical one"}
    assert titles(issuer="joint") == {"Joint one"}
    html = client.get(reverse("statements:archive"), {"language": "ar"}).content.decode()
    assert "مترجم" in html and "Old one" not in html
    for n in range(20):
        make_statement(status=Status.PUBLISHED, translations={"ar": f"ع {n}"})
    # 15: with PostgreSQL and no Redis, the cache (facets) is a table too.
    with django_assert_max_num_queries(15):
        assert client.get(reverse("statements:archive")).status_code == 200


def test_an_old_address_redirects_to_its_statement_and_others_are_404(secretariat):
    statement = make_statement(status=Status.PUBLISHED)
    services.legacy_redirect_add(
        old_path="/2019/05/01/may-day/", translation=statement.translations.get(), acting_user=None
    )
    response = Client().get("/2019/05/01/may-day/")
    assert response.status_code == 301
    assert response["Location"] == statement.translations.get().get_absolute_url()
    assert Client().get("/2019/05/01/may-day").status_code == 301
    assert Client().get("/no/such/page/").status_code == 404
    # The catch-all keeps adding the slash for our own pages.
    assert Client().get("/statements").status_code == 301


def test_the_sitemap_lists_every_public_translation_with_alternates():
    statement = make_statement(status=Status.PUBLISHED, translations={"ar": "بيان"})
    make_statement()  # a draft
    xml = Client().get(reverse("statements:sitemap")).content.decode()
    assert xml.count("<url>") == 2
    assert 'hreflang="ar"' in xml and statement.slug in xml
    index = Client().get("/sitemap.xml").content.decode()
    assert "/statements/sitemap.xml?page=1" in index


def test_a_correction_shows_at_once_although_the_page_is_cached(secretariat):
    statement = make_statement(status=Status.PUBLISHED, title="Before")
    assert "Before" in Client().get(statement.get_absolute_url()).content.decode()
    services.statement_translation_save(
        statement=statement,
        language="en",
        acting_user=secretariat,
        title="After",
        correction_note="The title was wrong.",
    )
    html = Client().get(statement.get_absolute_url()).content.decode()
    assert "After" in html and "The title was wrong." in html


def test_a_withdrawal_shows_at_once_although_the_page_is_cached(officer):
    statement = make_statement(status=Status.PUBLISHED)
    assert Client().get(statement.get_absolute_url()).status_code == 200  # now cached
    services.statement_withdraw(statement=statement, acting_user=officer, note="Gone.")
    assert "Gone." in Client().get(statement.get_absolute_url()).content.decode()


def test_a_statement_keeps_the_name_its_chapter_had_when_it_issued_it():
    chapter = make_chapter("Hong Kong Chapter")
    old = make_statement(
        slug="old", issued_on=date(2019, 3, 8), status=Statement.Status.PUBLISHED,
        issuer_chapter=chapter,
    )  # fmt: skip
    chapter_update(
        chapter=chapter,
        changes={"name": "Hong Kong and Macau Chapter"},
        acting_user=None,
        renamed_on=date(2024, 1, 1),
    )
    new = make_statement(
        slug="new", issued_on=date(2025, 3, 8), status=Statement.Status.PUBLISHED,
        issuer_chapter=chapter,
    )  # fmt: skip
    assert Statement.objects.get(pk=old.pk).issuer_display() == "Hong Kong Chapter"
    assert Statement.objects.get(pk=new.pk).issuer_display() == "Hong Kong and Macau Chapter"
    archive = Client().get(reverse("statements:archive")).content.decode()
    assert "Hong Kong Chapter" in archive and "Hong Kong and Macau Chapter" in archive
