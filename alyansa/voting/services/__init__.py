"""Every change to polls and elections, except casting a ballot (castpath.py): one module per
subject. Each service runs in one transaction and writes one audit row, which never says how
anyone voted: counts, states and reasons only. Callers import from here.

- common: the refusals (VotingRuleError, QuorumMissing) and the live announcement of a poll;
- electorate: who may cast which vote once a poll opens;
- polls: prepare, open, close, annul, run again, and decide the agenda item;
- closing: what the close does to the ballots (opened, reshuffled, counted, key destroyed);
- paper: paper ballots handed out, entered by two tellers, merged;
- elections: an election, its ballot, its certification and its committee;
- nominations: entered by the committee, answered by the candidate.
"""

from alyansa.voting.services.closing import POSTGRES_RESHUFFLE
from alyansa.voting.services.common import (
    QuorumMissing,
    VotingRuleError,
    live_channel,
    poll_announce,
)
from alyansa.voting.services.elections import (
    ELECTORATE_BY_KIND,
    committee_appoint,
    elected_earlier,
    election_certify,
    election_create,
    election_poll_create,
)
from alyansa.voting.services.electorate import body_members_elected, entitlements_for
from alyansa.voting.services.nominations import (
    nomination_accept,
    nomination_create,
    nomination_decline,
)
from alyansa.voting.services.paper import (
    paper_ballot_enter,
    paper_ballot_hand_out,
    paper_ballots_merge,
    paper_disagreements,
)
from alyansa.voting.services.polls import (
    DEFAULT_QUORUM_BASIS,
    DEFAULT_THRESHOLD,
    THRESHOLD_BY_ITEM_KIND,
    ballot_counts,
    candidate_labels,
    poll_annul,
    poll_close,
    poll_create,
    poll_decide,
    poll_open,
    poll_rerun,
    quorum_shortfall,
    rules_for,
    voters_count,
)

__all__ = [
    "DEFAULT_QUORUM_BASIS",
    "DEFAULT_THRESHOLD",
    "ELECTORATE_BY_KIND",
    "POSTGRES_RESHUFFLE",
    "THRESHOLD_BY_ITEM_KIND",
    "QuorumMissing",
    "VotingRuleError",
    "ballot_counts",
    "body_members_elected",
    "candidate_labels",
    "committee_appoint",
    "elected_earlier",
    "election_certify",
    "election_create",
    "election_poll_create",
    "entitlements_for",
    "live_channel",
    "nomination_accept",
    "nomination_create",
    "nomination_decline",
    "paper_ballot_enter",
    "paper_ballot_hand_out",
    "paper_ballots_merge",
    "paper_disagreements",
    "poll_announce",
    "poll_annul",
    "poll_close",
    "poll_create",
    "poll_decide",
    "poll_open",
    "poll_rerun",
    "quorum_shortfall",
    "rules_for",
    "voters_count",
]
