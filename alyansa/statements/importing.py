"""Importing statements from an existing site: a WordPress export (WXR) or Markdown files with
front matter.

The WXR file is read as a stream (ElementTree.iterparse, each <item> cleared once read), so a
large export never has to fit in memory. Translations are linked when the export says so:
Polylang's `language` and `post_translations` terms, or WPML-style post meta
(`_wpml_language` / `_icl_lang_code`, and `_wpml_translation_group` / `_icl_trid`).
A dry run does all the work in a transaction that is rolled back, so its report is exactly what
the real run would do.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from alyansa.statements import services
from alyansa.statements.models import Statement, StatementTranslation

NS = {
    "content": "http://purl.org/rss/1.0/modules/content/",
    "excerpt": "http://wordpress.org/export/1.2/excerpt/",
    "dc": "http://purl.org/dc/elements/1.1/",
}
WP_NAMESPACES = [f"http://wordpress.org/export/{v}/" for v in ("1.2", "1.1", "1.0")]
LANGUAGE_META = {"_wpml_language", "_icl_lang_code", "wpml_language"}
GROUP_META = {"_wpml_translation_group", "_icl_trid", "_icl_translation_of"}


@dataclass
class ImportItem:
    where: str
    title: str
    slug: str
    body: str
    excerpt: str
    published: datetime
    language: str
    group: str
    link: str
    post_id: str
    topics: list[tuple[str, str]]  # (slug, name)


@dataclass
class ImportReport:
    dry_run: bool
    statements: int = 0
    translations: int = 0
    topics: set[str] = field(default_factory=set)
    redirects: int = 0
    skipped: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = "Dry run: nothing was saved. It would create" if self.dry_run else "Created"
        lines = [
            f"{head} {self.statements} statements, {self.translations} translations, "
            f"{len(self.topics)} topics and {self.redirects} redirects.",
            f"Skipped {self.skipped} items that are not published posts.",
        ]
        lines += [f"Cannot read {where}: {message}" for where, message in self.problems]
        return lines


# --- HTML to Markdown (what WordPress posts use) ---------------------------------------------


class _ToMarkdown(HTMLParser):
    BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "figure"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list[int]] = []
        self.href: list[str] = []
        self.quote = 0

    def _newline(self, count: int = 2) -> None:
        self.out.append("\n" * count + ("> " * self.quote))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self._newline()
            self.out.append("#" * max(2, int(tag[1])) + " ")
        elif tag == "blockquote":
            self.quote += 1
            self._newline()
        elif tag in self.BLOCKS:
            self._newline()
            if tag in {"ul", "ol"}:
                self.lists.append([0 if tag == "ol" else -1])
        elif tag == "li":
            self._newline(1)
            depth = "  " * max(0, len(self.lists) - 1)
            if self.lists and self.lists[-1][0] >= 0:
                self.lists[-1][0] += 1
                self.out.append(f"{depth}{self.lists[-1][0]}. ")
            else:
                self.out.append(f"{depth}- ")
        elif tag == "br":
            self.out.append("  \n")
        elif tag in {"strong", "b"}:
            self.out.append("**")
        elif tag in {"em", "i"}:
            self.out.append("*")
        elif tag == "a":
            self.href.append(values.get("href") or "")
            self.out.append("[")
        elif tag == "img" and values.get("src"):
            # Kept as a link: pictures from the old host are not loaded by our pages.
            self.out.append(f"[{values.get('alt') or 'image'}]({values['src']})")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"strong", "b"}:
            self.out.append("**")
        elif tag in {"em", "i"}:
            self.out.append("*")
        elif tag == "a" and self.href:
            self.out.append(f"]({self.href.pop()})")
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
            self._newline()
        elif tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
            self._newline()
        elif tag in self.BLOCKS:
            self._newline()

    def handle_data(self, data: str) -> None:
        self.out.append(re.sub(r"\s+", " ", data))


def html_to_markdown(html: str) -> str:
    if "<" not in html:
        # WordPress without blocks: blank lines are paragraphs already.
        return html.strip()
    parser = _ToMarkdown()
    parser.feed(html.replace("\r\n", "\n"))
    parser.close()
    text = "".join(parser.out)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- reading WXR ------------------------------------------------------------------------------


def _wp(element: ET.Element, name: str) -> str:
    for namespace in WP_NAMESPACES:
        found = element.find(f"{{{namespace}}}{name}")
        if found is not None:
            return found.text or ""
    return ""


def _wp_all(element: ET.Element, name: str) -> list[ET.Element]:
    for namespace in WP_NAMESPACES:
        found = element.findall(f"{{{namespace}}}{name}")
        if found:
            return found
    return []


def _date(item: ET.Element) -> datetime:
    gmt = _wp(item, "post_date_gmt").strip()
    if gmt and not gmt.startswith("0000"):
        return datetime.fromisoformat(gmt).replace(tzinfo=UTC)
    local = _wp(item, "post_date").strip()
    if local and not local.startswith("0000"):
        return timezone.make_aware(datetime.fromisoformat(local))
    return parsedate_to_datetime(item.findtext("pubDate") or "")


def _read_item(item: ET.Element, number: int, default_language: str) -> ImportItem | str | None:
    """An ImportItem, None for what is not a published post, or the reason it cannot be read."""
    if (_wp(item, "post_type") or "post") != "post" or (
        _wp(item, "status") or "publish"
    ) != "publish":
        return None
    title = (item.findtext("title") or "").strip()
    if not title:
        return "it has no title"
    try:
        published = _date(item)
    except (ValueError, TypeError):
        return "its date cannot be read"
    language, group, topics = "", "", []
    for category in item.findall("category"):
        domain, nicename = category.get("domain", ""), category.get("nicename", "")
        if domain == "category" and nicename != "uncategorized":
            topics.append(
                (nicename or slugify(category.text or ""), (category.text or nicename).strip())
            )
        elif domain == "language":
            language = nicename
        elif domain == "post_translations":
            group = nicename
    for meta in _wp_all(item, "postmeta"):
        key, value = _wp(meta, "meta_key"), _wp(meta, "meta_value").strip()
        if key in LANGUAGE_META and value:
            language = value
        elif key in GROUP_META and value:
            group = f"wpml-{value}"
    return ImportItem(
        where=f"item {number} ({title[:60]})",
        title=title[:300],
        slug=slugify(_wp(item, "post_name") or title)[:100] or f"post-{_wp(item, 'post_id')}",
        body=html_to_markdown(item.findtext("content:encoded", "", NS)),
        excerpt=html_to_markdown(item.findtext("excerpt:encoded", "", NS))[:500],
        published=published,
        language=(language or default_language).lower()[:10],
        group=group,
        link=(item.findtext("link") or "").strip(),
        post_id=_wp(item, "post_id"),
        topics=[(slug[:80], name[:120]) for slug, name in topics if slug],
    )


def read_wxr(
    source: str | Path | IO[bytes], *, default_language: str = "en"
) -> Iterator[ImportItem | tuple[str, str] | None]:
    """Yield each <item> of a WXR export as it is read: an ImportItem, None (not a published
    post), or (where, problem). A broken file ends with its problem; what came before stays."""
    number = 0
    try:
        # ElementTree never fetches external entities or DTDs, and expat >= 2.4 caps entity
        # expansion ("billion laughs"); the file comes from the secretariat, not the public.
        for _event, element in ET.iterparse(source, events=("end",)):  # noqa: S314
            if element.tag != "item":
                continue
            number += 1
            result = _read_item(element, number, default_language)
            element.clear()  # the item is read: free it (and its text) at once
            if isinstance(result, str):
                yield (f"item {number}", result)
            else:
                yield result
    except ET.ParseError as error:
        yield (f"the file after item {number}", f"it is not well-formed XML ({error})")


# --- reading Markdown with front matter ------------------------------------------------------


def _front_matter_value(raw: str) -> Any:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        return [part.strip().strip("'\"") for part in raw[1:-1].split(",") if part.strip()]
    return raw.strip("'\"")


def read_markdown_file(path: Path, *, default_language: str = "en") -> ImportItem | tuple[str, str]:
    """One statement per file: front matter (title, date, slug, language, topics,
    translation_of, subtitle) between '---' lines, then the Markdown text."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, Any] = {}
    if text.startswith("---"):
        _start, _sep, rest = text.partition("\n")
        head, sep, body = rest.partition("\n---")
        if not sep:
            return (path.name, "its front matter has no closing '---'")
        for line in head.splitlines():
            key, colon, value = line.partition(":")
            if colon and key.strip():
                meta[key.strip().lower()] = _front_matter_value(value)
        text = body.partition("\n")[2]
    title = str(meta.get("title", "")).strip()
    if not title:
        return (path.name, "it has no title in its front matter")
    try:
        day = date.fromisoformat(str(meta.get("date", ""))[:10])
    except ValueError:
        return (path.name, "its date is missing or not YYYY-MM-DD")
    topics = meta.get("topics") or meta.get("tags") or []
    if isinstance(topics, str):
        topics = [topics]
    slug = slugify(str(meta.get("slug") or path.stem))[:100]
    return ImportItem(
        where=path.name,
        title=title[:300],
        slug=slug,
        body=text.strip(),
        excerpt=str(meta.get("subtitle", ""))[:500],
        published=timezone.make_aware(datetime.combine(day, datetime.min.time())),
        language=str(meta.get("language") or default_language).lower()[:10],
        group=str(meta.get("translation_of") or slug),
        link="",
        post_id="",
        topics=[(slugify(t)[:80], t[:120]) for t in topics if slugify(t)],
    )


# --- writing ----------------------------------------------------------------------------------


def _free_slug(slug: str) -> str:
    candidate, number = slug, 1
    while candidate in services.RESERVED_SLUGS or Statement.objects.filter(slug=candidate).exists():
        number += 1
        candidate = f"{slug}-{number}"[:120]
    return candidate


def run_import(
    items: Iterable[ImportItem | tuple[str, str] | None], *, acting_user: Any, dry_run: bool
) -> ImportReport:
    """Create published statements from `items`; translations join their group's statement.

    Each statement is its own transaction (a bad item never undoes the good ones); a dry run
    wraps everything in one transaction that is rolled back.
    """
    report = ImportReport(dry_run=dry_run)
    groups: dict[str, int] = {}  # translation group → statement id (small: ints only)
    with transaction.atomic():
        for item in items:
            if item is None:
                report.skipped += 1
            elif isinstance(item, tuple):
                report.problems.append(item)
            else:
                try:
                    with transaction.atomic():
                        _import_one(item, groups, report, acting_user)
                except Exception as error:  # reported, never a stack trace for one bad post
                    report.problems.append((item.where, str(error) or error.__class__.__name__))
        if dry_run:
            transaction.set_rollback(True)
    return report


def _import_one(
    item: ImportItem, groups: dict[str, int], report: ImportReport, acting_user: Any
) -> None:
    topics = [
        services.topic_create(slug=slug, name=name, acting_user=acting_user)
        for slug, name in item.topics
    ]
    report.topics.update(slug for slug, _name in item.topics)
    statement_id = groups.get(item.group) if item.group else None
    statement = Statement.objects.filter(pk=statement_id).first() if statement_id else None
    if statement is not None and not statement.translations.filter(language=item.language).exists():
        translation = services.statement_translation_save(
            statement=statement,
            language=item.language,
            acting_user=acting_user,
            title=item.title,
            subtitle=item.excerpt,
            body=item.body,
            correction_note="",
            check_permission=acting_user is not None,
        )
        report.translations += 1
    else:
        statement = services.statement_import(
            acting_user=acting_user,
            slug=_free_slug(item.slug),
            source_language=item.language,
            title=item.title,
            subtitle=item.excerpt,
            body=item.body,
            topics=topics,
            published_at=item.published,
        )
        translation = statement.translations.get()
        if item.group:
            groups[item.group] = statement.pk
        report.statements += 1
    for old in _old_paths(item):
        services.legacy_redirect_add(old_path=old, translation=translation, acting_user=acting_user)
        report.redirects += 1


def _old_paths(item: ImportItem) -> list[str]:
    paths = []
    if item.link:
        parts = urlsplit(item.link)
        path = parts.path or "/"
        if parts.query.startswith("p=") and path in ("", "/"):
            path = f"/?{parts.query}"
        if path not in ("", "/"):
            paths.append(path)
    return paths


def import_file(
    path: Path, *, acting_user: Any, dry_run: bool, default_language: str = "en"
) -> ImportReport:
    """A .xml WXR export, a .md file, or a directory of .md files."""
    if path.is_dir():
        files = sorted(path.glob("**/*.md"))
        items: Iterable[Any] = (
            read_markdown_file(f, default_language=default_language) for f in files
        )
        # Originals first, so that a translation finds its statement.
        items = sorted(items, key=lambda i: 0 if isinstance(i, tuple) or i.group == i.slug else 1)
    elif path.suffix.lower() == ".md":
        items = [read_markdown_file(path, default_language=default_language)]
    else:
        items = read_wxr(str(path), default_language=default_language)
    return run_import(items, acting_user=acting_user, dry_run=dry_run)


__all__ = [
    "ImportReport",
    "StatementTranslation",
    "html_to_markdown",
    "import_file",
    "read_wxr",
    "run_import",
]
