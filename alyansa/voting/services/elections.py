"""Elections: created for a seat in a term, their ballot prepared from the standing
candidates, their result certified into the governance registry, and their committee."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant
from alyansa.assemblies.models import AgendaItem, Assembly
from alyansa.audit.services import audit_record
from alyansa.core.text import single_line
from alyansa.governance.models import Seat, Term
from alyansa.governance.services import GovernanceRuleError, mandate_assign
from alyansa.voting.audit_actions import Action
from alyansa.voting.models import BoardShows, Election, Electorate, Poll, PollKind
from alyansa.voting.services.common import VotingRuleError
from alyansa.voting.services.polls import poll_create


@transaction.atomic
def election_create(
    *,
    assembly: Assembly,
    title: str,
    kind: str,
    seat: Seat,
    term: Term,
    acting_user: User | None,
    follows: Election | None = None,
    item: AgendaItem | None = None,
    mandates_start_on: datetime.date | None = None,
) -> Election:
    """An election for a seat rule of a body, in a term. Offices follow one another. A
    by-election may set the day its mandates start (else the day it is certified)."""
    if seat.body_id != term.body_id:
        raise VotingRuleError(_("The seat is not one of this term's body's seats."))
    if mandates_start_on is not None and not (
        term.starts_on <= mandates_start_on <= (term.ends_on or mandates_start_on)
    ):
        raise VotingRuleError(_("The mandates would start outside the term."))
    election = Election.objects.create(
        assembly=assembly,
        title=single_line(title),
        kind=Election.Kind(kind),
        seat=seat,
        term=term,
        follows=follows,
        item=item,
        mandates_start_on=mandates_start_on,
    )
    audit_record(
        actor=acting_user,
        action=Action.ELECTION_CREATE,
        obj=election,
        changes={"mandates_start_on": mandates_start_on.isoformat() if mandates_start_on else None},
    )
    return election


def elected_earlier(election: Election) -> set[int]:
    """People elected in the earlier elections of this chain of offices."""
    earlier = election.chain()
    people: set[int] = set()
    for previous in earlier:
        poll = previous.polls.filter(status=Poll.Status.CLOSED).order_by("-pk").first()
        if poll is None:
            continue
        elected = set(poll.result.get("elected") or [])
        for option in poll.options.select_related("nomination"):
            if option.label in elected and option.nomination is not None:
                people.add(option.nomination.person_id)
    return people


ELECTORATE_BY_KIND = {
    Election.Kind.REGIONAL: Electorate.REGION,
    Election.Kind.ASSOCIATE: Electorate.ASSOCIATE,
    Election.Kind.AT_LARGE: Electorate.PRESENT,
    Election.Kind.OFFICE: Electorate.BODY,
}


@transaction.atomic
def election_poll_create(
    *,
    election: Election,
    acting_user: User | None,
    method: str = "",
    alternates: int | None = None,
    board_shows: str = BoardShows.STAGES,
) -> Poll:
    """The ballot of an election, which closes its nominations: its options are the standing
    candidates (accepted, and not elected to an earlier office of the chain) in the order
    nominated, counted by STV for several seats (Scottish rules unless another method is
    chosen) or by instant runoff for one; the seat's alternates are ranked. Prepared once
    (again only after the poll was annulled)."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status == Election.Status.CERTIFIED:
        raise VotingRuleError(_("This election is certified."))
    if election.polls.exclude(status=Poll.Status.ANNULLED).exists():
        raise VotingRuleError(_("The ballot of this election is already prepared."))
    earlier = elected_earlier(election)
    standing = [
        nomination
        for nomination in election.nominations.select_related("person", "organization").order_by(
            "pk"
        )
        if nomination.standing and nomination.person_id not in earlier
    ]
    seat = election.seat
    if len(standing) < 1:
        raise VotingRuleError(_("No candidate stands."))
    election.status = Election.Status.VOTING
    election.save(update_fields=["status"])
    return poll_create(
        title=election.title,
        kind=PollKind.RANKED,
        acting_user=acting_user,
        election=election,
        item=election.item,
        method=method or ("scottish-stv" if seat.holders > 1 else "irv"),
        seats=min(seat.holders, len(standing)),
        alternates=seat.alternates if alternates is None else alternates,
        electorate=ELECTORATE_BY_KIND[Election.Kind(election.kind)],
        region=seat.region if election.kind == Election.Kind.REGIONAL else None,
        body=seat.body.elected_by if election.kind == Election.Kind.OFFICE else None,
        nominations=standing,
        board_shows=board_shows,
    )


@transaction.atomic
def election_certify(*, election: Election, acting_user: User | None) -> Election:
    """Certify an election's result: its holders and ranked alternates are written into the
    governance registry as mandates of the seat in the term (through governance's services),
    from the term's first day; a by-election's from the day it sets or from today, so the seat's
    earlier holders must have left before then."""
    election = (
        Election.objects.select_for_update(of=("self",))
        .select_related("seat", "term", "assembly")
        .get(pk=election.pk)
    )
    if election.status == Election.Status.CERTIFIED:
        raise VotingRuleError(_("This election is already certified."))
    starts_on = election.mandates_start()
    poll = election.polls.filter(status=Poll.Status.CLOSED).order_by("-pk").first()
    if poll is None:
        raise VotingRuleError(_("No closed poll to certify."))
    if poll.result.get("paper_pending"):
        raise VotingRuleError(_("Merge the paper ballots before certifying."))
    by_label = {
        option.label: option.nomination
        for option in poll.options.select_related("nomination__person")
    }
    try:
        for name in poll.result.get("elected", []):
            nomination = by_label[name]
            assert nomination is not None
            mandate_assign(
                term=election.term,
                seat=election.seat,
                person=nomination.person,
                organization=nomination.organization,
                starts_on=starts_on,
                acting_user=acting_user,
            )
        for rank, name in enumerate(poll.result.get("alternates", [])[: election.seat.alternates]):
            nomination = by_label[name]
            assert nomination is not None
            mandate_assign(
                term=election.term,
                seat=election.seat,
                person=nomination.person,
                organization=nomination.organization,
                alternate_rank=rank + 1,
                starts_on=starts_on,
                acting_user=acting_user,
            )
    except GovernanceRuleError as error:
        raise VotingRuleError(str(error)) from None
    election.status = Election.Status.CERTIFIED
    election.certified_at = timezone.now()
    election.save(update_fields=["status", "certified_at"])
    audit_record(
        actor=acting_user,
        action=Action.ELECTION_CERTIFY,
        obj=election,
        changes={
            "poll": poll.pk,
            "elected": list(poll.result.get("elected", [])),
            "from": starts_on.isoformat(),
        },
    )
    return election


@transaction.atomic
def committee_appoint(*, election: Election, user: User, acting_user: User | None) -> None:
    """Give someone (who may be from outside the alliance) the election committee role for one
    election: they run its polls, enter paper ballots and certify; nothing else."""
    role_grant(user=user, role=Role.ELECTION_COMMITTEE, scope=election, acting_user=acting_user)
