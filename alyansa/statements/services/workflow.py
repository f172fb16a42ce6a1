"""The statement's workflow: draft → in review → approved (by an officer) → published (now or
later) → withdrawn. Each step one transaction with one audit row.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import RoleGrant, User
from alyansa.accounts.roles import Role
from alyansa.accounts.tasks import email_queue
from alyansa.audit.services import audit_record
from alyansa.statements.audit_actions import AuditAction
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import (
    Statement,
)
from alyansa.statements.services.pages import statement_page_forget

Status = Statement.Status


def _move(statement: Statement, *, expected: Iterable[str], to: str) -> tuple[Statement, bool]:
    """Lock the row and check the step is allowed. Returns (statement, False) when it is in the
    target state already: a double click or a retried request changes nothing."""
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if locked.status == to:
        return locked, False
    if locked.status not in set(expected):
        raise StatementRuleError(
            _("This cannot be done while the statement is “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    locked.status = to
    return locked, True


@transaction.atomic
def statement_submit(*, statement: Statement, acting_user: User) -> Statement:
    """The secretariat sends a draft to the officers for review; each officer is told by
    e-mail (once the change is saved), with a link to the statement's approval page."""
    statement, moved = _move(statement, expected=[Status.DRAFT], to=Status.IN_REVIEW)
    if not moved:
        return statement
    statement.save(update_fields=["status"])
    audit_record(actor=acting_user, action=AuditAction.STATEMENT_SUBMIT, obj=statement)
    statement_id = statement.pk
    transaction.on_commit(lambda: officers_tell_of_review(statement_id))
    return statement


def officers_tell_of_review(statement_id: int) -> None:
    """One e-mail to each officer (their own address only) through the task queue: a statement
    awaits their approval. The message is sealed in the queue (accounts/tasks.py)."""
    statement = Statement.objects.filter(pk=statement_id, status=Status.IN_REVIEW).first()
    if statement is None:
        return
    original = statement.translations.filter(language=statement.source_language).first()
    title = original.title if original else statement.slug
    link = settings.SITE_URL + reverse("statements:workflow", args=[statement.slug])
    addresses = sorted(
        set(
            RoleGrant.objects.for_role(Role.OFFICER)
            .filter(user__is_active=True)
            .exclude(user__email="")
            .values_list("user__email", flat=True)
        )
    )
    for address in addresses:
        email_queue(
            subject=_("A statement awaits your approval: %(title)s") % {"title": title},
            body=_(
                "The secretariat sent “%(title)s” for review. Read it, then approve it or "
                "send it back to draft:\n\n%(link)s\n"
            )
            % {"title": title, "link": link},
            to=[address],
        )


@transaction.atomic
def statement_return_to_draft(
    *, statement: Statement, acting_user: User, note: str = ""
) -> Statement:
    """An officer sends a statement in review (or approved, not yet published) back to draft."""
    statement, moved = _move(
        statement, expected=[Status.IN_REVIEW, Status.APPROVED], to=Status.DRAFT
    )
    if not moved:
        return statement
    statement.approved_at = None
    statement.approved_by = None
    statement.save(update_fields=["status", "approved_at", "approved_by"])
    statement_page_forget(statement)
    audit_record(
        actor=acting_user,
        action=AuditAction.STATEMENT_RETURN,
        obj=statement,
        changes={"note": note},
    )
    return statement


@transaction.atomic
def statement_approve(*, statement: Statement, acting_user: User) -> Statement:
    """Only an officer approves, and only a statement that is in review."""
    statement, moved = _move(statement, expected=[Status.IN_REVIEW], to=Status.APPROVED)
    if not moved:
        return statement
    statement.approved_at = timezone.now()
    statement.approved_by = acting_user
    statement.save(update_fields=["status", "approved_at", "approved_by"])
    audit_record(actor=acting_user, action=AuditAction.STATEMENT_APPROVE, obj=statement)
    return statement


@transaction.atomic
def statement_publish(
    *, statement: Statement, acting_user: User, at: datetime | None = None
) -> Statement:
    """Publish an approved statement now, or at `at` (it becomes public when that time passes).

    A scheduled statement can be re-scheduled by publishing it again before its time.
    """
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    rescheduling = locked.status == Status.PUBLISHED and locked.is_scheduled
    if locked.status == Status.PUBLISHED and not rescheduling and at is None:
        return locked  # public already: publishing twice changes nothing
    if locked.status != Status.APPROVED and not rescheduling:
        raise StatementRuleError(_("Only an approved statement can be published."))
    if at is not None and timezone.is_naive(at):
        raise StatementRuleError(_("The publication time needs a time zone."))
    now = timezone.now()
    locked.status = Status.PUBLISHED
    locked.published_at = at if at is not None and at > now else now
    locked.save(update_fields=["status", "published_at"])
    statement_page_forget(locked)
    audit_record(
        actor=acting_user,
        action=AuditAction.STATEMENT_PUBLISH,
        obj=locked,
        changes={"published_at": locked.published_at.isoformat()},
    )
    return locked


@transaction.atomic
def statement_withdraw(*, statement: Statement, acting_user: User, note: str) -> Statement:
    """Withdraw a published statement. Its page stays, with the public note saying why."""
    if not note.strip():
        raise StatementRuleError(_("Say why the statement is withdrawn; readers will see it."))
    statement, moved = _move(statement, expected=[Status.PUBLISHED], to=Status.WITHDRAWN)
    if not moved:
        return statement
    statement.withdrawn_at = timezone.now()
    statement.withdrawal_note = note.strip()
    statement.open_for_endorsement = False
    statement.save(
        update_fields=["status", "withdrawn_at", "withdrawal_note", "open_for_endorsement"]
    )
    statement_page_forget(statement)
    audit_record(
        actor=acting_user,
        action=AuditAction.STATEMENT_WITHDRAW,
        obj=statement,
        changes={"note": note},
    )
    return statement
