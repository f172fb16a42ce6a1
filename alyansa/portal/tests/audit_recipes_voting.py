"""Audit-row recipes for voting: polls, paper ballots, elections and nominations."""

from __future__ import annotations

from alyansa.accounts.models import User
from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies import services as assembly_services
from alyansa.assemblies.testing import make_assembly, make_delegate, make_item
from alyansa.governance.testing import make_body, make_seat, make_term
from alyansa.members.testing import make_organization, make_person
from alyansa.portal.tests.audit_recipes import Call, recipe
from alyansa.voting import services as voting_services
from alyansa.voting.models import Election, Poll
from alyansa.voting.testing import make_hall, make_open_poll, vote


def secretariat() -> User:
    return make_user("Sara Secretariat", role=Role.SECRETARIAT)


# --- polls ----------------------------------------------------------------------------------


@recipe("voting", "poll_create", "poll.create")
def _poll_create() -> Call:
    assembly, user = make_assembly(), secretariat()
    return lambda: voting_services.poll_create(
        title="Shall we?", kind="motion", assembly=assembly, acting_user=user
    )


@recipe("voting", "poll_open", "poll.open")
def _poll_open() -> Call:
    assembly, _delegates = make_hall(2)
    poll = voting_services.poll_create(
        title="Shall we?", kind="motion", assembly=assembly, quorum_required=0, acting_user=None
    )
    user = secretariat()
    return lambda: voting_services.poll_open(poll=poll, acting_user=user)


@recipe("voting", "poll_close", "poll.close")
def _poll_close() -> Call:
    assembly, delegates = make_hall(2)
    poll = make_open_poll(assembly)
    vote(poll, delegates[0], "yes")
    user = secretariat()
    return lambda: voting_services.poll_close(poll=poll, acting_user=user)


@recipe("voting", "poll_annul", "poll.annul")
def _poll_annul() -> Call:
    assembly, _delegates = make_hall(2)
    poll, user = make_open_poll(assembly), secretariat()
    return lambda: voting_services.poll_annul(poll=poll, reason="Wrong text", acting_user=user)


@recipe("voting", "poll_rerun", "poll.rerun")
def _poll_rerun() -> Call:
    assembly, _delegates = make_hall(2)
    poll, user = make_open_poll(assembly), secretariat()
    poll = voting_services.poll_annul(poll=poll, reason="Wrong text", acting_user=user)
    return lambda: voting_services.poll_rerun(poll=poll, acting_user=user)


@recipe(
    "voting",
    "poll_decide",
    "poll.decide",
    through=("item.decide",),
)
def _poll_decide() -> Call:
    assembly, delegates = make_hall(2)
    item = assembly_services.item_open(item=make_item(assembly, "motion"), acting_user=None)
    poll = make_open_poll(assembly, item=item)
    vote(poll, delegates[0], "yes")
    user = secretariat()
    poll = voting_services.poll_close(poll=poll, acting_user=user)
    return lambda: voting_services.poll_decide(poll=poll, acting_user=user)


# --- paper ballots --------------------------------------------------------------------------


def _paper_handed_out() -> tuple[Poll, User]:
    assembly, delegates = make_hall(2)
    poll, user = make_open_poll(assembly), secretariat()
    voting_services.paper_ballot_hand_out(poll=poll, participant=delegates[0], acting_user=user)
    return voting_services.poll_close(poll=poll, acting_user=user), user


@recipe("voting", "paper_ballot_hand_out", "poll.paper_hand_out")
def _paper_ballot_hand_out() -> Call:
    assembly, delegates = make_hall(2)
    poll, user = make_open_poll(assembly), secretariat()
    return lambda: voting_services.paper_ballot_hand_out(
        poll=poll, participant=delegates[0], acting_user=user
    )


@recipe("voting", "paper_ballot_enter", "poll.paper_enter")
def _paper_ballot_enter() -> Call:
    poll, user = _paper_handed_out()
    return lambda: voting_services.paper_ballot_enter(
        poll=poll, number=1, choices=["no"], acting_user=user
    )


@recipe("voting", "paper_ballots_merge", "poll.paper_merge")
def _paper_ballots_merge() -> Call:
    poll, user = _paper_handed_out()
    second = make_user("Tess Teller", role=Role.SECRETARIAT)
    for teller in (user, second):
        voting_services.paper_ballot_enter(poll=poll, number=1, choices=["no"], acting_user=teller)
    return lambda: voting_services.paper_ballots_merge(
        poll=poll, ballots_in_box=1, acting_user=user
    )


# --- elections ------------------------------------------------------------------------------


def _election(holders: int = 1) -> Election:
    body = make_body()
    return voting_services.election_create(
        assembly=make_assembly(delegate_quota=10),
        title="At-large seat",
        kind="at_large",
        seat=make_seat(body, holders=holders),
        term=make_term(body),
        acting_user=None,
    )


def _standing(election: Election, name: str = "Ana Candidate") -> None:
    nomination = voting_services.nomination_create(
        election=election,
        person=make_person(name, organization=make_organization()),
        acting_user=None,
    )
    voting_services.nomination_accept(nomination=nomination, acting_user=None)


@recipe("voting", "election_create", "election.create")
def _election_create() -> Call:
    assembly, body, user = make_assembly(), make_body(), secretariat()
    seat, term = make_seat(body), make_term(body)
    return lambda: voting_services.election_create(
        assembly=assembly,
        title="At-large seat",
        kind="at_large",
        seat=seat,
        term=term,
        acting_user=user,
    )


@recipe("voting", "nomination_create", "nomination.create")
def _nomination_create() -> Call:
    election, user = _election(), secretariat()
    person = make_person(organization=make_organization())
    return lambda: voting_services.nomination_create(
        election=election, person=person, acting_user=user
    )


@recipe("voting", "nomination_accept", "nomination.accept")
def _nomination_accept() -> Call:
    election, user = _election(), secretariat()
    nomination = voting_services.nomination_create(
        election=election, name="Ana Candidate", acting_user=user
    )
    return lambda: voting_services.nomination_accept(nomination=nomination, acting_user=user)


@recipe("voting", "nomination_decline", "nomination.decline")
def _nomination_decline() -> Call:
    election, user = _election(), secretariat()
    nomination = voting_services.nomination_create(
        election=election, name="Ana Candidate", acting_user=user
    )
    return lambda: voting_services.nomination_decline(nomination=nomination, acting_user=user)


@recipe("voting", "election_poll_create", "poll.create")
def _election_poll_create() -> Call:
    election, user = _election(), secretariat()
    _standing(election)
    return lambda: voting_services.election_poll_create(election=election, acting_user=user)


@recipe(
    "voting",
    "election_certify",
    "election.certify",
    through=("mandate.assign",),  # one seat, one candidate: one mandate
)
def _election_certify() -> Call:
    election, user = _election(), secretariat()
    _standing(election)
    poll = voting_services.election_poll_create(election=election, acting_user=user)
    delegate = make_delegate(assembly=election.assembly, present=True)
    poll = voting_services.poll_open(poll=poll, acting_user=user)
    vote(poll, delegate, "1")
    voting_services.poll_close(poll=poll, acting_user=user)
    return lambda: voting_services.election_certify(election=election, acting_user=user)


@recipe("voting", "committee_appoint", "role.grant")
def _committee_appoint() -> Call:
    election, user, member = _election(), secretariat(), make_user("Eli Committee")
    return lambda: voting_services.committee_appoint(
        election=election, user=member, acting_user=user
    )
