"""A membership's history: admission, category changes, suspension, reinstatement, withdrawal,
expulsion. The history only moves forward in time, only certain steps follow others
(TRANSITIONS), and dues arrears never end a membership by themselves (nothing here reacts to
dues).
"""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.accounts.roles import scope_key
from alyansa.accounts.tasks import email_queue
from alyansa.audit.services import audit_record
from alyansa.members.audit_actions import membership_action
from alyansa.members.models import (
    MEMBER_STATUSES,
    Application,
    Membership,
    MembershipCategory,
    MembershipEvent,
    MembershipStatus,
    Organization,
)
from alyansa.members.services.common import MembershipRuleError
from alyansa.members.services.coordinators import coordinator_from_application

# Which status may follow which. "applied" may follow an ended membership: a new application.
TRANSITIONS: dict[str | None, frozenset[str]] = {
    None: frozenset({MembershipStatus.APPLIED, MembershipStatus.ADMITTED}),
    MembershipStatus.APPLIED: frozenset({MembershipStatus.ADMITTED, MembershipStatus.DECLINED}),
    MembershipStatus.DECLINED: frozenset({MembershipStatus.APPLIED}),
    MembershipStatus.ADMITTED: frozenset(
        {MembershipStatus.SUSPENDED, MembershipStatus.WITHDRAWN, MembershipStatus.EXPELLED}
    ),
    MembershipStatus.REINSTATED: frozenset(
        {MembershipStatus.SUSPENDED, MembershipStatus.WITHDRAWN, MembershipStatus.EXPELLED}
    ),
    MembershipStatus.SUSPENDED: frozenset(
        {MembershipStatus.REINSTATED, MembershipStatus.WITHDRAWN, MembershipStatus.EXPELLED}
    ),
    MembershipStatus.WITHDRAWN: frozenset({MembershipStatus.APPLIED, MembershipStatus.ADMITTED}),
    MembershipStatus.EXPELLED: frozenset({MembershipStatus.APPLIED, MembershipStatus.ADMITTED}),
}


def _decider(decided_by: models.Model | str | None) -> tuple[str, str]:
    """The deciding body's name and reference: a model (a body, an assembly) or plain words."""
    if decided_by is None:
        return "", ""
    if isinstance(decided_by, str):
        return decided_by.strip()[:200], ""
    return str(decided_by)[:200], scope_key(decided_by)


# Its callers each run in a transaction of their own; savepoint=False adds no queries to theirs.
@transaction.atomic(savepoint=False)
def record_step(
    *,
    organization: Organization,
    status: MembershipStatus,
    date: datetime.date,
    decided_by: models.Model | str | None,
    note: str,
    category: MembershipCategory | str | None,
    acting_user: User | None,
) -> MembershipEvent:
    """The one place that moves a membership: checks the step and the date, writes the event,
    the membership's current state and the audit row. The services of this package call it
    (an application's confirmation too); it is not re-exported."""
    membership = Membership.objects.select_for_update().filter(organization=organization).first()
    current = membership.status if membership else None
    category_change = (
        membership is not None
        and status == current
        and category is not None
        and category != membership.category
        and current in MEMBER_STATUSES
    )
    if status not in TRANSITIONS[current] and not category_change:
        raise MembershipRuleError(
            _("A membership that is “%(current)s” cannot become “%(new)s”.")
            % {
                "current": MembershipStatus(current).label if current else _("not recorded"),
                "new": MembershipStatus(status).label,
            }
        )
    if membership is not None and date < membership.status_since:
        raise MembershipRuleError(
            _("The date %(date)s is before the membership's last step (%(last)s).")
            % {"date": date.isoformat(), "last": membership.status_since.isoformat()}
        )
    if date > timezone.localdate() + datetime.timedelta(days=1):
        raise MembershipRuleError(_("A decision cannot be recorded for a future date."))
    category = MembershipCategory(category or (membership.category if membership else "full"))
    if membership is None:
        membership = Membership.objects.create(
            organization=organization, category=category, status=status, status_since=date
        )
    else:
        membership.status, membership.status_since, membership.category = status, date, category
        membership.save(update_fields=["status", "status_since", "category"])
    name, ref = _decider(decided_by)
    event = MembershipEvent.objects.create(
        membership=membership,
        status=status,
        category=category,
        date=date,
        decided_by_name=name,
        decided_by_ref=ref,
        note=note.strip(),
        recorded_by=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=membership_action(status),
        obj=organization,
        changes={
            "status": [current, str(status)],
            "date": date.isoformat(),
            "category": str(category),
            "decided_by": name,
        },
    )
    return event


@transaction.atomic
def membership_record(
    *,
    organization: Organization,
    status: MembershipStatus,
    date: datetime.date,
    decided_by: models.Model | str | None = None,
    note: str = "",
    category: MembershipCategory | str | None = None,
    acting_user: User | None,
) -> MembershipEvent:
    """Record any step of a membership's history (the importer and past records use this)."""
    return record_step(
        organization=organization,
        status=status,
        date=date,
        decided_by=decided_by,
        note=note,
        category=category,
        acting_user=acting_user,
    )


@transaction.atomic
def membership_admit(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: User | None,
    date: datetime.date | None = None,
    category: MembershipCategory | str | None = None,
    note: str = "",
) -> MembershipEvent:
    """Admit an organization, by the decision of a body (an assembly, or the body the statutes
    let admit between assemblies). The assemblies app calls this for admissions on its agenda.

    If the organization applied through the public form, the applicant becomes its coordinator
    and is sent a link to choose a password."""
    if not (decided_by if isinstance(decided_by, str) else str(decided_by)).strip():
        raise MembershipRuleError(_("Say which body decided the admission."))
    event = record_step(
        organization=organization,
        status=MembershipStatus.ADMITTED,
        date=date or timezone.localdate(),
        decided_by=decided_by,
        note=note,
        category=category,
        acting_user=acting_user,
    )
    application = Application.objects.filter(
        organization=organization, confirmed_at__isnull=False
    ).first()
    if application is not None:
        coordinator_from_application(application, acting_user=acting_user)
    return event


@transaction.atomic
def membership_category_change(
    *,
    organization: Organization,
    category: MembershipCategory | str,
    decided_by: models.Model | str,
    acting_user: User,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Move a member between full and associate membership; the history keeps the step, so
    counts by category for any date stay right."""
    # From the database: the organization's cached membership may be older than a step just
    # recorded through another service.
    membership = Membership.objects.filter(organization=organization).first()
    if membership is None or not membership.is_member:
        raise MembershipRuleError(_("Only a member's category can change."))
    if category not in MembershipCategory.values:
        raise MembershipRuleError(_("Choose the new category."))
    if MembershipCategory(category) == membership.category:
        raise MembershipRuleError(_("The membership already has this category."))
    return record_step(
        organization=organization,
        status=MembershipStatus(membership.status),
        date=date or timezone.localdate(),
        decided_by=decided_by,
        note=note,
        category=category,
        acting_user=acting_user,
    )


@transaction.atomic
def membership_decline(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: User | None,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Decline an application; the applicant is told (the note is not sent: it is internal)."""
    event = record_step(
        organization=organization,
        status=MembershipStatus.DECLINED,
        date=date or timezone.localdate(),
        decided_by=decided_by,
        note=note,
        category=None,
        acting_user=acting_user,
    )
    application = Application.objects.filter(organization=organization).first()
    if application is not None:
        email_queue(
            subject=_("Your application to join the alliance"),
            body=_(
                "The application of %(organization)s was not accepted this time "
                "(decided by %(body)s). The secretariat can tell you more.\n"
            )
            % {"organization": organization.name, "body": event.decided_by_name},
            to=[application.contact_email],
        )
    return event


def _status_step(
    status: MembershipStatus,
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: User,
    date: datetime.date | None,
    note: str,
) -> MembershipEvent:
    return record_step(
        organization=organization,
        status=status,
        date=date or timezone.localdate(),
        decided_by=decided_by,
        note=note,
        category=None,
        acting_user=acting_user,
    )


# Dues arrears are not among these: an unpaid membership continues until a body decides.
# Each records one step of the membership (TRANSITIONS says which steps may follow which).


def membership_suspend(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: User,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Record that a body suspended the membership."""
    return _status_step(
        MembershipStatus.SUSPENDED,
        organization=organization,
        decided_by=decided_by,
        acting_user=acting_user,
        date=date,
        note=note,
    )


def membership_reinstate(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: User,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Record that a body reinstated a suspended membership."""
    return _status_step(
        MembershipStatus.REINSTATED,
        organization=organization,
        decided_by=decided_by,
        acting_user=acting_user,
        date=date,
        note=note,
    )


def membership_withdraw(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: User,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Record that the organization withdrew from the alliance."""
    return _status_step(
        MembershipStatus.WITHDRAWN,
        organization=organization,
        decided_by=decided_by,
        acting_user=acting_user,
        date=date,
        note=note,
    )


def membership_expel(
    *,
    organization: Organization,
    decided_by: models.Model | str,
    acting_user: User,
    date: datetime.date | None = None,
    note: str = "",
) -> MembershipEvent:
    """Record that a body expelled the organization."""
    return _status_step(
        MembershipStatus.EXPELLED,
        organization=organization,
        decided_by=decided_by,
        acting_user=acting_user,
        date=date,
        note=note,
    )
