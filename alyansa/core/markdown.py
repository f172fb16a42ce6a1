"""User-written Markdown to safe HTML: markdown-it-py renders, nh3 keeps only what we allow.

Raw HTML in the source is shown as text, never rendered. Images are kept only when they are
served from our own host (MEDIA_URL or STATIC_URL): a page must not load anything from
elsewhere. Links keep their address and get rel="nofollow noopener noreferrer".
"""

from __future__ import annotations

import re
from functools import lru_cache

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

_IMG_WITHOUT_SRC = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")
ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "s",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # "html": False — raw HTML is escaped by the renderer itself, before nh3 sees it.
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(
        ["table", "strikethrough"]
    )


def _own_host(url: str) -> bool:
    prefixes = tuple(p for p in (settings.MEDIA_URL, settings.STATIC_URL) if p)
    return url.startswith(prefixes) and not url.startswith("//")


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _own_host(value):
        return None
    return value


def render_markdown(text: str) -> SafeString:
    """Markdown to sanitized HTML, safe to put in a template as it is."""
    html = _parser().render(text or "")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
    # An <img> whose src was dropped would show a broken picture: drop it entirely.
    clean = _IMG_WITHOUT_SRC.sub("", clean)
    return mark_safe(clean)  # noqa: S308 - sanitized by nh3 just above


def markdown_to_text(text: str) -> str:
    """Plain text of Markdown (for search, feeds' summaries and descriptions)."""
    return nh3.clean(_parser().render(text or ""), tags=set()).strip()
