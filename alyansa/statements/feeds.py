"""Feeds of published statements: RSS 2.0, Atom (translations as hreflang alternates) and JSON
Feed 1.1; for all statements, per language (?language=), per topic (?topic=), per issuer
(?issuer=), per occasion (?occasion=). And the sitemap, with each translation as an
alternate."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import feedgenerator
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from alyansa.core.markdown import markdown_to_text, render_markdown
from alyansa.statements import selectors
from alyansa.statements.models import Statement, StatementTranslation

FEED_ITEMS = 30
SITEMAP_PAGE = 5000


def _params(request: HttpRequest) -> dict[str, str]:
    return {
        "language": request.GET.get("language", "")[:10],
        "topic": request.GET.get("topic", "")[:80],
        "issuer": request.GET.get("issuer", "")[:40],
        "occasion": request.GET.get("occasion", "")[:80],
    }


def _title(params: dict[str, str]) -> str:
    title = _("%(site)s: statements") % {"site": settings.ALYANSA_SITE_NAME}
    extra = [value for value in params.values() if value]
    return f"{title} ({', '.join(extra)})" if extra else title


def _content_html(translation: StatementTranslation) -> str:
    html = str(render_markdown(translation.body))
    if translation.demands:
        items = "".join(f"<li>{render_markdown(d)}</li>" for d in translation.demands)
        html += f"<ol>{items}</ol>"
    return html


def _summary(translation: StatementTranslation) -> str:
    text = translation.subtitle or markdown_to_text(translation.body)
    return text[:300]


class StatementAtomFeed(feedgenerator.Atom1Feed):
    """Atom with each entry's language and its translations as rel=alternate hreflang links."""

    def item_attributes(self, item: dict[str, Any]) -> dict[str, str]:
        return {"xml:lang": item["language"]} if item.get("language") else {}

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        # The translations first: readers that keep one alternate link keep the last, the entry's.
        for language, url in item.get("alternates", []):
            handler.addQuickElement(
                "link", "", {"rel": "alternate", "hreflang": language, "href": url}
            )
        super().add_item_elements(handler, item)


def _items(request: HttpRequest) -> tuple[dict[str, str], list[dict[str, Any]]]:
    params = _params(request)
    items = []
    for statement, shown, translations in selectors.feed_items(limit=FEED_ITEMS, **params):
        url = request.build_absolute_uri(shown.get_absolute_url())
        items.append(
            {
                "statement": statement,
                "translation": shown,
                "url": url,
                "language": shown.language,
                "alternates": [
                    (t.language, request.build_absolute_uri(t.get_absolute_url()))
                    for t in translations
                    if t.language != shown.language
                ],
                # Each entry's categories in the entry's own language: its topics, then the
                # occasion it was issued on.
                "categories": [t.name_in(shown.language) for t in statement.topics.all()]
                + ([statement.occasion.name_in(shown.language)] if statement.occasion else []),
            }
        )
    return params, items


def _feed(
    request: HttpRequest, generator: type[feedgenerator.SyndicationFeed], kind: str
) -> HttpResponse:
    params, items = _items(request)
    query = urlencode({k: v for k, v in params.items() if v})
    feed = generator(
        title=_title(params),
        link=request.build_absolute_uri(reverse("statements:archive"))
        + (f"?{query}" if query else ""),
        description=_("Statements of the alliance, newest first."),
        language=params["language"] or None,
        feed_url=request.build_absolute_uri(),
    )
    for item in items:
        translation = item["translation"]
        statement: Statement = item["statement"]
        feed.add_item(
            title=translation.title,
            link=item["url"],
            description=_content_html(translation) if kind == "atom" else _summary(translation),
            pubdate=statement.published_at,
            updateddate=translation.updated_at,
            unique_id=item["url"],
            categories=item["categories"],
            language=item["language"],
            alternates=item["alternates"],
            content=_content_html(translation),
        )
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return response


class StatementRssFeed(feedgenerator.Rss201rev2Feed):
    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, item)


@require_GET
def feed_rss(request: HttpRequest) -> HttpResponse:
    return _feed(request, StatementRssFeed, "rss")


@require_GET
def feed_atom(request: HttpRequest) -> HttpResponse:
    return _feed(request, StatementAtomFeed, "atom")


@require_GET
def feed_json(request: HttpRequest) -> HttpResponse:
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1)."""
    params, items = _items(request)
    query = urlencode({k: v for k, v in params.items() if v})
    body: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _title(params),
        "home_page_url": request.build_absolute_uri(reverse("statements:archive"))
        + (f"?{query}" if query else ""),
        "feed_url": request.build_absolute_uri(),
        "description": _("Statements of the alliance, newest first."),
        "items": [],
    }
    if params["language"]:
        body["language"] = params["language"]
    for item in items:
        translation = item["translation"]
        statement = item["statement"]
        body["items"].append(
            {
                "id": item["url"],
                "url": item["url"],
                "title": translation.title,
                "summary": _summary(translation),
                "content_html": _content_html(translation),
                "date_published": statement.published_at.isoformat(),
                "date_modified": translation.updated_at.isoformat(),
                "language": translation.language,
                "tags": item["categories"],
            }
        )
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/feed+json; charset=utf-8"
    )


@require_GET
def sitemap(request: HttpRequest) -> HttpResponse:
    """Every public translation, with the others as hreflang alternates (5,000 statements a
    page; /sitemap.xml lists the pages)."""
    page = request.GET.get("page", "1")
    number = int(page) if page.isdigit() and int(page) > 0 else 1
    statements = selectors.with_translations(Statement.objects.published().order_by("id"))[
        (number - 1) * SITEMAP_PAGE : number * SITEMAP_PAGE
    ]
    urls = []
    for statement in statements:
        translations = list(statement.translations.all())
        links = [
            (t.language, request.build_absolute_uri(t.get_absolute_url())) for t in translations
        ]
        for translation, (_language, url) in zip(translations, links, strict=True):
            urls.append({"loc": url, "lastmod": translation.updated_at, "alternates": links})
    xml = render_to_string("statements/sitemap.xml", {"urls": urls})
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


@require_GET
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """/sitemap.xml: the index of the site's sitemaps (statements for now)."""
    count = Statement.objects.published().count()
    pages = max(1, -(-count // SITEMAP_PAGE))
    base = request.build_absolute_uri(reverse("statements:sitemap"))
    locations = [f"{base}?page={n}" for n in range(1, pages + 1)]
    xml = render_to_string("statements/sitemap_index.xml", {"locations": locations})
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")
