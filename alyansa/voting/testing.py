"""Plain factory functions for tests of polls and elections (and of apps that use them)."""

from __future__ import annotations

from typing import Any

from alyansa.assemblies.models import Assembly, Participant
from alyansa.assemblies.testing import make_assembly, make_delegate
from alyansa.voting.castpath import CastOutcome, cast_ballot
from alyansa.voting.models import Poll
from alyansa.voting.services import poll_create, poll_open


def make_hall(size: int = 5, **setup: Any) -> tuple[Assembly, list[Participant]]:
    """An assembly in session with `size` delegates present, each of their own organization."""
    assembly = make_assembly(**setup)
    return assembly, [
        make_delegate(f"Delegate {n}", assembly=assembly, present=True) for n in range(1, size + 1)
    ]


def make_open_poll(
    assembly: Assembly, *, kind: str = "motion", options: tuple[str, ...] = (), **rules: Any
) -> Poll:
    rules.setdefault("quorum_required", 0)
    poll = poll_create(
        title=rules.pop("title", "Shall we?"),
        kind=kind,
        assembly=assembly,
        options=options,
        acting_user=None,
        **rules,
    )
    return poll_open(poll=poll, acting_user=None)


def vote(
    poll: Poll, delegate: Participant, *choices: str, for_: Participant | None = None
) -> CastOutcome:
    """Cast `delegate`'s own vote (or the vote they hold for `for_`)."""
    owner = for_ or delegate
    return cast_ballot(
        poll_id=poll.pk,
        voter_key=f"d{owner.pk}",
        choices=list(choices),
        holder_id=delegate.pk,
    )
