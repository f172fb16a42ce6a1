from datetime import datetime

import feedparser
import pytest
from django.test import Client
from django.urls import reverse

from alyansa.statements.models import Statement, Topic
from alyansa.statements.testing import make_statement

pytestmark = pytest.mark.django_db
Status = Statement.Status


@pytest.fixture
def statements():  # type: ignore[no-untyped-def]
    rights = Topic.objects.create(slug="rights", name="Rights")
    translated = make_statement(
        slug="translated",
        title="Rights now",
        status=Status.PUBLISHED,
        topics=(rights,),
        translations={"ar": "الحقوق الآن", "es": "Derechos ya"},
    )
    plain = make_statement(
        slug="plain",
        title="Only English",
        status=Status.PUBLISHED,
        issuer_kind=Statement.Issuer.JOINT,
        issuer_name="A, B",
    )
    make_statement(slug="draft", title="A draft")
    return translated, plain


def parse(name: str, **params):  # type: ignore[no-untyped-def]
    response = Client().get(reverse(f"statements:{name}"), params)
    assert response.status_code == 200
    if name == "feed_json":
        return parse_json_feed(response.json())
    feed = feedparser.parse(
        response.content, response_headers={"content-type": response["Content-Type"]}
    )
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def parse_json_feed(body):  # type: ignore[no-untyped-def]
    """feedparser 6 reads RSS and Atom only: check JSON Feed 1.1 by hand into the same shape."""
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    entries = []
    for item in body["items"]:
        published = datetime.fromisoformat(item["date_published"])
        assert published.tzinfo is not None
        entries.append(
            feedparser.FeedParserDict(
                title=item["title"],
                link=item["url"],
                published_parsed=published.timetuple(),
                language=item["language"],
                title_detail={"language": item["language"]},
            )
        )
    return feedparser.FeedParserDict(
        feed=feedparser.FeedParserDict(language=body.get("language")), entries=entries
    )


@pytest.mark.parametrize("name", ["feed_rss", "feed_atom", "feed_json"])
def test_each_feed_lists_the_published_statements_with_dates_and_links(statements, name):
    feed = parse(name)
    titles = {entry.title for entry in feed.entries}
    assert titles == {"Rights now", "Only English"}
    for entry in feed.entries:
        assert entry.published_parsed is not None
        assert entry.link.startswith("http://testserver/statements/")
        assert Client().get(entry.link.removeprefix("http://testserver")).status_code == 200


@pytest.mark.parametrize("name", ["feed_rss", "feed_atom", "feed_json"])
def test_a_language_feed_has_only_that_language_and_says_so(statements, name):
    feed = parse(name, language="ar")
    assert [entry.title for entry in feed.entries] == ["الحقوق الآن"]
    assert feed.feed.get("language") == "ar"
    assert feed.entries[0].link.endswith("/translated/ar/")


@pytest.mark.parametrize("name", ["feed_rss", "feed_atom", "feed_json"])
def test_topic_and_issuer_feeds_narrow_the_list(statements, name):
    assert [e.title for e in parse(name, topic="rights").entries] == ["Rights now"]
    assert [e.title for e in parse(name, issuer="joint").entries] == ["Only English"]


def test_the_atom_feed_links_each_translation_with_hreflang(statements):
    feed = parse("feed_atom")
    entry = next(e for e in feed.entries if e.title == "Rights now")
    alternates = {link.get("hreflang"): link.href for link in entry.links if link.get("hreflang")}
    assert set(alternates) == {"ar", "es"}
    assert alternates["ar"].endswith("/statements/translated/ar/")
    assert entry.title_detail.language == "en"


def test_the_json_feed_is_version_1_1(statements):
    body = Client().get(reverse("statements:feed_json")).json()
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    assert all(item["language"] and item["date_published"] for item in body["items"])
