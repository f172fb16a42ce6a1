"""Importing statements from an existing site: a WordPress export (WXR) or Markdown files with
front matter.

The WXR file is read as a stream (ElementTree.iterparse, each <item> cleared once read), so a
large export never has to fit in memory. Translations are linked when the export says so:
Polylang's `language` and `post_translations` terms, or WPML-style post meta
(`_wpml_language` / `_icl_lang_code`, and `_wpml_translation_group` / `_icl_trid`).
Markdown files come as a folder, a .zip or single files.

This module only reads: what the items become (which post is a statement, which a translation,
their addresses, topics and redirects) is decided and written by services/import_run.py.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alyansa.statements.uploads import MARKDOWN_SUFFIXES, is_markdown_member

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


# How many created statements the report lists as examples (the counts are always complete).
EXAMPLES = 50


@dataclass
class ImportReport:
    dry_run: bool
    statements: int = 0
    translations: int = 0
    topics: set[str] = field(default_factory=set)  # every topic the items name
    new_topics: dict[str, str] = field(default_factory=dict)  # slug → name: made by the import
    redirects: int = 0
    skipped: int = 0
    problems: list[tuple[str, str]] = field(default_factory=list)
    # The first EXAMPLES items: (kind, address, language, title, old addresses).
    examples: list[tuple[str, str, str, str, list[str]]] = field(default_factory=list)

    def lines(self) -> list[str]:
        head = "Dry run: nothing was saved. It would create" if self.dry_run else "Created"
        lines = [
            f"{head} {self.statements} statements, {self.translations} translations, "
            f"{len(self.new_topics)} topics and {self.redirects} redirects.",
            f"Skipped {self.skipped} items that are not published posts.",
        ]
        lines += [f"Cannot read {where}: {message}" for where, message in self.problems]
        return lines

    def summary(self) -> dict[str, Any]:
        """The counts, the topics to make and the examples, as JSON (the problems apart)."""
        return {
            "statements": self.statements,
            "translations": self.translations,
            "topics": len(self.topics),
            "new_topics": sorted(self.new_topics.items()),
            "redirects": self.redirects,
            "skipped": self.skipped,
            "problems": len(self.problems),
            "examples": [list(example) for example in self.examples],
        }

    def add(self, outcome: Outcome) -> None:
        if outcome.kind == Outcome.STATEMENT:
            self.statements += 1
        else:
            self.translations += 1
        self.topics.update(slug for slug, _name in outcome.item.topics)
        self.new_topics.update(outcome.new_topics)
        self.redirects += len(outcome.redirects)
        if len(self.examples) < EXAMPLES:
            self.examples.append(
                (
                    outcome.kind,
                    outcome.address,
                    outcome.item.language,
                    outcome.item.title,
                    outcome.redirects,
                )
            )


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
        return _("it has no title")
    try:
        published = _date(item)
    except (ValueError, TypeError):
        return _("its date cannot be read")
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
        where=_("item %(number)d (%(title)s)") % {"number": number, "title": title[:60]},
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
                yield (_("item %(number)d") % {"number": number}, result)
            else:
                yield result
    except ET.ParseError as error:
        yield (
            _("the file after item %(number)d") % {"number": number},
            _("it is not well-formed XML (%(error)s)") % {"error": error},
        )


# --- reading Markdown with front matter ------------------------------------------------------

# One statement per file: a file larger than this is not a statement (and is not read).
MAX_MARKDOWN_BYTES = 5 * 1024 * 1024


def _front_matter_value(raw: str) -> Any:
    raw = raw.strip()
    if raw.startswith("[") and raw.endswith("]"):
        return [part.strip().strip("'\"") for part in raw[1:-1].split(",") if part.strip()]
    return raw.strip("'\"")


def read_markdown_text(
    name: str, text: str, *, default_language: str = "en"
) -> ImportItem | tuple[str, str]:
    """One statement per file: front matter (title, date, slug, language, topics,
    translation_of, subtitle) between '---' lines, then the Markdown text. `name` is the
    file's name (its stem is the address when the front matter gives none)."""
    meta: dict[str, Any] = {}
    text = text.removeprefix("\ufeff")
    if text.startswith("---"):
        _start, _sep, rest = text.partition("\n")
        head, sep, body = rest.partition("\n---")
        if not sep:
            return (name, _("its front matter has no closing '---'"))
        for line in head.splitlines():
            key, colon, value = line.partition(":")
            if colon and key.strip():
                meta[key.strip().lower()] = _front_matter_value(value)
        text = body.partition("\n")[2]
    title = str(meta.get("title", "")).strip()
    if not title:
        return (name, _("it has no title in its front matter"))
    try:
        day = date.fromisoformat(str(meta.get("date", ""))[:10])
    except ValueError:
        return (name, _("its date is missing or not YYYY-MM-DD"))
    topics = meta.get("topics") or meta.get("tags") or []
    if isinstance(topics, str):
        topics = [topics]
    stem = Path(name).stem
    slug = slugify(str(meta.get("slug") or stem))[:100]
    return ImportItem(
        where=name,
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


def _decode(name: str, data: bytes, default_language: str) -> ImportItem | tuple[str, str]:
    if len(data) > MAX_MARKDOWN_BYTES:
        return (name, _("it is larger than 5 MB"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return (name, _("it is not UTF-8 text"))
    return read_markdown_text(name, text.replace("\r\n", "\n"), default_language=default_language)


def read_markdown_file(path: Path, *, default_language: str = "en") -> ImportItem | tuple[str, str]:
    with path.open("rb") as file:
        data = file.read(MAX_MARKDOWN_BYTES + 1)
    return _decode(path.name, data, default_language)


def _markdown_files(path: Path, default_language: str) -> Iterator[ImportItem | tuple[str, str]]:
    """Each Markdown file of a folder, a .zip or one file, read one at a time, in name order."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            members = sorted(
                (info for info in archive.infolist() if is_markdown_member(info)),
                key=lambda info: info.filename,
            )
            for info in members:
                if info.file_size > MAX_MARKDOWN_BYTES:
                    yield (info.filename, _("it is larger than 5 MB"))
                    continue
                # A member is never decompressed past the size its header states.
                with archive.open(info) as member:
                    data = member.read(MAX_MARKDOWN_BYTES + 1)
                yield _decode(info.filename, data, default_language)
    elif path.is_dir():
        files = sorted(
            f for f in path.glob("**/*") if f.is_file() and f.suffix.lower() in MARKDOWN_SUFFIXES
        )
        for file in files:
            with file.open("rb") as opened:
                data = opened.read(MAX_MARKDOWN_BYTES + 1)
            yield _decode(file.relative_to(path).as_posix(), data, default_language)
    else:
        yield read_markdown_file(path, default_language=default_language)


def read_markdown(
    path: Path, *, default_language: str = "en"
) -> Iterator[ImportItem | tuple[str, str]]:
    """The Markdown files, originals first (a second pass over the files yields the
    translations), so that a translation finds its statement without holding every file in
    memory. Files that cannot be read are reported in the first pass."""
    for originals in (True, False):
        for item in _markdown_files(path, default_language):
            original = isinstance(item, tuple) or item.group == item.slug
            if original == originals:
                yield item


def read_source(
    path: Path, *, default_language: str = "en"
) -> Iterator[ImportItem | tuple[str, str] | None]:
    """The items of a WXR export (.xml), or of Markdown files: a folder, a .zip or one file."""
    if path.is_dir() or path.suffix.lower() in (".zip", *MARKDOWN_SUFFIXES):
        return read_markdown(path, default_language=default_language)
    return read_wxr(str(path), default_language=default_language)


# --- deciding and writing ----------------------------------------------------------------------


@dataclass
class Group:
    """The statement a translation group became: its id (0 in a dry run), address, languages."""

    statement_id: int
    slug: str
    languages: str  # space-separated codes: small, for exports with thousands of groups


@dataclass
class ImportState:
    """Where an import is: items done so far, and what each translation group became."""

    position: int = 0
    groups: dict[str, Group] = field(default_factory=dict)


@dataclass
class Outcome:
    """What one item became (or, in a dry run, would become)."""

    STATEMENT = "statement"
    TRANSLATION = "translation"

    item: ImportItem
    kind: str
    statement_id: int
    slug: str
    new_topics: dict[str, str]
    redirects: list[str]

    @property
    def address(self) -> str:
        return reverse(
            "statements:detail_language",
            kwargs={"slug": self.slug, "language": self.item.language},
        )


# Called after each item, inside the item's transaction in a real run: (position, what the item
# became, or the problem (where, why), or None for an item that is not a published post).
Checkpoint = Callable[[int, "Outcome | tuple[str, str] | None"], None]
