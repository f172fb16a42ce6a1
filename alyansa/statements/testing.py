"""Plain factories for statement tests (and the access-matrix world and benchmarks)."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from typing import Any

from django.utils import timezone

from alyansa.statements import services
from alyansa.statements.models import Endorsement, ImportJob, Statement, Topic

_numbers = itertools.count(1)


def make_statement(
    *,
    title: str = "",
    slug: str = "",
    language: str = "en",
    body: str = "We stand together.",
    demands: tuple[str, ...] = ("Regularize all undocumented migrants",),
    status: str = Statement.Status.DRAFT,
    published_at: datetime | None = None,
    issued_on: date | None = None,
    translations: dict[str, str] | None = None,
    topics: tuple[Topic, ...] = (),
    open_for_endorsement: bool = False,
    issuer_kind: str = Statement.Issuer.ALLIANCE,
    issuer_name: str = "",
    **extra: Any,
) -> Statement:
    """A statement with its source translation (and `translations`: {language: title}).
    A published one is published a minute ago unless `published_at` says otherwise."""
    number = next(_numbers)
    statement = services.statement_create(
        acting_user=None,
        slug=slug or f"statement-{number}",
        source_language=language,
        title=title or f"Statement number {number}",
        body=body,
        demands=demands,
        issued_on=issued_on or date(2026, 12, 18),
        topics=topics,
        open_for_endorsement=open_for_endorsement,
        issuer_kind=issuer_kind,
        issuer_name=issuer_name,
        **extra,
    )
    for other, other_title in (translations or {}).items():
        services.statement_translation_save(
            statement=statement,
            language=other,
            acting_user=None,
            title=other_title,
            body=f"{other_title}.",
            demands=demands,
        )
    if status != Statement.Status.DRAFT:
        when = published_at
        if status in (Statement.Status.PUBLISHED, Statement.Status.WITHDRAWN) and when is None:
            when = timezone.now() - timedelta(minutes=1)
        Statement.objects.filter(pk=statement.pk).update(status=status, published_at=when)
        statement.refresh_from_db()
        services.statement_page_forget(statement)
    return statement


def make_endorsement(
    statement: Statement, name: str = "", *, status: str = Endorsement.Status.APPROVED
) -> Endorsement:
    number = next(_numbers)
    name = name or f"Migrant Workers Union {number}"
    services.statement_page_forget(statement)
    endorsement = Endorsement.objects.create(
        statement=statement,
        organization_name=name,
        normalized_name=services.normalize_organization_name(name),
        country="Philippines",
        email_hash=f"hash-{number}",
        nonce=f"nonce{number}",
        status=status,
        confirmed_at=timezone.now() if status != Endorsement.Status.PENDING else None,
    )
    shown = statement.endorsements.public().count()
    Statement.objects.filter(pk=statement.pk).update(endorsement_count=shown)
    statement.endorsement_count = shown
    return endorsement


def make_import_job(*, status: str = ImportJob.Status.CHECKED, **extra: Any) -> ImportJob:
    """An import job whose check is done (no file on disk: for pages that only show it)."""
    number = next(_numbers)
    values: dict[str, Any] = {
        "kind": ImportJob.Kind.WXR,
        "status": status,
        "filename": f"export-{number}.xml",
        "folder": f"{number:016x}",
        "default_language": "en",
        "check_report": {
            "statements": 2,
            "translations": 1,
            "topics": 1,
            "new_topics": [["labour-rights", "Labour rights"]],
            "redirects": 3,
            "skipped": 1,
            "problems": 0,
            "examples": [],
        },
        "checked_at": timezone.now(),
    }
    values.update(extra)
    return ImportJob.objects.create(**values)
