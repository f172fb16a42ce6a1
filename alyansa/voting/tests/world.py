"""This app's objects in the access-matrix world (see alyansa/portal/tests/world.py)."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from alyansa.accounts.roles import Role
from alyansa.accounts.services import role_grant
from alyansa.core.testing import World
from alyansa.members.testing import make_person
from alyansa.voting.models import Entitlement
from alyansa.voting.services import (
    election_create,
    election_poll_create,
    nomination_accept,
    nomination_create,
    poll_annul,
    poll_close,
    poll_create,
    poll_open,
)


def _motion(world: World, title: str, *, opened: bool = True):  # type: ignore[no-untyped-def]
    poll = poll_create(
        title=title,
        kind="motion",
        assembly=world.objects["assembly"],
        quorum_required=0,
        acting_user=None,
    )
    return poll_open(poll=poll, acting_user=None) if opened else poll


def extend(world: World) -> None:
    """Polls in each state in the assemblies world's assembly (its present delegate votes), a
    vote held by the delegate persona, an election whose committee is the committee persona,
    another still taking nominations (the delegate persona is nominated), and a third taking
    nominations for the API, also the committee persona's."""
    delegate = world.objects["delegate"]
    world.objects["draft_poll"] = _motion(world, "To open", opened=False)
    world.objects["poll_to_close"] = _motion(world, "To close")
    world.objects["api_draft_poll"] = _motion(world, "To open by API", opened=False)
    world.objects["api_poll_to_close"] = _motion(world, "To close by API")
    world.objects["poll_to_annul"] = _motion(world, "To annul")
    world.objects["open_poll"] = open_poll = _motion(world, "Open")
    # The delegate persona holds a vote in the open poll (as if checked in when it opened).
    Entitlement.objects.create(poll=open_poll, voter_key=f"d{delegate.pk}", holder=delegate)
    closed = _motion(world, "Closed")
    world.objects["closed_poll"] = poll_close(poll=closed, acting_user=None)
    annulled = _motion(world, "Annulled")
    world.objects["annulled_poll"] = poll_annul(
        poll=annulled, reason="Wrong text", acting_user=None
    )
    election = election_create(
        assembly=world.objects["assembly"],
        title="At-large seats",
        kind="at_large",
        seat=world.objects["seat"],
        term=world.objects["term"],
        acting_user=None,
    )
    for name in ("Ana Candidate", "Ben Candidate"):
        nomination_accept(
            nomination=nomination_create(
                election=election, person=make_person(name), acting_user=None
            ),
            acting_user=None,
        )
    world.objects["election"] = election
    world.objects["election_poll"] = election_poll_create(election=election, acting_user=None)
    # Another election, still taking nominations (its committee is not the committee persona):
    # the delegate persona is nominated and has not answered, and so has someone else.
    nominating = election_create(
        assembly=world.objects["assembly"],
        title="Second seat",
        kind="at_large",
        seat=world.objects["seat"],
        term=world.objects["term"],
        acting_user=None,
    )
    world.objects["nominating_election"] = nominating
    world.objects["delegate_nomination"] = nomination_create(
        election=nominating, participant=delegate, acting_user=None
    )
    world.objects["pending_nomination"] = nomination_create(
        election=nominating, name="Pending Candidate", acting_user=None
    )
    # A third election taking nominations, for the API, whose committee is the committee persona
    # too: someone nominated has not answered.
    api_election = election_create(
        assembly=world.objects["assembly"],
        title="Third seat",
        kind="at_large",
        seat=world.objects["seat"],
        term=world.objects["term"],
        acting_user=None,
    )
    world.objects["api_election"] = api_election
    world.objects["api_pending_nomination"] = nomination_create(
        election=api_election, name="Api Pending", acting_user=None
    )
    committee = world.users["election_committee"]
    role_grant(user=committee, role=Role.ELECTION_COMMITTEE, scope=election)
    role_grant(user=committee, role=Role.ELECTION_COMMITTEE, scope=api_election)
    # A staff role: its holder has two-factor sign-in set up, as the rules demand.
    TOTP.activate(committee, generate_totp_secret())
