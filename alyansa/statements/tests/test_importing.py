import zipfile
from pathlib import Path

import pytest
from django.test import Client

from alyansa.statements import services
from alyansa.statements.importing import html_to_markdown
from alyansa.statements.models import LegacyRedirect, Statement, Topic
from alyansa.statements.services import import_file

pytestmark = pytest.mark.django_db
# ruff: noqa: E501 - the sample export keeps its lines as WordPress writes them

WXR = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old site</title>
<item><title>May Day 2019: Workers Unite</title><link>https://old.example.org/2019/05/01/may-day/</link>
<content:encoded><![CDATA[<p>We march <strong>together</strong>.</p><ol><li>Living wages</li><li>No deportations</li></ol>]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>11</wp:post_id><wp:post_date_gmt>2019-05-01 08:00:00</wp:post_date_gmt>
<wp:post_name>may-day</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="labour-rights"><![CDATA[Labour rights]]></category>
<category domain="language" nicename="en"><![CDATA[English]]></category>
<category domain="post_translations" nicename="pll_5cc9"><![CDATA[pll_5cc9]]></category>
</item>
<item><title>A page, not a post</title><wp:post_type>page</wp:post_type><wp:status>publish</wp:status></item>
<item><title></title><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item>
<item><title>عيد العمال ٢٠١٩</title><link>https://old.example.org/ar/2019/05/01/may-day-ar/</link>
<content:encoded><![CDATA[<p>نسير معا.</p>]]></content:encoded>
<wp:post_id>12</wp:post_id><wp:post_date_gmt>2019-05-01 09:00:00</wp:post_date_gmt>
<wp:post_name>may-day-ar</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="language" nicename="ar"><![CDATA[Arabic]]></category>
<category domain="post_translations" nicename="pll_5cc9"><![CDATA[pll_5cc9]]></category>
</item>
<item><title>WPML post</title><link>https://old.example.org/?p=13</link>
<content:encoded><![CDATA[Plain text

second paragraph]]></content:encoded>
<wp:post_id>13</wp:post_id><wp:post_date>2020-12-18 10:00:00</wp:post_date>
<wp:post_name>wpml-post</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<wp:postmeta><wp:meta_key>_wpml_language</wp:meta_key><wp:meta_value>es</wp:meta_value></wp:postmeta>
</item>
<item><title>Bad date</title><wp:post_date_gmt>yesterday</wp:post_date_gmt><wp:post_date>soon</wp:post_date>
<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>
</channel></rss>
"""


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "export.xml"
    path.write_text(WXR, encoding="utf-8")
    return path


def test_a_dry_run_reports_what_it_would_create_and_what_it_cannot_read(export):
    report = import_file(export, acting_user=None, dry_run=True)
    assert (report.statements, report.translations, report.redirects) == (2, 1, 3)
    assert report.skipped == 1
    assert [message for _where, message in report.problems] == [
        "it has no title",
        "its date cannot be read",
    ]
    assert not Statement.objects.exists() and not Topic.objects.exists()
    assert "Dry run" in report.lines()[0]


def test_posts_become_published_statements_with_translations_topics_and_redirects(export):
    report = import_file(export, acting_user=None, dry_run=False)
    assert report.statements == 2
    may_day = Statement.objects.get(slug="may-day")
    assert may_day.is_public() and may_day.issued_on.isoformat() == "2019-05-01"
    assert sorted(may_day.translations.values_list("language", flat=True)) == ["ar", "en"]
    assert list(may_day.topics.values_list("slug", flat=True)) == ["labour-rights"]
    english = may_day.translations.get(language="en")
    assert "We march **together**." in english.body and "1. Living wages" in english.body
    response = Client().get("/2019/05/01/may-day/")
    assert response.status_code == 301 and response["Location"] == "/statements/may-day/en/"
    assert Client().get("/ar/2019/05/01/may-day-ar/")["Location"] == "/statements/may-day/ar/"
    assert Statement.objects.get(slug="wpml-post").source_language == "es"
    assert LegacyRedirect.objects.filter(old_path="/?p=13").exists()


def test_importing_twice_does_not_overwrite_the_first_statements(export):
    import_file(export, acting_user=None, dry_run=False)
    import_file(export, acting_user=None, dry_run=False)
    assert Statement.objects.filter(slug__startswith="may-day").count() == 2


def test_a_broken_file_keeps_what_was_read_and_says_where_it_broke(tmp_path):
    path = tmp_path / "broken.xml"
    path.write_text(WXR[: WXR.index("<item><title>WPML")] + "<item><title>cut", encoding="utf-8")
    report = import_file(path, acting_user=None, dry_run=False)
    assert report.statements == 1
    assert "not well-formed" in report.problems[-1][1]


def test_markdown_files_with_front_matter(tmp_path):
    (tmp_path / "day.md").write_text(
        "---\ntitle: Migrants Day\ndate: 2021-12-18\ntopics: [Rights, Labour]\n---\nWe **stand**.\n",
        encoding="utf-8",
    )
    (tmp_path / "day-ar.md").write_text(
        "---\ntitle: يوم المهاجرين\ndate: 2021-12-18\nlanguage: ar\ntranslation_of: day\n---\nنقف.\n",
        encoding="utf-8",
    )
    (tmp_path / "broken.md").write_text("---\ndate: 2021-01-01\n---\nno title\n", encoding="utf-8")
    report = import_file(tmp_path, acting_user=None, dry_run=False)
    assert (report.statements, report.translations) == (1, 1)
    assert report.problems == [("broken.md", "it has no title in its front matter")]
    statement = Statement.objects.get(slug="day")
    assert sorted(statement.translations.values_list("language", flat=True)) == ["ar", "en"]
    assert sorted(statement.topics.values_list("slug", flat=True)) == ["labour", "rights"]


def test_html_becomes_markdown():
    assert html_to_markdown("<h2>Title</h2><p>A <em>b</em> <a href='https://x.org'>c</a></p>") == (
        "## Title\n\nA *b* [c](https://x.org)"
    )


def test_a_zip_of_markdown_files_and_files_it_cannot_read(tmp_path):
    path = tmp_path / "posts.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "posts/day.md", "---\ntitle: Migrants Day\ndate: 2021-12-18\n---\nWe stand.\n"
        )
        archive.writestr("posts/latin1.md", "---\ntitle: Caf\xe9\n---\n".encode("latin-1"))
    report = import_file(path, acting_user=None, dry_run=False)
    assert report.statements == 1
    assert report.problems == [("posts/latin1.md", "it is not UTF-8 text")]


def test_a_dry_run_names_only_the_topics_it_would_make(export):
    services.topic_create(slug="labour-rights", name="Labour rights", acting_user=None)
    report = import_file(export, acting_user=None, dry_run=True)
    assert report.topics == {"labour-rights"} and report.new_topics == {}
    assert report.examples[0][:3] == ("statement", "/statements/may-day/en/", "en")
    assert report.examples[1][:2] == ("translation", "/statements/may-day/ar/")


def test_a_dry_run_gives_the_addresses_the_import_would_give(export):
    import_file(export, acting_user=None, dry_run=False)
    report = import_file(export, acting_user=None, dry_run=True)
    assert report.examples[0][1] == "/statements/may-day-2/en/"
    import_file(export, acting_user=None, dry_run=False)
    assert Statement.objects.filter(slug="may-day-2").exists()
