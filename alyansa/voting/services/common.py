"""What the voting services share: their refusals, and telling live pages a poll changed."""

from __future__ import annotations

from alyansa.assemblies.services import assembly_announce
from alyansa.core import live
from alyansa.core.errors import RuleError
from alyansa.voting.models import HasVoted, Poll


class VotingRuleError(RuleError):
    """A change the rules refuse; the message can be shown as it is."""


class QuorumMissing(VotingRuleError):
    """Opening the poll now would leave it without its quorum: the chair confirms, or waits
    for more delegates to check in."""


def live_channel(assembly_id: int | None) -> str:
    return f"voting:{assembly_id or 0}"


def poll_announce(poll: Poll) -> None:
    """Tell live pages the poll's whole state after the commit: counts, never people. The
    projector follows the voting channel (counts as they change); the assembly's other live
    pages (phones, the chair's console) hear only that a poll opened or closed."""
    state = {
        "poll": poll.pk,
        "status": poll.status,
        "voted": HasVoted.objects.filter(poll=poll).count(),
        "electorate": poll.electorate_size,
        "result": bool(poll.result),
    }
    live.publish(live_channel(poll.assembly_id), "poll", state)
    if poll.assembly is not None:
        assembly_announce(poll.assembly, "poll", {"poll": poll.pk, "poll_status": poll.status})
