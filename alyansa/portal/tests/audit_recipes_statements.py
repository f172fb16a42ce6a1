"""Audit-row recipes for statements, their endorsements, topics, occasions and imports."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.members.testing import make_organization
from alyansa.portal.tests.audit_recipes import Call, recipe
from alyansa.statements import services as statement_services
from alyansa.statements.models import Endorsement, ImportJob, Occasion, Statement, Topic
from alyansa.statements.testing import make_endorsement, make_import_job, make_statement

ImportStatus = ImportJob.Status


def secretariat() -> User:
    return make_user("Sara Secretariat", role=Role.SECRETARIAT)


def officer() -> User:
    return make_user("Olu Officer", role=Role.OFFICER)


def open_statement() -> Statement:
    return make_statement(status=Statement.Status.PUBLISHED, open_for_endorsement=True)


def picture() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "steelblue").save(out, format="JPEG")
    return out.getvalue()


# --- statements and their workflow ----------------------------------------------------------


@recipe("statements", "statement_create", "statement.create")
def _statement_create() -> Call:
    user = secretariat()
    return lambda: statement_services.statement_create(
        acting_user=user,
        slug="may-day",
        source_language="en",
        title="May Day",
        issued_on=datetime.date(2026, 5, 1),
        body="We march together.",
    )


@recipe("statements", "statement_import", "statement.import")
def _statement_import() -> Call:
    user = secretariat()
    return lambda: statement_services.statement_import(
        acting_user=user,
        slug="may-day-2019",
        source_language="en",
        title="May Day 2019",
        published_at=timezone.now() - datetime.timedelta(days=400),
        body="We march together.",
    )


@recipe("statements", "statement_update", "statement.update")
def _statement_update() -> Call:
    statement, user = make_statement(), secretariat()
    return lambda: statement_services.statement_update(
        statement=statement, acting_user=user, place="Manila"
    )


@recipe("statements", "statement_translation_save", "statement.translation_add")
def _statement_translation_save() -> Call:
    statement, user = make_statement(), secretariat()
    return lambda: statement_services.statement_translation_save(
        statement=statement, language="es", acting_user=user, title="Primero de mayo", body="Sí."
    )


@recipe("statements", "statement_update", "statement.correct", variant="a published statement")
def _statement_update_published() -> Call:
    statement, user = make_statement(status=Statement.Status.PUBLISHED), secretariat()
    return lambda: statement_services.statement_update(
        statement=statement, acting_user=user, place="Manila", correction_note="The place."
    )


@recipe(
    "statements",
    "statement_translation_save",
    "statement.translation_edit",
    variant="a language it has",
)
def _statement_translation_save_again() -> Call:
    statement, user = make_statement(), secretariat()
    return lambda: statement_services.statement_translation_save(
        statement=statement, language="en", acting_user=user, title="May Day", body="Again."
    )


@recipe("statements", "legacy_redirect_add", "statement.redirect_add")
def _legacy_redirect_add() -> Call:
    statement, user = make_statement(), secretariat()
    translation = statement.translations.get()
    return lambda: statement_services.legacy_redirect_add(
        old_path="/2019/05/01/may-day/", translation=translation, acting_user=user
    )


@recipe("statements", "statement_submit", "statement.submit")
def _statement_submit() -> Call:
    statement, user = make_statement(), secretariat()
    return lambda: statement_services.statement_submit(statement=statement, acting_user=user)


@recipe("statements", "statement_return_to_draft", "statement.return")
def _statement_return_to_draft() -> Call:
    statement, user = make_statement(status=Statement.Status.IN_REVIEW), officer()
    return lambda: statement_services.statement_return_to_draft(
        statement=statement, acting_user=user, note="Shorter, please."
    )


@recipe("statements", "statement_approve", "statement.approve")
def _statement_approve() -> Call:
    statement, user = make_statement(status=Statement.Status.IN_REVIEW), officer()
    return lambda: statement_services.statement_approve(statement=statement, acting_user=user)


@recipe("statements", "statement_publish", "statement.publish")
def _statement_publish() -> Call:
    statement, user = make_statement(status=Statement.Status.APPROVED), secretariat()
    return lambda: statement_services.statement_publish(statement=statement, acting_user=user)


@recipe("statements", "statement_withdraw", "statement.withdraw")
def _statement_withdraw() -> Call:
    statement, user = make_statement(status=Statement.Status.PUBLISHED), officer()
    return lambda: statement_services.statement_withdraw(
        statement=statement, acting_user=user, note="Issued by mistake."
    )


@recipe("statements", "statement_image_upload", "statement.image_upload")
def _statement_image_upload() -> Call:
    statement, user, data = make_statement(), secretariat(), picture()
    return lambda: statement_services.statement_image_upload(
        data=data, alt="A rally", acting_user=user, statement=statement
    )


# --- topics and occasions -------------------------------------------------------------------


@recipe("statements", "topic_create", "topic.create")
def _topic_create() -> Call:
    user = secretariat()
    return lambda: statement_services.topic_create(
        name="Labour rights", slug="labour-rights", acting_user=user
    )


@recipe("statements", "topic_update", "topic.update")
def _topic_update() -> Call:
    user = secretariat()
    topic = statement_services.topic_create(name="Labour", slug="labour", acting_user=user)
    topic = Topic.objects.get(pk=topic.pk)
    return lambda: statement_services.topic_update(
        topic=topic, acting_user=user, name="Labour rights", names={}
    )


@recipe("statements", "occasion_create", "occasion.create")
def _occasion_create() -> Call:
    user = secretariat()
    return lambda: statement_services.occasion_create(
        name="May Day", slug="may-day", acting_user=user
    )


@recipe("statements", "occasion_update", "occasion.update")
def _occasion_update() -> Call:
    user = secretariat()
    occasion = statement_services.occasion_create(name="May", slug="may-day", acting_user=user)
    occasion = Occasion.objects.get(pk=occasion.pk)
    return lambda: statement_services.occasion_update(
        occasion=occasion, acting_user=user, name="May Day", names={}
    )


# --- endorsements ---------------------------------------------------------------------------


@recipe("statements", "endorsement_submit", "endorsement.submit")
def _endorsement_submit() -> Call:
    statement = open_statement()
    return lambda: statement_services.endorsement_submit(
        statement=statement, organization_name="Solidarity Network", email="s@example.org"
    )


@recipe("statements", "endorsement_submit", "endorsement.resend", variant="again, unconfirmed")
def _endorsement_submit_again() -> Call:
    statement = open_statement()
    statement_services.endorsement_submit(
        statement=statement, organization_name="Solidarity Network", email="s@example.org"
    )
    return lambda: statement_services.endorsement_submit(
        statement=statement, organization_name="Solidarity Network", email="s@example.org"
    )


@recipe("statements", "endorsement_confirm", "endorsement.confirm")
def _endorsement_confirm() -> Call:
    endorsement = statement_services.endorsement_submit(
        statement=open_statement(), organization_name="Solidarity Network", email="s@example.org"
    )
    token = statement_services.endorsement_confirmation_token(endorsement)
    return lambda: statement_services.endorsement_confirm(token=token)


@recipe("statements", "endorsement_record", "endorsement.record")
def _endorsement_record() -> Call:
    statement, user = open_statement(), secretariat()
    return lambda: statement_services.endorsement_record(
        statement=statement, organization_name="Solidarity Network", acting_user=user
    )


@recipe("statements", "endorsement_moderate", "endorsement.approve")
def _endorsement_moderate() -> Call:
    statement, user = open_statement(), secretariat()
    endorsement = make_endorsement(statement, status=Endorsement.Status.CONFIRMED)
    return lambda: statement_services.endorsement_moderate(
        endorsement=endorsement, acting_user=user, approve=True
    )


@recipe("statements", "endorsement_moderate", "endorsement.reject", variant="rejected")
def _endorsement_moderate_reject() -> Call:
    statement, user = open_statement(), secretariat()
    endorsement = make_endorsement(statement, status=Endorsement.Status.CONFIRMED)
    return lambda: statement_services.endorsement_moderate(
        endorsement=endorsement, acting_user=user, approve=False
    )


@recipe("statements", "endorsement_by_coordinator", "endorsement.by_coordinator")
def _endorsement_by_coordinator() -> Call:
    statement, organization = open_statement(), make_organization()
    coordinator = make_user("Lina", role=Role.COORDINATOR, scope=organization)
    return lambda: statement_services.endorsement_by_coordinator(
        statement=statement, organization=organization, acting_user=coordinator
    )


@recipe("statements", "endorsement_forget_unconfirmed", "endorsement.forget_unconfirmed")
def _endorsement_forget_unconfirmed() -> Call:
    statement_services.endorsement_submit(
        statement=open_statement(), organization_name="Solidarity Network", email="s@example.org"
    )
    later = timezone.now() + datetime.timedelta(days=60)
    return lambda: statement_services.endorsement_forget_unconfirmed(now=later)


# --- imports --------------------------------------------------------------------------------

MARKDOWN = "---\ntitle: May Day\ndate: 2019-05-01\n---\nWe march together.\n"


@recipe("statements", "import_job_create", "statement.import_upload")
def _import_job_create() -> Call:
    user = secretariat()
    upload = SimpleUploadedFile("may-day.md", MARKDOWN.encode(), content_type="text/markdown")
    return lambda: statement_services.import_job_create(
        acting_user=user, files=[upload], default_language="en"
    )


@recipe("statements", "import_job_checked", "statement.import_check")
def _import_job_checked() -> Call:
    job = make_import_job(status=ImportStatus.CHECKING)
    return lambda: statement_services.import_job_checked(
        job_id=job.pk, attempt=job.attempt, summary={"statements": 1}, problems=[]
    )


@recipe("statements", "import_job_confirm", "statement.import_confirm")
def _import_job_confirm() -> Call:
    job, user = make_import_job(status=ImportStatus.CHECKED), secretariat()
    return lambda: statement_services.import_job_confirm(job=job, acting_user=user)


@recipe("statements", "import_job_finish", "statement.import_finish")
def _import_job_finish() -> Call:
    job = make_import_job(status=ImportStatus.IMPORTING)
    return lambda: statement_services.import_job_finish(job_id=job.pk, attempt=job.attempt)


@recipe("statements", "import_job_fail", "statement.import_fail")
def _import_job_fail() -> Call:
    job = make_import_job(status=ImportStatus.IMPORTING)
    return lambda: statement_services.import_job_fail(
        job_id=job.pk, attempt=job.attempt, error="The file cannot be opened."
    )


@recipe("statements", "import_job_resume", "statement.import_resume")
def _import_job_resume() -> Call:
    job, user = make_import_job(status=ImportStatus.FAILED), secretariat()
    return lambda: statement_services.import_job_resume(job=job, acting_user=user)


@recipe("statements", "import_job_discard", "statement.import_discard")
def _import_job_discard() -> Call:
    job, user = make_import_job(status=ImportStatus.CHECKED), secretariat()
    return lambda: statement_services.import_job_discard(job=job, acting_user=user)


@recipe("statements", "import_jobs_forget_stale", "statement.import_forget_stale")
def _import_jobs_forget_stale() -> Call:
    make_import_job(status=ImportStatus.CHECKED, heartbeat_at=timezone.now())
    later = timezone.now() + datetime.timedelta(days=30)
    return lambda: statement_services.import_jobs_forget_stale(now=later)
