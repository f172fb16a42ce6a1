"""Voting's roles for the privacy matrix: two of the organization's people stand in a closed
election (one is erased after the flag, by the registry's privacy extension)."""

from alyansa.core.testing import World
from alyansa.members.testing import make_person
from alyansa.voting.services import (
    election_create,
    election_poll_create,
    nomination_accept,
    nomination_create,
    poll_close,
    poll_open,
)


def before_flag(world: World) -> None:
    election = election_create(
        assembly=world.objects["assembly"],
        title="Privacy seat",
        kind="at_large",
        seat=world.objects["seat"],
        term=world.objects["term"],
        acting_user=None,
    )
    for person in (
        world.objects["secret_person"],
        world.objects["secret_erased"],
        make_person("Paz Publiccandidate", organization=world.objects["organization"]),
    ):
        nomination_accept(
            nomination=nomination_create(election=election, person=person, acting_user=None),
            acting_user=None,
        )
    # Every ballot published (the committee's choice), so that the recount files are public.
    poll = election_poll_create(election=election, board_shows="ballots", acting_user=None)
    poll_open(poll=poll, acting_user=None)
    world.objects["secret_election"] = election
    world.objects["secret_poll"] = poll_close(poll=poll, acting_user=None)


def public_paths(world: World) -> list[str]:
    """The election's board, its recount files (CSV and BLT) and its API board, where the
    erased candidate must be a stand-in and the other candidates named without the
    organization."""
    poll = world.objects["secret_poll"].pk
    return [
        f"/voting/polls/{poll}/",
        f"/voting/polls/{poll}/ballots.csv",
        f"/voting/polls/{poll}/ballots.blt",
        f"/api/v1/voting/polls/{poll}/board",
    ]
