"""Applications to join, from the public form: submitted, confirmed by the applicant's link,
then reviewed by the secretariat (memberships.py admits or declines); never-confirmed ones are
forgotten."""

from __future__ import annotations

import datetime
import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import hash_token
from alyansa.accounts.tasks import email_queue
from alyansa.audit.services import audit_record
from alyansa.core.text import single_line
from alyansa.members.audit_actions import Action
from alyansa.members.models import Application, MembershipCategory, MembershipStatus, Organization
from alyansa.members.services.common import absolute_url
from alyansa.members.services.memberships import record_step
from alyansa.members.services.organizations import Profile, new_organization


@transaction.atomic
def application_submit(
    *,
    profile: Profile,
    contact_name: str,
    contact_email: str,
    category: MembershipCategory | str = MembershipCategory.FULL,
    motivation: str = "",
) -> tuple[Application, str]:
    """Receive a public application. Nothing is shown to the secretariat until the applicant
    confirms the address (the link's secret is returned once and only its hash is kept)."""
    organization = new_organization(profile)
    secret = secrets.token_urlsafe(32)
    application = Application.objects.create(
        organization=organization,
        contact_name=single_line(contact_name),
        contact_email=contact_email.strip().lower(),
        category=MembershipCategory(category),
        motivation=motivation.strip(),
        token_hash=hash_token(secret),
    )
    link = absolute_url(reverse("members:apply_confirm", kwargs={"secret": secret}))
    email_queue(
        subject=_("Confirm your application to join the alliance"),
        body=_(
            "Someone, hopefully you, applied for %(organization)s to join the alliance.\n\n"
            "To confirm the application, open this link:\n%(link)s\n\n"
            "If you did not apply, ignore this message: nothing will happen."
        )
        % {"organization": organization.name, "link": link},
        to=[application.contact_email],
    )
    audit_record(actor=None, action=Action.APPLICATION_SUBMIT, obj=organization)
    return application, secret


@transaction.atomic
def application_confirm(*, secret: str) -> Application | None:
    """Confirm an application's address; it then waits in the secretariat's review queue.
    Confirming twice changes nothing. Unknown links give None."""
    application = (
        Application.objects.select_for_update()
        .select_related("organization")
        .filter(token_hash=hash_token(secret))
        .first()
    )
    if application is None or application.confirmed_at is not None:
        return application
    application.confirmed_at = timezone.now()
    application.save(update_fields=["confirmed_at"])
    record_step(
        organization=application.organization,
        status=MembershipStatus.APPLIED,
        date=timezone.localdate(),
        decided_by=None,
        note="",
        category=application.category,
        acting_user=None,
    )
    return application


@transaction.atomic
def applications_forget_unconfirmed(
    *, older_than: datetime.timedelta, now: datetime.datetime | None = None
) -> int:
    """Delete applications never confirmed (and the organization profile they carried) once
    they are `older_than` old: an unconfirmed address may not even be the applicant's."""
    cutoff = (now or timezone.now()) - older_than
    stale = Organization.objects.filter(
        application__confirmed_at__isnull=True,
        application__submitted_at__lt=cutoff,
        membership__isnull=True,
    )
    count = stale.count()
    if count:
        stale.delete()
        audit_record(
            actor=None, action=Action.APPLICATION_FORGET_UNCONFIRMED, changes={"count": count}
        )
    return count
