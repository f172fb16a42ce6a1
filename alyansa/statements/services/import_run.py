"""Deciding and writing what an import's items become (the reader is statements/importing.py).

A dry run takes every decision the real run takes and saves nothing; the real run saves each
item in its own transaction and says after each one where it is (`checkpoint`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import urlsplit

from django.db import transaction

from alyansa.accounts.models import User
from alyansa.statements.importing import (
    Checkpoint,
    Group,
    ImportItem,
    ImportReport,
    ImportState,
    Outcome,
    read_source,
)
from alyansa.statements.models import (
    Statement,
    Topic,
)
from alyansa.statements.services.statements import (
    RESERVED_SLUGS,
    legacy_redirect_add,
    statement_import,
    statement_translation_save,
)
from alyansa.statements.services.topics import topic_create


class ImportStopped(Exception):
    """The job this run works for was resumed by another task, or discarded: stop quietly."""


def _address(slug: str) -> str:
    """A valid statement address from a post's name: lower-case letters, digits, dashes."""
    return re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")[:100].strip("-") or "statement"


class _Importer:
    def __init__(self, *, acting_user: User | None, dry_run: bool, state: ImportState) -> None:
        self.acting_user = acting_user
        self.dry_run = dry_run
        self.state = state
        self.known_topics = set(Topic.objects.values_list("slug", flat=True))
        self.taken: set[str] = set()  # addresses a dry run gave (it saves none)

    def free_slug(self, slug: str) -> str:
        base = _address(slug)
        candidate, number = base, 1
        while (
            candidate in RESERVED_SLUGS
            or candidate in self.taken
            or Statement.objects.filter(slug=candidate).exists()
        ):
            number += 1
            candidate = f"{base}-{number}"[:120]
        return candidate

    def handle(self, item: ImportItem) -> Outcome:
        """Decide what the item becomes and, in a real run, save it. Changes no state: that is
        `commit`, once the item's transaction is through."""
        group = self.state.groups.get(item.group) if item.group else None
        joins = group is not None and item.language not in group.languages.split()
        new_topics = {slug: name for slug, name in item.topics if slug not in self.known_topics}
        redirects = _old_paths(item)
        if self.dry_run:
            if joins:
                assert group is not None
                return Outcome(
                    item, Outcome.TRANSLATION, group.statement_id, group.slug, new_topics, redirects
                )
            slug = self.free_slug(item.slug)
            return Outcome(item, Outcome.STATEMENT, 0, slug, new_topics, redirects)
        topics = [
            topic_create(slug=slug, name=name, acting_user=self.acting_user)
            for slug, name in item.topics
        ]
        if joins:
            assert group is not None
            statement = Statement.objects.get(pk=group.statement_id)
            translation = statement_translation_save(
                statement=statement,
                language=item.language,
                acting_user=self.acting_user,
                title=item.title,
                subtitle=item.excerpt,
                body=item.body,
                correction_note="",
            )
            kind = Outcome.TRANSLATION
        else:
            statement = statement_import(
                acting_user=self.acting_user,
                slug=self.free_slug(item.slug),
                source_language=item.language,
                title=item.title,
                subtitle=item.excerpt,
                body=item.body,
                topics=topics,
                published_at=item.published,
            )
            translation = statement.translations.get()
            kind = Outcome.STATEMENT
        for old in redirects:
            legacy_redirect_add(old_path=old, translation=translation, acting_user=self.acting_user)
        return Outcome(item, kind, statement.pk, statement.slug, new_topics, redirects)

    def commit(self, outcome: Outcome, report: ImportReport) -> None:
        item = outcome.item
        self.known_topics.update(slug for slug, _name in item.topics)
        if self.dry_run:
            self.taken.add(outcome.slug)
        if item.group:
            group = self.state.groups.get(item.group)
            if outcome.kind == Outcome.TRANSLATION and group is not None:
                group.languages = f"{group.languages} {item.language}"
            else:
                self.state.groups[item.group] = Group(
                    outcome.statement_id, outcome.slug, item.language
                )
        report.add(outcome)


def run_import(
    items: Iterable[ImportItem | tuple[str, str] | None],
    *,
    acting_user: User | None,
    dry_run: bool,
    state: ImportState | None = None,
    checkpoint: Checkpoint | None = None,
    progress: Callable[[int], None] | None = None,
    progress_every: int = 100,
) -> ImportReport:
    """Create published statements from `items`; translations join their group's statement.

    Each item is its own transaction in a real run (a bad item never undoes the good ones);
    `checkpoint` is called inside it, so what it records is saved with the item or not at all.
    A run given the `state` of one that stopped skips the items it had done. A dry run saves
    nothing; `progress` hears how far it is every `progress_every` items.
    A checkpoint or progress call may stop the run by raising ImportStopped.
    """
    report = ImportReport(dry_run=dry_run)
    state = state or ImportState()
    importer = _Importer(acting_user=acting_user, dry_run=dry_run, state=state)
    for position, item in enumerate(items, 1):
        if position <= state.position:
            continue  # done before the run stopped
        result: Outcome | tuple[str, str] | None
        if item is None or isinstance(item, tuple):
            result = item
        else:
            try:
                with transaction.atomic():
                    result = importer.handle(item)
                    if checkpoint is not None:
                        checkpoint(position, result)
            except ImportStopped:
                raise
            except Exception as error:  # reported, never a stack trace for one bad post
                message = " ".join(getattr(error, "messages", [])) or str(error)
                result = (item.where, message or error.__class__.__name__)
            else:
                importer.commit(result, report)
        if result is None:
            report.skipped += 1
        elif isinstance(result, tuple):
            report.problems.append(result)
        if checkpoint is not None and not isinstance(result, Outcome):
            with transaction.atomic():
                checkpoint(position, result)
        state.position = position
        if progress is not None and position % progress_every == 0:
            progress(position)
    return report


def _old_paths(item: ImportItem) -> list[str]:
    paths = []
    if item.link:
        parts = urlsplit(item.link)
        path = parts.path or "/"
        if parts.query.startswith("p=") and path in ("", "/"):
            path = f"/?{parts.query}"
        if path not in ("", "/"):
            paths.append(path[:500])
    return paths


def import_file(
    path: Path, *, acting_user: User | None, dry_run: bool, default_language: str = "en"
) -> ImportReport:
    """A .xml WXR export, a .md file, a .zip of .md files, or a folder of .md files."""
    return run_import(
        read_source(path, default_language=default_language),
        acting_user=acting_user,
        dry_run=dry_run,
    )
