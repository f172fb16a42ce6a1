"""What the close does to a poll's ballots: the sealed cast-time ballots opened with the poll's
key, every ballot rewritten in a random order, the count, and once committed the key
destroyed. Shared by the close, the annulment and the merge of paper ballots."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db import connection

from alyansa.voting import ballotbox, castpath
from alyansa.voting.counting import count_poll, count_rules
from alyansa.voting.models import Ballot, CastBallot, HasVoted, Poll
from alyansa.voting.services.common import VotingRuleError

# PostgreSQL: one statement takes the board's rows out and writes them back, with the opened
# ballots (already shuffled in this process) and any paper ballots, in an order drawn from
# gen_random_uuid() (the server's strong random source): the new keys, the physical order and
# the transaction id follow nothing of the cast order.
POSTGRES_RESHUFFLE = """
WITH old AS (DELETE FROM voting_ballot WHERE poll_id = %(poll)s RETURNING content, weight),
extra AS (SELECT unnest(%(contents)s::text[]) AS content, unnest(%(weights)s::int[]) AS weight)
INSERT INTO voting_ballot (poll_id, content, weight)
SELECT %(poll)s, content, weight FROM (
    SELECT content, weight FROM old UNION ALL SELECT content, weight FROM extra
) AS every_ballot
ORDER BY gen_random_uuid()
"""


def _open_cast_ballots(poll: Poll, *, or_drop: bool = False) -> list[tuple[str, int]]:
    """Take the sealed cast-time ballots out of the poll and open them with the poll's key.
    The key must be there, unless `or_drop` (annulling: ballots that cannot be opened are
    dropped with the poll's result)."""
    sealed = list(CastBallot.objects.filter(poll=poll).values_list("content", "weight"))
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            # Deleted rows are overwritten with zeros, not left in free pages of the file.
            cursor.execute("PRAGMA secure_delete = ON")
    CastBallot.objects.filter(poll=poll).delete()
    if not sealed:
        return []
    try:
        open_one = ballotbox.opener(poll.pk, poll.ballot_box_key)
        return [(open_one(content), weight) for content, weight in sealed]
    except ballotbox.BallotBoxError as error:
        if or_drop:
            return []
        raise VotingRuleError(str(error)) from None


def reshuffle_ballots(
    poll: Poll, extra: Iterable[tuple[str, int]] = (), *, or_drop: bool = False
) -> int:
    """Rewrite every ballot of the poll (the board's, the cast-time ones opened, and `extra`)
    in a random order into fresh rows and delete the old ones, in the caller's transaction.
    Returns how many ballots."""
    papers = _open_cast_ballots(poll, or_drop=or_drop) + list(extra)
    # Shuffled here too, so that not even the statement's parameters follow the cast order.
    secrets.SystemRandom().shuffle(papers)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                POSTGRES_RESHUFFLE,
                {
                    "poll": poll.pk,
                    "contents": [content for content, _weight in papers],
                    "weights": [weight for _content, weight in papers],
                },
            )
            return cursor.rowcount
    papers += list(Ballot.objects.filter(poll=poll).values_list("content", "weight"))
    secrets.SystemRandom().shuffle(papers)
    Ballot.objects.filter(poll=poll).delete()
    Ballot.objects.bulk_create(
        [Ballot(poll=poll, content=content, weight=weight) for content, weight in papers],
        batch_size=500,
    )
    return len(papers)


def after_the_close(poll: Poll) -> None:
    """Once the close (or annulment) is committed: destroy the poll's ballot box key, and any
    key left by a server that stopped right after another close; then have the database drop
    the deleted cast-time rows (VACUUM on PostgreSQL, a WAL checkpoint on SQLite; not possible
    inside a transaction, as in tests)."""
    ballotbox.box_destroy(poll.pk, poll.ballot_box_key)
    ballotbox.sealers_forget(poll.pk)
    castpath.poll_spec_forget(poll.pk)
    kept = ballotbox.keys_kept()
    if kept:
        done = Poll.objects.filter(pk__in=[pk for pk, _start in kept]).exclude(
            status__in=[Poll.Status.DRAFT, Poll.Status.OPEN]
        )
        starts = set(kept)
        for pk, key in done.values_list("pk", "ballot_box_key"):
            if (pk, key[:16]) in starts:
                ballotbox.box_destroy(pk, key)
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM voting_castballot, voting_ballot")
        else:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def count_into_result(poll: Poll) -> None:
    """Count the poll, unless paper ballots handed out are still to be merged: then nothing is
    counted or published yet, so that no difference between a count before the merge and one
    after it can tell how the paper voters (whom the tellers saw take a ballot) voted."""
    paper_out = HasVoted.objects.filter(poll=poll, paper=True).count()
    voters = HasVoted.objects.filter(poll=poll).count()
    if paper_out and not poll.paper_merged:
        poll.result = {"kind": poll.kind, "paper_pending": paper_out, "voters": voters}
        poll.result_html = ""
        return
    result, html = count_poll(
        count_rules(poll),
        Ballot.objects.filter(poll=poll).order_by("pk").values_list("content", "weight"),
    )
    result["paper_pending"] = 0
    result["voters"] = voters
    poll.result = result
    poll.result_html = html
