"""Background work of the statements app: the endorsement confirmation e-mail, and checking
and importing uploaded files (WordPress exports, Markdown)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from alyansa.core.text import single_line
from alyansa.statements.models import Endorsement, ImportJob

logger = logging.getLogger(__name__)


@task()
def send_endorsement_confirmation(*, endorsement_id: int) -> None:
    """Mail the link that confirms an endorsement. Only the row's id travels through the queue;
    the link is computed here, so it is stored nowhere."""
    from alyansa.statements.services import endorsement_confirmation_token

    endorsement = (
        Endorsement.objects.select_related("statement")
        .filter(pk=endorsement_id, status=Endorsement.Status.PENDING)
        .exclude(email="")
        .first()
    )
    if endorsement is None:
        return  # confirmed or forgotten meanwhile: nothing to send
    with translation.override(endorsement.language):
        translations = {
            t.language: t
            for t in endorsement.statement.translations.filter(
                language__in=[endorsement.language, endorsement.statement.source_language]
            )
        }
        title = translations.get(endorsement.language) or translations.get(
            endorsement.statement.source_language
        )
        link = settings.SITE_URL + reverse(
            "statements:endorse_confirm",
            kwargs={"token": endorsement_confirmation_token(endorsement)},
        )
        context = {"endorsement": endorsement, "title": title.title if title else "", "link": link}
        # A title saved before titles were kept on one line must not stop the mail.
        subject = single_line(render_to_string("statements/email/confirm_subject.txt", context))
        body = render_to_string("statements/email/confirm_body.txt", context)
    EmailMultiAlternatives(subject=subject, body=body, to=[endorsement.email]).send()


def _user(user_id: int | None) -> Any:
    from alyansa.accounts.models import User

    return User.objects.filter(pk=user_id).first() if user_id else None


@task()
def import_job_check(*, job_id: int, attempt: int) -> None:
    """The dry run of an uploaded file: every decision of the import, nothing saved."""
    from alyansa.statements import importing, services, uploads

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
            services.import_job_progress(job_id=job_id, attempt=attempt, position=0)
            report = importing.run_import(
                importing.read_source(
                    uploads.source_path(job.folder), default_language=job.default_language
                ),
                acting_user=acting_user,
                dry_run=True,
                progress=lambda position: services.import_job_progress(
                    job_id=job_id, attempt=attempt, position=position
                ),
            )
        except services.ImportStopped:
            return
        except Exception as error:  # said on the job's page, not lost in the worker's log
            logger.exception("Checking statement import %s failed", job_id)
            services.import_job_fail(job_id=job_id, attempt=attempt, error=_failure(error))
            return
        services.import_job_checked(
            job_id=job_id, attempt=attempt, summary=report.summary(), problems=report.problems
        )


@task()
def import_job_run(*, job_id: int, attempt: int) -> None:
    """The import itself, item by item, going on after the last item saved by an earlier run."""
    from alyansa.statements import importing, services, uploads

    job = ImportJob.objects.filter(
        pk=job_id, attempt=attempt, status=ImportJob.Status.IMPORTING
    ).first()
    if job is None:
        return
    acting_user = _user(job.confirmed_by_id)
    state = importing.ImportState(
        position=job.position,
        groups={
            group.key: importing.Group(group.statement_id, "", group.languages)
            for group in job.groups.all()
        },
    )
    with translation.override(job.language):
        try:
            if acting_user is None:
                raise PermissionDenied
            importing.run_import(
                importing.read_source(
                    uploads.source_path(job.folder), default_language=job.default_language
                ),
                acting_user=acting_user,
                dry_run=False,
                state=state,
                checkpoint=lambda position, result: services.import_job_item_done(
                    job_id=job_id, attempt=attempt, position=position, result=result
                ),
            )
        except services.ImportStopped:
            return
        except Exception as error:
            logger.exception("Importing statements (import %s) failed", job_id)
            services.import_job_fail(job_id=job_id, attempt=attempt, error=_failure(error))
            return
        services.import_job_finish(job_id=job_id, attempt=attempt)


def _failure(error: Exception) -> str:
    if isinstance(error, PermissionDenied):
        return _("The person who started it may no longer import statements.")
    if isinstance(error, FileNotFoundError):
        return _("The uploaded file is no longer there; upload it again.")
    return f"{error.__class__.__name__}: {error}"
