"""Terms of a body and the mandates of its seats and offices: who sits where, from when to when."""

from __future__ import annotations

import datetime

from django.db import models, transaction
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.core.text import single_line
from alyansa.governance.audit_actions import AuditAction
from alyansa.governance.models import Body, Mandate, Seat, Term
from alyansa.governance.services.common import GovernanceRuleError, decider_fields
from alyansa.members.models import (
    MembershipCategory,
    Organization,
    Person,
)


@transaction.atomic
def term_open(
    *,
    body: Body,
    label: str,
    starts_on: datetime.date,
    acting_user: User | None,
    opened_by: models.Model | str | None = None,
) -> Term:
    """Open a body's new term. The running term (and its open mandates) ends the day before:
    terms run from one assembly to the next."""
    if Term.objects.filter(body=body, starts_on__gte=starts_on).exists():
        raise GovernanceRuleError(_("A term of this body already starts on or after that date."))
    day_before = starts_on - datetime.timedelta(days=1)
    running = Term.objects.select_for_update().filter(body=body, ends_on__isnull=True).first()
    if running is not None:
        running.ends_on = day_before
        running.save(update_fields=["ends_on"])
        Mandate.objects.filter(term=running, ends_on__isnull=True).update(
            ends_on=day_before, end_reason=_("End of term")
        )
    name, ref = decider_fields(opened_by)
    term = Term.objects.create(
        body=body,
        label=single_line(label),
        starts_on=starts_on,
        opened_by_name=name,
        opened_by_ref=ref,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.TERM_OPEN,
        obj=term,
        changes={
            "starts_on": starts_on.isoformat(),
            "opened_by": name,
            "closed": running.label if running else None,
        },
    )
    return term


def _check_eligible(
    seat: Seat, organization: Organization | None, person: Person | None, day: datetime.date
) -> None:
    eligible = Seat.Eligible(seat.eligible)
    if eligible == Seat.Eligible.BODY_MEMBERS:
        electing = seat.body.elected_by
        if electing is None:
            raise GovernanceRuleError(_("This body names no electing body."))
        if (
            person is None
            or not Mandate.objects.on(day)
            .filter(seat__body=electing, person=person, alternate_rank__isnull=True)
            .exists()
        ):
            raise GovernanceRuleError(
                _("An office goes to someone who sits in %(body)s.") % {"body": electing}
            )
        return
    if eligible == Seat.Eligible.ANY:
        return
    if organization is None:
        raise GovernanceRuleError(_("Say which member organization the holder represents."))
    membership = getattr(organization, "membership", None)
    if membership is None or not membership.is_member:
        raise GovernanceRuleError(_("%(org)s is not a member.") % {"org": organization})
    if eligible == Seat.Eligible.ASSOCIATE and membership.category != MembershipCategory.ASSOCIATE:
        raise GovernanceRuleError(_("This seat goes to an associate member."))
    if eligible in (Seat.Eligible.FULL, Seat.Eligible.REGION) and (
        membership.category != MembershipCategory.FULL
    ):
        raise GovernanceRuleError(_("This seat goes to a full member."))
    if eligible == Seat.Eligible.REGION and organization.region_id != seat.region_id:
        raise GovernanceRuleError(
            _("This seat goes to a member of %(region)s.") % {"region": seat.region}
        )


@transaction.atomic
def mandate_assign(
    *,
    term: Term,
    seat: Seat,
    person: Person,
    acting_user: User | None,
    organization: Organization | None = None,
    starts_on: datetime.date | None = None,
    alternate_rank: int | None = None,
) -> Mandate:
    """Record who holds a seat (or is its alternate of a rank) in a term, from a date. The name
    on the record is the person's name now: a published record of public office."""
    if seat.body_id != term.body_id:
        raise GovernanceRuleError(_("The seat is not one of this body's seats."))
    if person.erased_at is not None:
        raise GovernanceRuleError(_("This person's data was erased."))
    starts_on = starts_on or term.starts_on
    if starts_on < term.starts_on or (term.ends_on and starts_on > term.ends_on):
        raise GovernanceRuleError(_("The date is outside the term."))
    organization = organization or person.organization
    Seat.objects.select_for_update().filter(pk=seat.pk).first()  # one assignment at a time
    taken = Mandate.objects.on(starts_on).filter(term=term, seat=seat)
    if alternate_rank is None:
        if taken.filter(alternate_rank__isnull=True).count() >= seat.holders:
            raise GovernanceRuleError(_("Every place of this seat is taken on that date."))
        _check_eligible(seat, organization, person, starts_on)
    else:
        if not 1 <= alternate_rank <= seat.alternates:
            raise GovernanceRuleError(
                _("This seat has %(count)d alternates.") % {"count": seat.alternates}
            )
        if taken.filter(alternate_rank=alternate_rank).exists():
            raise GovernanceRuleError(_("That alternate rank is taken."))
        if Seat.Eligible(seat.eligible) != Seat.Eligible.BODY_MEMBERS:
            _check_eligible(seat, organization, person, starts_on)
    if taken.filter(person=person).exists():
        raise GovernanceRuleError(_("This person already sits on this seat."))
    mandate = Mandate.objects.create(
        term=term,
        seat=seat,
        person=person,
        organization=organization,
        public_name=person.display_name,
        alternate_rank=alternate_rank,
        starts_on=starts_on,
        ends_on=term.ends_on,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.MANDATE_ASSIGN,
        obj=mandate,
        changes={
            "seat": str(seat),
            "term": term.label,
            "from": starts_on.isoformat(),
            "alternate_rank": alternate_rank,
        },
    )
    return mandate


@transaction.atomic
def mandate_end(
    *, mandate: Mandate, ends_on: datetime.date, reason: str, acting_user: User
) -> Mandate:
    """End a mandate early (resignation, death, the organization left). An alternate then gets
    their own mandate from the next day, through mandate_assign."""
    if ends_on < mandate.starts_on:
        raise GovernanceRuleError(_("A mandate cannot end before it starts."))
    if mandate.ends_on is not None and ends_on > mandate.ends_on:
        raise GovernanceRuleError(
            _("The mandate already ends on %(date)s.") % {"date": mandate.ends_on.isoformat()}
        )
    mandate.ends_on = ends_on
    mandate.end_reason = reason.strip()[:200]
    mandate.save(update_fields=["ends_on", "end_reason"])
    audit_record(
        actor=acting_user,
        action=AuditAction.MANDATE_END,
        obj=mandate,
        changes={"until": ends_on.isoformat(), "reason": mandate.end_reason},
    )
    return mandate
