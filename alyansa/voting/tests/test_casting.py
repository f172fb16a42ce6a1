"""Casting: one person one vote by the database, no link from a ballot to a voter, shuffled at
the close. Runs on SQLite and on PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import base64
import json
import threading

import pytest
from django.db import connection
from django.urls import reverse

from alyansa.assemblies.services import proxy_grant
from alyansa.assemblies.testing import (
    make_credential,
    make_delegate,
    make_guest,
    sign_in_delegate,
)
from alyansa.audit.models import AuditEvent
from alyansa.voting.castpath import CAST_STATUS, CastResult, cast_ballot
from alyansa.voting.models import Ballot, CastBallot, HasVoted, Poll
from alyansa.voting.services import poll_close
from alyansa.voting.testing import make_hall, make_open_poll, vote
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_delegate_votes_once_and_a_second_try_is_told_already_voted() -> None:
    assembly, (ana, *_rest) = make_hall(3)
    poll = make_open_poll(assembly)
    first = vote(poll, ana, "yes")
    again = vote(poll, ana, "no")
    assert first.result is CastResult.CAST and first.receipt
    assert again.result is CastResult.ALREADY_VOTED and not again.receipt
    assert CastBallot.objects.filter(poll=poll).count() == 1
    assert HasVoted.objects.filter(poll=poll).count() == 1


def test_the_page_and_the_api_answer_a_refused_cast_with_the_same_status() -> None:
    """One table (castpath.CAST_STATUS) answers every outcome, on the page, in the API and at
    the fast endpoint: 409 when the poll's state refuses the ballot (the vote is used, the poll
    is not open), 403 when the sender does not hold the vote."""
    assert set(CAST_STATUS) == set(CastResult)
    assert CAST_STATUS[CastResult.NOT_ENTITLED] == 403
    assembly, (ana, ben, *_rest) = make_hall(3)
    _credential, secret = make_credential(ana)
    poll = make_open_poll(assembly)
    phone = client_for(None)
    sign_in_delegate(phone, secret)
    page = reverse("voting:ballot", kwargs={"poll_id": poll.pk})

    def by_api(voter_key: str, choice: str) -> int:
        body = json.dumps({"voter_key": voter_key, "choices": [choice]})
        url = reverse("api-v1:voting_me_cast", args=[poll.pk])
        return phone.post(url, body, content_type="application/json").status_code

    assert by_api(f"d{ben.pk}", "yes") == 403
    assert by_api(f"d{ana.pk}", "yes") == 200
    assert by_api(f"d{ana.pk}", "no") == 409
    assert phone.post(page, {"vote": "1", "choice": "no"}).status_code == 409
    poll_close(poll=poll, acting_user=None)
    assert by_api(f"d{ana.pk}", "no") == 409
    assert phone.post(page, {"vote": "1", "choice": "no"}).status_code == 409


def test_the_ballot_row_has_no_column_that_names_a_voter_or_a_time() -> None:
    for model in (CastBallot, Ballot):
        columns = {field.column for field in model._meta.concrete_fields}
        assert columns == {"id", "poll_id", "content", "weight"}
    assert {f.column for f in HasVoted._meta.concrete_fields} == {
        "id",
        "poll_id",
        "voter_key",
        "receipt_hash",
        "paper",
    }


def test_a_guest_an_absent_delegate_and_a_closed_poll_are_refused() -> None:
    assembly, (ana, *_rest) = make_hall(2)
    guest = make_guest(assembly=assembly)
    absent = make_delegate("Away", assembly=assembly)
    poll = make_open_poll(assembly)
    assert vote(poll, guest, "yes").result is CastResult.NOT_ENTITLED
    assert vote(poll, absent, "yes").result is CastResult.NOT_ENTITLED
    poll_close(poll=poll, acting_user=None)
    assert vote(poll, ana, "yes").result is CastResult.NOT_OPEN
    assert Ballot.objects.filter(poll=poll).count() == 0


def test_a_proxy_holder_casts_each_held_vote_separately() -> None:
    assembly, (ana, bea) = make_hall(2)
    organization = ana.organization
    giver = make_delegate("Absent giver", assembly=assembly, organization=organization)
    proxy_grant(giver=giver, holder=ana, acting_user=None)
    poll = make_open_poll(assembly)
    assert vote(poll, ana, "yes").result is CastResult.CAST
    assert vote(poll, ana, "no", for_=giver).result is CastResult.CAST
    assert vote(poll, giver, "no").result is CastResult.NOT_ENTITLED
    assert vote(poll, bea, "no").result is CastResult.CAST
    closed = poll_close(poll=poll, acting_user=None)
    assert (closed.result["yes"], closed.result["no"]) == (1, 2)
    assert closed.electorate_size == 3


def test_closing_rewrites_the_ballots_in_a_random_order_into_fresh_rows() -> None:
    assembly, delegates = make_hall(12)
    names = [f"Candidate {n}" for n in range(1, 7)]
    poll = make_open_poll(assembly, kind="ranked", options=tuple(names), seats=2)
    orders = []
    for number, delegate in enumerate(delegates):
        # Each ballot is distinct, so the order in which they were cast can be recognised.
        order = [str((number + k) % 6 + 1) for k in range(6)][: 2 + number % 5]
        orders.append(">".join(order))
        assert vote(poll, delegate, *order).result is CastResult.CAST
    poll_close(poll=poll, acting_user=None)
    assert not CastBallot.objects.filter(poll=poll).exists()
    sealed = list(Ballot.objects.filter(poll=poll).order_by("pk").values_list("pk", "content"))
    assert sorted(content for _pk, content in sealed) == sorted(orders)
    if connection.vendor == "postgresql":
        # Every sealed ballot was written by the closing transaction: one xmin for them all.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(DISTINCT xmin::text) FROM voting_ballot WHERE poll_id = %s", [poll.pk]
            )
            assert cursor.fetchone()[0] == 1
    # 12 distinct ballots: the chance that a fair shuffle keeps the cast order is 1 in 12!.
    assert [content for _pk, content in sealed] != orders


def test_the_audit_trail_never_records_a_ballot() -> None:
    assembly, delegates = make_hall(3)
    poll = make_open_poll(assembly, kind="single", options=("Manila", "Jakarta"))
    for delegate in delegates:
        vote(poll, delegate, "2")
    poll_close(poll=poll, acting_user=None)
    trail = " ".join(str(event.changes) for event in AuditEvent.objects.all())
    assert "Jakarta" not in trail and "'2'" not in trail
    assert not AuditEvent.objects.filter(action__contains="cast").exists()


def test_a_ballot_that_does_not_fit_the_poll_is_refused_with_a_message() -> None:
    from alyansa.voting.ballots import BallotInvalid

    assembly, (ana, *_rest) = make_hall(2)
    poll = make_open_poll(assembly, kind="single", options=("A", "B"))
    with pytest.raises(BallotInvalid, match="names an option that is not on the paper"):
        vote(poll, ana, "3")
    with pytest.raises(BallotInvalid, match="Choose one option"):
        vote(poll, ana, "1", "2")
    assert not HasVoted.objects.filter(poll=poll).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_of_one_voter_give_exactly_one_ballot() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's in-memory test database is one connection; see the SQLite test")
    assembly, delegates = make_hall(20)
    poll = make_open_poll(assembly)
    results: list[CastResult] = []

    def hammer(delegate_pk: int) -> None:
        from django.db import connections

        try:
            for _ in range(3):
                outcome = cast_ballot(
                    poll_id=poll.pk,
                    voter_key=f"d{delegate_pk}",
                    choices=["yes"],
                    holder_id=delegate_pk,
                )
                results.append(outcome.result)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=hammer, args=(d.pk,)) for d in delegates for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(CastResult.CAST) == 20
    assert CastBallot.objects.filter(poll=poll).count() == 20
    closed = poll_close(poll=Poll.objects.get(pk=poll.pk), acting_user=None)
    assert closed.result["yes"] == 20


def test_sqlite_casts_pass_one_writer_and_a_retry_is_refused() -> None:
    assembly, delegates = make_hall(5)
    poll = make_open_poll(assembly)
    outcomes = [vote(poll, d, "yes").result for d in delegates for _ in range(2)]
    assert outcomes.count(CastResult.CAST) == 5
    assert outcomes.count(CastResult.ALREADY_VOTED) == 5


def test_ballots_are_sealed_at_the_cast_all_of_one_length_and_the_key_is_destroyed_at_the_close(
    settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    assembly, delegates = make_hall(3)
    poll = make_open_poll(assembly)
    key_file = next(settings.BALLOT_KEY_DIR.iterdir())
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert poll.ballot_box_key not in key_file.read_bytes().hex()
    for delegate, choice in zip(delegates, ("yes", "no", "abstain"), strict=True):
        vote(poll, delegate, choice)
    sealed = list(CastBallot.objects.filter(poll=poll).values_list("content", flat=True))
    # "no" and "abstain" look alike: one length, and nothing readable.
    assert len({len(content) for content in sealed}) == 1
    # (The ballots as padded for sealing, 7 bytes each: random bytes never hold one by chance.)
    raw = [base64.urlsafe_b64decode(content[3:]) for content in sealed]
    padded = [word.encode().ljust(7, b"\0") for word in ("yes", "no", "abstain")]
    assert not any(word in data for data in raw for word in padded)
    with django_capture_on_commit_callbacks(execute=True):
        closed = poll_close(poll=poll, acting_user=None)
    assert (closed.result["yes"], closed.result["no"], closed.result["abstain"]) == (1, 1, 1)
    assert list(settings.BALLOT_KEY_DIR.iterdir()) == []


def test_a_poll_whose_key_is_lost_cannot_be_counted_but_can_be_annulled(settings) -> None:  # type: ignore[no-untyped-def]
    from alyansa.voting.services import VotingRuleError, poll_annul

    assembly, (ana, *_rest) = make_hall(2)
    poll = make_open_poll(assembly)
    vote(poll, ana, "yes")
    for key_file in settings.BALLOT_KEY_DIR.iterdir():
        key_file.unlink()  # the data folder was lost
    with pytest.raises(VotingRuleError, match="missing"):
        poll_close(poll=poll, acting_user=None)
    annulled = poll_annul(poll=poll, reason="The ballot key was lost", acting_user=None)
    assert annulled.status == Poll.Status.ANNULLED
    assert not CastBallot.objects.filter(poll=poll).exists()


def test_an_altered_sealed_ballot_is_not_counted() -> None:
    from alyansa.voting.services import VotingRuleError

    assembly, (ana, bea) = make_hall(2)
    poll = make_open_poll(assembly)
    vote(poll, ana, "yes")
    vote(poll, bea, "no")
    row = CastBallot.objects.filter(poll=poll).first()
    assert row is not None
    row.content = row.content[:-6] + ("AAAAAA" if row.content[-6:] != "AAAAAA" else "BBBBBB")
    row.save()
    with pytest.raises(VotingRuleError, match="altered"):
        poll_close(poll=poll, acting_user=None)


def test_a_key_left_by_a_server_stopped_right_after_a_close_goes_at_the_next_close(
    settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    assembly, (ana, *_rest) = make_hall(2)
    stopped = make_open_poll(assembly, title="Closed when the server stopped")
    vote(stopped, ana, "yes")
    # The close committed, and the server stopped before it destroyed the key.
    Poll.objects.filter(pk=stopped.pk).update(status=Poll.Status.CLOSED)
    still_open = make_open_poll(assembly, title="Still open")
    closing = make_open_poll(assembly, title="Closing now")
    assert len(list(settings.BALLOT_KEY_DIR.iterdir())) == 3
    with django_capture_on_commit_callbacks(execute=True):
        poll_close(poll=closing, acting_user=None)
    left = [path.name for path in settings.BALLOT_KEY_DIR.iterdir()]
    assert left == [f"poll-{still_open.pk}-{still_open.ballot_box_key[:16]}.key"]
