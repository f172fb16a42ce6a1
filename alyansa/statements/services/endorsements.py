"""Endorsements: the public form, the confirmation link mailed in the background, the
secretariat's record and moderation, and forgetting unconfirmed ones.
"""

from __future__ import annotations

import logging
import secrets
import unicodedata
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.core.text import single_line
from alyansa.members import public
from alyansa.members.models import Organization
from alyansa.statements.audit_actions import AuditAction
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import (
    Endorsement,
    Statement,
)
from alyansa.statements.services.pages import statement_page_forget

logger = logging.getLogger(__name__)

# A pending endorsement whose link was not followed in this many days is deleted (it holds an
# e-mail address, and nothing else needs it).
ENDORSEMENT_CONFIRM_DAYS = 14

# --- endorsements --------------------------------------------------------------------------


def normalize_organization_name(name: str) -> str:
    """Case, accents, punctuation and spacing folded, so one organization is one endorsement."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if ch.isalnum()).casefold()[:300]


def _email_hash(email: str) -> str:
    return salted_hmac("alyansa.statements.endorsement", email.strip().lower()).hexdigest()


def endorsement_confirmation_token(endorsement: Endorsement) -> str:
    """The secret of the e-mailed link: '<id>.<HMAC of id and nonce>'."""
    mac = salted_hmac(
        "alyansa.statements.endorsement-confirm", f"{endorsement.pk}:{endorsement.nonce}"
    ).hexdigest()[:40]
    return f"{endorsement.pk}.{mac}"


def _send_confirmation(endorsement_id: int) -> None:
    send_endorsement_confirmation.enqueue(endorsement_id=endorsement_id)


@transaction.atomic
def endorsement_submit(
    *,
    statement: Statement,
    organization_name: str,
    email: str,
    country: str = "",
    kind: str = Endorsement.Kind.ALLY,
    language: str = "en",
) -> Endorsement:
    """An organization asks to sign on. Nothing is shown until the link in the e-mail is
    followed and the secretariat approves it.

    The pending row is committed before the e-mail is queued (on commit), so a crash in between
    loses nothing: submitting again sends a fresh link. The same organization (by its folded
    name) or the same address signing again is the same endorsement, never a second one.
    """
    if not statement.is_public() or not statement.open_for_endorsement:
        raise StatementRuleError(_("This statement is not open for endorsement."))
    name = single_line(organization_name)[:300]
    normalized = normalize_organization_name(name)
    if not normalized:
        raise StatementRuleError(_("Give the organization's name."))
    # Never an at-risk member: the form must not turn a typed acronym into its name, nor
    # answer differently when it matches one (the name stays as typed, and moderation
    # refuses to show it: endorsement_moderate).
    member = (
        Organization.objects.current_members()
        .exclude(public.hidden())
        .filter(Q(name__iexact=name) | Q(acronym__iexact=name))
        .first()
    )
    if member is not None:
        # A member organization, by its name or its acronym: one endorsement either way.
        name, kind = member.name, Endorsement.Kind.MEMBER
        normalized = normalize_organization_name(member.name)
    email = email.strip()
    email_hash = _email_hash(email)
    existing = (
        Endorsement.objects.select_for_update()
        .filter(statement=statement, normalized_name=normalized)
        .first()
        or Endorsement.objects.select_for_update()
        .filter(statement=statement, email_hash=email_hash)
        .first()
    )
    if existing is None:
        try:
            with transaction.atomic():
                endorsement = Endorsement.objects.create(
                    statement=statement,
                    organization_name=name,
                    organization=member,
                    normalized_name=normalized,
                    country=country.strip()[:100],
                    kind=kind,
                    email=email,
                    email_hash=email_hash,
                    nonce=secrets.token_hex(16),
                    language=language,
                )
        except IntegrityError:
            # A double click: the other request created it a moment ago.
            return Endorsement.objects.get(statement=statement, normalized_name=normalized)
        audit_record(actor=None, action=AuditAction.ENDORSEMENT_SUBMIT, obj=endorsement)
    else:
        endorsement = existing
        if endorsement.status != Endorsement.Status.PENDING or endorsement.email_hash != email_hash:
            # Already signed (or another address claims the name): no second row, no mail,
            # and the page says the same thing as always, so nothing is revealed.
            return endorsement
        endorsement.nonce = secrets.token_hex(16)
        endorsement.save(update_fields=["nonce"])
        audit_record(actor=None, action=AuditAction.ENDORSEMENT_RESEND, obj=endorsement)
    endorsement_id = endorsement.pk
    transaction.on_commit(lambda: _send_confirmation(endorsement_id))
    return endorsement


@transaction.atomic
def endorsement_confirm(*, token: str) -> Endorsement | None:
    """Follow the e-mailed link: the endorsement goes to the moderation queue, and the e-mail
    address is forgotten (only its keyed hash stays). Confirming twice changes nothing."""
    endorsement_id, _dot, _mac = token.partition(".")
    if not endorsement_id.isdigit():
        return None
    endorsement = (
        Endorsement.objects.select_for_update()
        .select_related("statement")
        .filter(pk=int(endorsement_id))
        .first()
    )
    if endorsement is None or not constant_time_compare(
        token, endorsement_confirmation_token(endorsement)
    ):
        return None
    if endorsement.status != Endorsement.Status.PENDING:
        return endorsement
    if endorsement.created_at < timezone.now() - timedelta(days=ENDORSEMENT_CONFIRM_DAYS):
        return None
    endorsement.status = Endorsement.Status.CONFIRMED
    endorsement.confirmed_at = timezone.now()
    endorsement.email = ""
    endorsement.save(update_fields=["status", "confirmed_at", "email"])
    audit_record(actor=None, action=AuditAction.ENDORSEMENT_CONFIRM, obj=endorsement)
    return endorsement


def _recount_endorsements(statement_id: int) -> None:
    shown = Endorsement.objects.filter(statement_id=statement_id).public().count()
    Statement.objects.filter(pk=statement_id).update(endorsement_count=shown)


@transaction.atomic
def endorsement_record(
    *,
    statement: Statement,
    organization_name: str,
    acting_user: User,
    country: str = "",
    organization: Organization | None = None,
) -> Endorsement:
    """The secretariat records an endorsement that came another way (a signed letter, a call
    at an assembly): shown at once, no e-mail involved. Recording it twice changes nothing."""
    name = organization.name if organization else single_line(organization_name)[:300]
    normalized = normalize_organization_name(name)
    if not normalized:
        raise StatementRuleError(_("Give the organization's name."))
    endorsement, created = Endorsement.objects.get_or_create(
        statement=statement,
        normalized_name=normalized,
        defaults={
            "organization_name": name,
            "organization": organization,
            "kind": Endorsement.Kind.MEMBER if organization else Endorsement.Kind.ALLY,
            "country": country[:100],
            # No address: a keyed hash of the name keeps the unique constraint meaningful.
            "email_hash": _email_hash(f"recorded:{normalized}"),
            "nonce": secrets.token_hex(16),
            "status": Endorsement.Status.APPROVED,
            "confirmed_at": timezone.now(),
            "moderated_at": timezone.now(),
            "moderated_by": acting_user,
        },
    )
    if created:
        _recount_endorsements(statement.pk)
        statement_page_forget(endorsement.statement)
        audit_record(actor=acting_user, action=AuditAction.ENDORSEMENT_RECORD, obj=endorsement)
    return endorsement


@transaction.atomic
def endorsement_moderate(
    *, endorsement: Endorsement, acting_user: User, approve: bool
) -> Endorsement:
    """The secretariat shows (or rejects) a confirmed endorsement. A typed name that is an
    at-risk organization's cannot be shown: anyone may type it, so showing it (or counting it)
    would confirm that the organization exists. Its coordinator endorses while signed in."""
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.status == Endorsement.Status.PENDING:
        raise StatementRuleError(_("This endorsement has not been confirmed by e-mail yet."))
    if approve and endorsement_names_unnameable(endorsement):
        raise StatementRuleError(str(UNNAMEABLE_ENDORSEMENT))
    endorsement.status = Endorsement.Status.APPROVED if approve else Endorsement.Status.REJECTED
    endorsement.moderated_at = timezone.now()
    endorsement.moderated_by = acting_user
    endorsement.save(update_fields=["status", "moderated_at", "moderated_by"])
    _recount_endorsements(endorsement.statement_id)
    statement_page_forget(endorsement.statement)
    audit_record(
        actor=acting_user,
        action=AuditAction.ENDORSEMENT_APPROVE if approve else AuditAction.ENDORSEMENT_REJECT,
        obj=endorsement,
    )
    return endorsement


# Lazy: a module-level message is read in the language of each request, not of the import.
UNNAMEABLE_ENDORSEMENT = gettext_lazy(
    "This name is an organization's that cannot be named in public: it cannot be shown. "
    "Reject it; the organization's coordinator can endorse while signed in."
)


def endorsement_names_unnameable(endorsement: Endorsement, words: list[str] | None = None) -> bool:
    """A typed name (no registry organization behind it) that names an at-risk organization."""
    return endorsement.organization_id is None and public.mentions_unnameable(
        endorsement.organization_name, words
    )


@transaction.atomic
def endorsement_by_coordinator(
    *, statement: Statement, organization: Organization, acting_user: User
) -> Endorsement:
    """A signed-in coordinator endorses in the organization's name: shown at once (no e-mail,
    no moderation: the account is the proof). An at-risk organization's endorsement is counted
    and shown as one of "N organizations that cannot be named". Endorsing twice changes
    nothing."""
    if not statement.is_public() or not statement.open_for_endorsement:
        raise StatementRuleError(_("This statement is not open for endorsement."))
    normalized = normalize_organization_name(organization.name)
    endorsement = (
        Endorsement.objects.select_for_update()
        .filter(statement=statement)
        .filter(Q(organization=organization) | Q(normalized_name=normalized))
        .first()
    )
    if endorsement is None:
        endorsement = Endorsement.objects.create(
            statement=statement,
            organization_name=organization.name,
            organization=organization,
            normalized_name=normalized,
            kind=Endorsement.Kind.MEMBER,
            email_hash=_email_hash(f"coordinator:{organization.pk}"),
            nonce=secrets.token_hex(16),
            status=Endorsement.Status.APPROVED,
            confirmed_at=timezone.now(),
            moderated_at=timezone.now(),
            moderated_by=acting_user,
        )
    elif endorsement.status != Endorsement.Status.APPROVED:
        # Someone typed the name before: the coordinator's word settles it.
        endorsement.organization = organization
        endorsement.organization_name = organization.name
        endorsement.kind = Endorsement.Kind.MEMBER
        endorsement.status = Endorsement.Status.APPROVED
        endorsement.email = ""
        endorsement.moderated_at = timezone.now()
        endorsement.moderated_by = acting_user
        endorsement.save(
            update_fields=[
                "organization",
                "organization_name",
                "kind",
                "status",
                "email",
                "moderated_at",
                "moderated_by",
            ]
        )
    else:
        return endorsement
    _recount_endorsements(statement.pk)
    statement_page_forget(statement)
    audit_record(actor=acting_user, action=AuditAction.ENDORSEMENT_BY_COORDINATOR, obj=endorsement)
    return endorsement


@transaction.atomic
def endorsement_forget_unconfirmed(*, now: datetime | None = None) -> int:
    """Delete pending endorsements older than ENDORSEMENT_CONFIRM_DAYS (they hold an address)."""
    cutoff = (now or timezone.now()) - timedelta(days=ENDORSEMENT_CONFIRM_DAYS)
    deleted, _detail = Endorsement.objects.filter(
        status=Endorsement.Status.PENDING, created_at__lt=cutoff
    ).delete()
    if deleted:
        audit_record(
            actor=None,
            action=AuditAction.ENDORSEMENT_FORGET_UNCONFIRMED,
            changes={"count": deleted},
        )
    return deleted


logger = logging.getLogger(__name__)


@task()
def send_endorsement_confirmation(*, endorsement_id: int) -> None:
    """Mail the link that confirms an endorsement. Only the row's id travels through the queue;
    the link is computed here, so it is stored nowhere."""
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
