"""Nominations: entered by the election committee (a delegate, a person of the registry, or
someone named), answered by the candidate or recorded for them while nominations are open."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import Participant
from alyansa.audit.services import audit_record
from alyansa.core.text import single_line
from alyansa.members.models import MembershipCategory, Organization, Person
from alyansa.members.services import person_create
from alyansa.voting.audit_actions import Action
from alyansa.voting.models import Election, Nomination
from alyansa.voting.services.common import VotingRuleError
from alyansa.voting.services.elections import elected_earlier


def _candidate_person(
    *,
    election: Election,
    participant: Participant | None,
    name: str,
    organization: Organization | None,
    acting_user: User | None,
) -> Person:
    """The registry's person for a candidate. A delegate nominated in several elections of the
    assembly (or someone named alike, of the same organization) is the same person each time,
    so that the chain of offices knows who was elected already; else the person is added."""
    earlier = Nomination.objects.filter(election__assembly_id=election.assembly_id)
    if participant is not None:
        found = earlier.filter(participant=participant).select_related("person").first()
        if found is not None:
            return found.person
        return person_create(
            display_name=participant.display_name,
            organization=participant.organization,
            acting_user=acting_user,
        )
    name = single_line(name)
    if not name:
        raise VotingRuleError(_("Choose a delegate, or give the candidate's name."))
    found = (
        earlier.filter(
            participant__isnull=True, person__display_name=name, person__organization=organization
        )
        .select_related("person")
        .first()
    )
    if found is not None:
        return found.person
    return person_create(display_name=name, organization=organization, acting_user=acting_user)


def _check_may_stand(election: Election, organization: Organization | None) -> None:
    """A region's seat is for someone of that region's member organizations, the associate
    members' seat for someone of an associate member (the statutes' caucuses)."""
    if election.kind == Election.Kind.REGIONAL and election.seat.region_id is not None:
        if organization is None or organization.region_id != election.seat.region_id:
            raise VotingRuleError(
                _("This seat is for a member organization of its region: %(region)s.")
                % {"region": election.seat.region}
            )
    elif election.kind == Election.Kind.ASSOCIATE and not (
        organization is not None
        and Organization.objects.filter(
            pk=organization.pk, membership__category=MembershipCategory.ASSOCIATE
        ).exists()
    ):
        raise VotingRuleError(_("This seat is for someone of an associate member organization."))


@transaction.atomic
def nomination_create(
    *,
    election: Election,
    acting_user: User | None,
    person: Person | None = None,
    participant: Participant | None = None,
    name: str = "",
    organization: Organization | None = None,
    nominated_by: str = "",
) -> Nomination:
    """Nominate a candidate: a person of the registry, a delegate registered at the assembly,
    or someone named here who is not a delegate (added to the registry's people). The
    nomination stands only once the candidate accepts. Refused once nominations are closed, for
    someone already nominated, and for someone already elected to an earlier office of the
    chain."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.NOMINATING:
        raise VotingRuleError(_("Nominations are closed."))
    if participant is not None and (
        participant.assembly_id != election.assembly_id
        or participant.kind != Participant.Kind.DELEGATE
        or participant.withdrawn_at is not None
    ):
        raise VotingRuleError(_("The candidate is not a delegate registered at this assembly."))
    _check_may_stand(
        election,
        organization
        or (participant.organization if participant else None)
        or (person.organization if person else None),
    )
    if person is None:
        person = _candidate_person(
            election=election,
            participant=participant,
            name=name,
            organization=organization,
            acting_user=acting_user,
        )
    if person.pk in elected_earlier(election):
        raise VotingRuleError(_("This person was already elected to an earlier office."))
    if Nomination.objects.filter(election=election, person=person).exists():
        raise VotingRuleError(_("This person is already nominated."))
    nomination = Nomination.objects.create(
        election=election,
        person=person,
        organization=organization or person.organization,
        nominated_by=nominated_by.strip()[:200],
        participant=participant,
    )
    audit_record(
        actor=acting_user,
        action=Action.NOMINATION_CREATE,
        obj=nomination,
        changes={"election": election.pk, "delegate": participant.pk if participant else None},
    )
    return nomination


def _answerable(nomination: Nomination, participant: Participant | None) -> Nomination:
    """The nomination, locked, if it may still be answered (and, from a phone, by this
    candidate only)."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("election")
        .get(pk=nomination.pk)
    )
    if participant is not None and nomination.participant_id != participant.pk:
        raise VotingRuleError(_("Only the candidate answers their own nomination."))
    if nomination.election.status != Election.Status.NOMINATING:
        raise VotingRuleError(_("Nominations are closed."))
    return nomination


def _answered_by(acting_user: User | None, participant: Participant | None) -> dict[str, int]:
    """Who gave the answer, when the candidate gave it themselves from their phone."""
    if participant is not None and acting_user is None:
        return {"by_participant": participant.pk}
    return {}


@transaction.atomic
def nomination_accept(
    *, nomination: Nomination, acting_user: User | None, participant: Participant | None = None
) -> Nomination:
    """The candidate accepts: only accepted nominations stand, and they become the options of
    the ballot when it is prepared (election_poll_create). The election committee or the
    secretariat records the answer, or the candidate (`participant`) gives it from their phone.
    A candidate who declined may still accept until nominations close."""
    nomination = _answerable(nomination, participant)
    if nomination.standing:
        return nomination  # a double tap changes nothing
    nomination.accepted_at = timezone.now()
    nomination.declined_at = None
    nomination.save(update_fields=["accepted_at", "declined_at"])
    audit_record(
        actor=acting_user,
        action=Action.NOMINATION_ACCEPT,
        obj=nomination,
        changes=_answered_by(acting_user, participant),
    )
    return nomination


@transaction.atomic
def nomination_decline(
    *, nomination: Nomination, acting_user: User | None, participant: Participant | None = None
) -> Nomination:
    """The candidate declines (or withdraws after accepting) until nominations close: they are
    not on the ballot. Recorded like an acceptance."""
    nomination = _answerable(nomination, participant)
    if nomination.declined_at is not None:
        return nomination
    nomination.declined_at = timezone.now()
    nomination.save(update_fields=["declined_at"])
    audit_record(
        actor=acting_user,
        action=Action.NOMINATION_DECLINE,
        obj=nomination,
        changes=_answered_by(acting_user, participant),
    )
    return nomination
