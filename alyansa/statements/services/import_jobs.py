"""Imports from the web: an uploaded file is checked (a dry run) and, once someone confirms,
imported, both by the background tasks below; each step is a transaction with its audit row.
An upload nobody confirms is forgotten after IMPORT_KEEP_DAYS.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from alyansa.accounts.models import User
from alyansa.accounts.permissions import has_role
from alyansa.accounts.roles import Role
from alyansa.audit.services import audit_record
from alyansa.statements import uploads
from alyansa.statements.audit_actions import AuditAction
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.importing import Group, ImportState, Outcome, read_source
from alyansa.statements.models import (
    ImportGroup,
    ImportJob,
    ImportProblem,
)
from alyansa.statements.services.import_run import ImportStopped, run_import

logger = logging.getLogger(__name__)

IMPORT_KEEP_DAYS = 7
ImportStatus = ImportJob.Status


def _enqueue_import(job_id: int, attempt: int, *, run: bool) -> None:
    (import_job_run if run else import_job_check).enqueue(job_id=job_id, attempt=attempt)


@transaction.atomic
def import_job_create(
    *,
    acting_user: User,
    files: Sequence[Any],
    default_language: str,
    language: str = "en",
) -> ImportJob:
    """The secretariat uploads a WordPress export or Markdown files. They are kept on disk under
    the data folder (a large export is read as a stream later, never into memory) and checked in
    the background: a dry run that saves no statement and reports what the import would do."""
    if default_language not in {code for code, _name in settings.LANGUAGES}:
        raise StatementRuleError(_("Choose one of the site's languages."), field="default_language")
    import_jobs_forget_stale()
    stored = uploads.store_upload(files)
    try:
        job = ImportJob.objects.create(
            kind=stored.kind,
            filename=stored.filename,
            size=stored.size,
            folder=stored.folder,
            default_language=default_language,
            language=language[:10],
            created_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            action=AuditAction.IMPORT_UPLOAD,
            obj=job,
            changes={"file": stored.filename, "size": stored.size, "kind": stored.kind},
        )
    except BaseException:
        uploads.remove_folder(stored.folder)
        raise
    transaction.on_commit(lambda: _enqueue_import(job.pk, job.attempt, run=False))
    return job


def import_job_progress(*, job_id: int, attempt: int, position: int) -> None:
    """How far the check has read: shown on the page, and a sign of life. No audit row: nobody
    changed anything. Raises ImportStopped when the job was discarded or resumed meanwhile."""
    updated = ImportJob.objects.filter(
        pk=job_id, attempt=attempt, status=ImportStatus.CHECKING
    ).update(position=position, heartbeat_at=timezone.now())
    if not updated:
        raise ImportStopped


@transaction.atomic
def import_job_checked(
    *, job_id: int, attempt: int, summary: dict[str, Any], problems: Sequence[tuple[str, str]]
) -> ImportJob | None:
    """The dry run is over: keep its report and every problem, and wait for a confirmation."""
    job = (
        ImportJob.objects.select_for_update()
        .filter(pk=job_id, attempt=attempt, status=ImportStatus.CHECKING)
        .first()
    )
    if job is None:
        return None
    job.check_report = summary
    job.status = ImportStatus.CHECKED
    job.checked_at = job.heartbeat_at = timezone.now()
    job.save(update_fields=["check_report", "status", "checked_at", "heartbeat_at"])
    job.problems.filter(phase=ImportProblem.Phase.CHECK).delete()
    ImportProblem.objects.bulk_create(
        [
            ImportProblem(
                job=job, phase=ImportProblem.Phase.CHECK, where=where[:300], message=message
            )
            for where, message in problems
        ],
        batch_size=500,
    )
    counts = {k: v for k, v in summary.items() if isinstance(v, int)}
    audit_record(actor=None, action=AuditAction.IMPORT_CHECK, obj=job, changes=counts)
    return job


@transaction.atomic
def import_job_confirm(*, job: ImportJob, acting_user: User) -> ImportJob:
    """Someone of the secretariat has read the check and imports the file: the import runs in
    the background. Confirming twice (a double click) imports once."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
        return job
    if job.status != ImportStatus.CHECKED:
        raise StatementRuleError(_("Only a file that has been checked can be imported."))
    job.status = ImportStatus.IMPORTING
    job.attempt += 1
    job.position = 0
    job.heartbeat_at = job.confirmed_at = timezone.now()
    job.confirmed_by = acting_user
    job.save(
        update_fields=[
            "status",
            "attempt",
            "position",
            "heartbeat_at",
            "confirmed_at",
            "confirmed_by",
        ]
    )
    audit_record(actor=acting_user, action=AuditAction.IMPORT_CONFIRM, obj=job)
    attempt = job.attempt
    transaction.on_commit(lambda: _enqueue_import(job.pk, attempt, run=True))
    return job


@transaction.atomic  # a savepoint within the item's transaction, and safe on its own
def import_job_item_done(*, job_id: int, attempt: int, position: int, result: Any) -> None:
    """Called by the import inside each item's transaction: the job's place and counts move with
    the item, so a resumed import starts exactly after the last item saved. No audit row of its
    own: the statement, translation and redirect services write theirs.

    `result` is what the item became (Outcome), a problem (where, why), or None.
    """
    counts: dict[str, Any] = {"position": position, "heartbeat_at": timezone.now()}
    if result is None:
        counts["skipped"] = F("skipped") + 1
    elif isinstance(result, Outcome):
        field = "statements" if result.kind == Outcome.STATEMENT else "translations"
        counts[field] = F(field) + 1
        counts["redirects"] = F("redirects") + len(result.redirects)
    updated = ImportJob.objects.filter(
        pk=job_id, attempt=attempt, status=ImportStatus.IMPORTING
    ).update(**counts)
    if not updated:
        raise ImportStopped
    if isinstance(result, tuple):
        where, message = result
        ImportProblem.objects.create(
            job_id=job_id, phase=ImportProblem.Phase.RUN, where=where[:300], message=message
        )
    elif isinstance(result, Outcome):
        if result.item.group:
            group, created = ImportGroup.objects.get_or_create(
                job_id=job_id,
                key=result.item.group[:200],
                defaults={"statement_id": result.statement_id, "languages": ""},
            )
            if result.kind == Outcome.STATEMENT and not created:
                group.statement_id, group.languages = result.statement_id, ""
            group.languages = f"{group.languages} {result.item.language}".strip()[:200]
            group.save(update_fields=["statement", "languages"])
        if result.new_topics:
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            job.new_topics = [*job.new_topics, *sorted(result.new_topics.items())]
            job.save(update_fields=["new_topics"])


@transaction.atomic
def import_job_finish(*, job_id: int, attempt: int) -> ImportJob | None:
    """The import has read the whole file: the upload is deleted, the report stays."""
    job = (
        ImportJob.objects.select_for_update()
        .filter(pk=job_id, attempt=attempt, status=ImportStatus.IMPORTING)
        .first()
    )
    if job is None:
        return None
    job.status = ImportStatus.DONE
    job.finished_at = job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "finished_at", "heartbeat_at"])
    job.groups.all().delete()  # needed only to resume
    folder = job.folder
    transaction.on_commit(lambda: uploads.remove_folder(folder))
    audit_record(
        actor=None,
        action=AuditAction.IMPORT_FINISH,
        obj=job,
        changes={
            "statements": job.statements,
            "translations": job.translations,
            "redirects": job.redirects,
            "problems": job.problems.filter(phase=ImportProblem.Phase.RUN).count(),
        },
    )
    return job


@transaction.atomic
def import_job_fail(*, job_id: int, attempt: int, error: str) -> ImportJob | None:
    """The check or the import stopped on an error it could not report per item (a file that
    cannot be opened, a database that went away). What was imported stays; it can be resumed."""
    job = (
        ImportJob.objects.select_for_update()
        .filter(
            pk=job_id, attempt=attempt, status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING]
        )
        .first()
    )
    if job is None:
        return None
    job.status = ImportStatus.FAILED
    job.error = error[:2000]
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "error", "heartbeat_at"])
    audit_record(actor=None, action=AuditAction.IMPORT_FAIL, obj=job, changes={"error": job.error})
    return job


@transaction.atomic
def import_job_resume(*, job: ImportJob, acting_user: User) -> ImportJob:
    """Start again a check or an import that stopped: on an error, or because nothing was heard
    of it for a while (the worker was not running, or restarted). A check starts over; an import
    goes on after the last item it saved, so nothing is imported twice."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.FAILED and not job.is_stalled():
        raise StatementRuleError(_("This import is not stopped: there is nothing to resume."))
    run = job.confirmed_at is not None
    job.status = ImportStatus.IMPORTING if run else ImportStatus.CHECKING
    job.attempt += 1
    job.error = ""
    job.heartbeat_at = timezone.now()
    if not run:
        job.position = 0
    job.save(update_fields=["status", "attempt", "error", "heartbeat_at", "position"])
    audit_record(
        actor=acting_user,
        action=AuditAction.IMPORT_RESUME,
        obj=job,
        changes={"from_item": job.position + 1 if run else 1},
    )
    attempt = job.attempt
    transaction.on_commit(lambda: _enqueue_import(job.pk, attempt, run=run))
    return job


@transaction.atomic
def import_job_discard(*, job: ImportJob, acting_user: User) -> ImportJob:
    """Drop an upload that will not be imported (or not further): its file is deleted. What an
    import that stopped halfway had saved stays; the report says how much that was."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status in (ImportStatus.DISCARDED, ImportStatus.DONE):
        return job
    if job.status == ImportStatus.IMPORTING and not job.is_stalled():
        raise StatementRuleError(_("The import is running; wait until it has finished."))
    job.status = ImportStatus.DISCARDED
    job.attempt += 1  # a task still queued for it will stop
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "attempt", "finished_at"])
    job.groups.all().delete()
    folder = job.folder
    transaction.on_commit(lambda: uploads.remove_folder(folder))
    audit_record(actor=acting_user, action=AuditAction.IMPORT_DISCARD, obj=job)
    return job


@transaction.atomic
def import_jobs_forget_stale(*, now: datetime | None = None) -> int:
    """Delete the files of uploads checked but not imported within IMPORT_KEEP_DAYS, and those
    no job owns (an upload cut off halfway). Their reports stay."""
    cutoff = (now or timezone.now()) - timedelta(days=IMPORT_KEEP_DAYS)
    stale = list(
        ImportJob.objects.select_for_update().filter(
            status__in=[ImportStatus.CHECKED, ImportStatus.FAILED], heartbeat_at__lt=cutoff
        )
    )
    for job in stale:
        job.status = ImportStatus.DISCARDED
        job.attempt += 1
        job.finished_at = now or timezone.now()
        job.save(update_fields=["status", "attempt", "finished_at"])
    kept = set(
        ImportJob.objects.exclude(
            status__in=[ImportStatus.DISCARDED, ImportStatus.DONE]
        ).values_list("folder", flat=True)
    )
    forget = [job.folder for job in stale] + [
        folder for folder in uploads.folders_on_disk() if folder not in kept
    ]

    def remove() -> None:
        for folder in forget:
            uploads.remove_folder(folder)

    transaction.on_commit(remove)
    uploads.remove_old_temporary_files(older_than_seconds=86400)
    if stale:
        audit_record(
            actor=None,
            action=AuditAction.IMPORT_FORGET_STALE,
            changes={"jobs": [job.pk for job in stale]},
        )
    return len(stale)


def _user(user_id: int | None) -> User | None:
    return User.objects.filter(pk=user_id).first() if user_id else None


def _may_still_import(user: User) -> User:
    """The tasks' check, as the pages': the person who uploaded (or confirmed) the file must
    still be of the secretariat when the task runs; PermissionDenied is said on the job's page
    (`_failure`)."""
    if not has_role(user, Role.SECRETARIAT):
        raise PermissionDenied
    return user


@task()
def import_job_check(*, job_id: int, attempt: int) -> None:
    """The dry run of an uploaded file: every decision of the import, nothing saved."""
    job = ImportJob.objects.filter(
        pk=job_id, attempt=attempt, status=ImportJob.Status.CHECKING
    ).first()
    if job is None:
        return  # discarded, or resumed by a newer task
    acting_user = _user(job.created_by_id)
    with translation.override(job.language):
        try:
            if acting_user is None:
                raise PermissionDenied
            import_job_progress(job_id=job_id, attempt=attempt, position=0)
            report = run_import(
                read_source(uploads.source_path(job.folder), default_language=job.default_language),
                acting_user=_may_still_import(acting_user),
                dry_run=True,
                progress=lambda position: import_job_progress(
                    job_id=job_id, attempt=attempt, position=position
                ),
            )
        except ImportStopped:
            return
        except Exception as error:  # said on the job's page, not lost in the worker's log
            logger.exception("Checking statement import %s failed", job_id)
            import_job_fail(job_id=job_id, attempt=attempt, error=_failure(error))
            return
        import_job_checked(
            job_id=job_id, attempt=attempt, summary=report.summary(), problems=report.problems
        )


@task()
def import_job_run(*, job_id: int, attempt: int) -> None:
    """The import itself, item by item, going on after the last item saved by an earlier run."""
    job = ImportJob.objects.filter(
        pk=job_id, attempt=attempt, status=ImportJob.Status.IMPORTING
    ).first()
    if job is None:
        return
    acting_user = _user(job.confirmed_by_id)
    state = ImportState(
        position=job.position,
        groups={
            group.key: Group(group.statement_id, "", group.languages) for group in job.groups.all()
        },
    )
    with translation.override(job.language):
        try:
            if acting_user is None:
                raise PermissionDenied
            run_import(
                read_source(uploads.source_path(job.folder), default_language=job.default_language),
                acting_user=_may_still_import(acting_user),
                dry_run=False,
                state=state,
                checkpoint=lambda position, result: import_job_item_done(
                    job_id=job_id, attempt=attempt, position=position, result=result
                ),
            )
        except ImportStopped:
            return
        except Exception as error:
            logger.exception("Importing statements (import %s) failed", job_id)
            import_job_fail(job_id=job_id, attempt=attempt, error=_failure(error))
            return
        import_job_finish(job_id=job_id, attempt=attempt)


def _failure(error: Exception) -> str:
    if isinstance(error, PermissionDenied):
        return _("The person who started it may no longer import statements.")
    if isinstance(error, FileNotFoundError):
        return _("The uploaded file is no longer there; upload it again.")
    return f"{error.__class__.__name__}: {error}"
