"""What the voting app writes to the audit trail. Never a ballot, nor who voted how: a cast is
not audited at all (castpath.py)."""

from enum import StrEnum


class Action(StrEnum):
    POLL_CREATE = "poll.create"
    POLL_OPEN = "poll.open"
    POLL_CLOSE = "poll.close"
    POLL_ANNUL = "poll.annul"
    POLL_RERUN = "poll.rerun"
    POLL_DECIDE = "poll.decide"
    POLL_PAPER_HAND_OUT = "poll.paper_hand_out"
    POLL_PAPER_ENTER = "poll.paper_enter"
    POLL_PAPER_MERGE = "poll.paper_merge"
    ELECTION_CREATE = "election.create"
    ELECTION_CERTIFY = "election.certify"
    NOMINATION_CREATE = "nomination.create"
    NOMINATION_ACCEPT = "nomination.accept"
    NOMINATION_DECLINE = "nomination.decline"
    COMMUNIQUE_GENERATE = "communique.generate"
    COMMUNIQUE_UPDATE = "communique.update"
    COMMUNIQUE_PUBLISH = "communique.publish"
