"""Polls: verdicts in words, paper ballots with two tellers, annulment, electorates, warnings,
the bulletin board and the pages."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies.testing import make_credential, make_delegate, sign_in_delegate
from alyansa.audit.models import AuditEvent
from alyansa.members.models import MembershipCategory
from alyansa.members.testing import make_organization
from alyansa.voting.castpath import CastResult
from alyansa.voting.counting import verdict
from alyansa.voting.models import Ballot, HasVoted, Poll
from alyansa.voting.selectors import board_of, receipt_on_board, secrecy_warnings
from alyansa.voting.services import (
    QuorumMissing,
    VotingRuleError,
    paper_ballot_enter,
    paper_ballot_hand_out,
    paper_ballots_merge,
    poll_annul,
    poll_close,
    poll_create,
    poll_open,
    poll_rerun,
)
from alyansa.voting.testing import make_hall, make_open_poll, vote
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_motion_verdict_is_stated_in_words_from_the_result_data() -> None:
    assembly, delegates = make_hall(6)
    poll = make_open_poll(assembly, threshold="two-thirds")
    choices = ["yes", "yes", "yes", "no", "no", "abstain"]
    for delegate, choice in zip(delegates, choices, strict=True):
        vote(poll, delegate, choice)
    closed = poll_close(poll=poll, acting_user=None)
    assert closed.result["outcome"] == "failed"
    # Stored as the plain word, as before outcomes were an enum.
    assert Poll.objects.values_list("result__outcome", flat=True).get(pk=poll.pk) == "failed"
    assert verdict(closed.result) == (
        "Not carried (3 yes, 2 no, 1 abstaining): two thirds of the yes and no votes, 4 yes needed."
    )


def test_a_motion_without_quorum_decides_nothing() -> None:
    assembly, delegates = make_hall(3)
    poll = poll_create(
        title="Shall we?", kind="motion", assembly=assembly, quorum_required=10, acting_user=None
    )
    with pytest.raises(QuorumMissing, match="3 votes are present and the quorum needs 10"):
        poll_open(poll=poll, acting_user=None)
    poll = poll_open(poll=poll, without_quorum=True, acting_user=None)
    vote(poll, delegates[0], "yes")
    closed = poll_close(poll=poll, acting_user=None)
    assert closed.result["outcome"] == "no quorum"
    assert verdict(closed.result).startswith("Not decided: there was no quorum")


def test_a_polls_life_leaves_its_audit_rows_under_the_names_the_trail_has_always_used() -> None:
    assembly, delegates = make_hall(3)
    poll = make_open_poll(assembly)
    vote(poll, delegates[0], "yes")
    closed = poll_close(poll=poll, acting_user=None)
    annulled = poll_annul(poll=closed, reason="The hall's screens failed.", acting_user=None)
    poll_rerun(poll=annulled, acting_user=None)
    actions = AuditEvent.objects.filter(action__startswith="poll.").order_by("pk")
    assert list(actions.values_list("action", flat=True)) == [
        "poll.create",
        "poll.open",
        "poll.close",
        "poll.annul",
        "poll.rerun",
    ]


def test_a_ranked_poll_counts_by_stv_and_ranks_alternates() -> None:
    assembly, delegates = make_hall(9)
    poll = make_open_poll(
        assembly, kind="ranked", options=("Ana", "Ben", "Cy", "Di"), seats=2, alternates=1
    )
    for number, delegate in enumerate(delegates):
        vote(poll, delegate, *(["1", "3", "2"] if number < 5 else ["2", "4", "3"]))
    closed = poll_close(poll=poll, acting_user=None)
    assert closed.result["elected"] == ["Ana", "Ben"]
    assert closed.result["alternates"] == ["Cy"]
    assert "<table>" in closed.result_html
    assert verdict(closed.result) == "Elected, in order: Ana, Ben. Alternates, in order: Cy."


@pytest.mark.parametrize("method", ["meek-stv", "ers97", "irv", "schulze"])
def test_every_ranked_method_counts_a_poll(method: str) -> None:
    assembly, delegates = make_hall(7)
    poll = make_open_poll(
        assembly, kind="ranked", options=("Ana", "Ben", "Cy"), seats=1, method=method
    )
    for number, delegate in enumerate(delegates):
        vote(poll, delegate, *(["1", "2"] if number < 4 else ["2", "3"]))
    closed = poll_close(poll=poll, acting_user=None)
    assert closed.method == method
    assert closed.result["elected"] == ["Ana"]


def test_a_paper_ballot_marks_the_delegate_and_their_phone_can_no_longer_vote() -> None:
    assembly, (ana, bea, cy) = make_hall(3)
    poll = make_open_poll(assembly)
    assert vote(poll, ana, "yes").result is CastResult.CAST
    with pytest.raises(VotingRuleError, match="already"):
        paper_ballot_hand_out(poll=poll, participant=ana, acting_user=None)
    paper_ballot_hand_out(poll=poll, participant=bea, acting_user=None)
    paper_ballot_hand_out(poll=poll, participant=cy, acting_user=None)
    assert vote(poll, bea, "no").result is CastResult.ALREADY_VOTED
    closed = poll_close(poll=poll, acting_user=None)
    assert closed.result["paper_pending"] == 2


def test_nothing_is_counted_or_published_until_the_paper_ballots_are_merged(
    client,  # type: ignore[no-untyped-def]
) -> None:
    # A board before the merge and one after would differ by exactly the paper ballot, and the
    # tellers saw who took it.
    assembly, (ana, bea) = make_hall(2)
    poll = make_open_poll(assembly)
    vote(poll, ana, "yes")
    paper_ballot_hand_out(poll=poll, participant=bea, acting_user=None)
    closed = poll_close(poll=poll, acting_user=None)
    assert closed.result == {"kind": "motion", "paper_pending": 1, "voters": 2}
    assert verdict(closed.result) == ""
    board = reverse("voting:board", args=[poll.pk])
    assert client.get(board).status_code == 404
    assert client.get(f"/api/v1/voting/polls/{poll.pk}/board").status_code == 404
    results = client.get(reverse("voting:results", args=[assembly.slug])).content.decode()
    assert "published once the paper ballots are counted" in results
    chair = make_user("Cho Chair", role=Role.OFFICER)
    console = client_for(chair).get(reverse("voting:console", args=[assembly.slug]))
    assert "Nothing is counted or published until every ballot is in" in console.content.decode()
    teller, other = make_user("Teller One"), make_user("Teller Two")
    paper_ballot_enter(poll=closed, number=1, choices=["no"], acting_user=teller)
    paper_ballot_enter(poll=closed, number=1, choices=["no"], acting_user=other)
    merged = paper_ballots_merge(poll=closed, ballots_in_box=1, acting_user=teller)
    assert (merged.result["yes"], merged.result["no"]) == (1, 1)
    assert client.get(board).status_code == 200


def test_the_receipt_check_of_an_annulled_poll_says_it_was_annulled(client) -> None:  # type: ignore[no-untyped-def]
    assembly, (ana, _bea) = make_hall(2)
    poll = make_open_poll(assembly)
    receipt = vote(poll, ana, "yes").receipt
    poll_annul(poll=poll, reason="The wrong text was put to the vote.", acting_user=None)
    page = client.get(reverse("voting:board", args=[poll.pk]), {"receipt": receipt})
    text = page.content.decode()
    assert "this poll was annulled, so no ballot of it counts" in text
    assert "recorded and counted" not in text


def test_two_tellers_must_agree_before_paper_ballots_are_merged_without_names() -> None:
    assembly, (ana, bea, cy) = make_hall(3)
    poll = make_open_poll(assembly)
    vote(poll, ana, "yes")
    paper_ballot_hand_out(poll=poll, participant=bea, acting_user=None)
    paper_ballot_hand_out(poll=poll, participant=cy, acting_user=None)
    poll = poll_close(poll=poll, acting_user=None)
    first, second = make_user("Teller One"), make_user("Teller Two")
    paper_ballot_enter(poll=poll, number=1, choices=["no"], acting_user=first)
    paper_ballot_enter(poll=poll, number=2, choices=["no"], acting_user=first)
    paper_ballot_enter(poll=poll, number=1, choices=["no"], acting_user=second)
    paper_ballot_enter(poll=poll, number=2, choices=["yes"], acting_user=second)  # a slip
    with pytest.raises(VotingRuleError, match="alike"):
        paper_ballots_merge(poll=poll, ballots_in_box=2, acting_user=first)
    paper_ballot_enter(poll=poll, number=2, choices=["no"], acting_user=second)  # corrected
    merged = paper_ballots_merge(poll=poll, ballots_in_box=2, acting_user=first)
    assert (merged.result["yes"], merged.result["no"]) == (1, 2)
    assert merged.result["paper_pending"] == 0
    assert Ballot.objects.filter(poll=poll).count() == 3
    assert not poll.paper_entries.exists()


def test_a_blank_paper_ballot_is_counted_as_blank_and_kept_out_of_the_quota(
    tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    from votecount.cli import main as tally

    assembly, delegates = make_hall(7)
    poll = make_open_poll(
        assembly, kind="ranked", options=("Ana", "Ben", "Cy"), seats=2, board_shows="ballots"
    )
    for delegate in delegates[:4]:
        vote(poll, delegate, "1", "2")
    for delegate in delegates[4:6]:
        paper_ballot_hand_out(poll=poll, participant=delegate, acting_user=None)
    vote(poll, delegates[6], "3")
    poll = poll_close(poll=poll, acting_user=None)
    chair = make_user("Carla Chair", role=Role.OFFICER)
    teller = make_user("Teller Two", role=Role.OFFICER)
    page = reverse("voting:paper", kwargs={"poll_id": poll.pk})
    assert 'name="blank"' in client_for(chair).get(page).content.decode()
    for user in (chair, teller):
        client = client_for(user)
        client.post(page, {"step": "enter", "number": "1", "blank": "1"})
        client.post(page, {"step": "enter", "number": "2", "rank-2": "1", "rank-1": "2"})
    refused = client_for(chair).post(
        page, {"step": "enter", "number": "1", "blank": "1", "rank-1": "1"}, follow=True
    )
    assert "A blank paper marks nothing" in refused.content.decode()

    merged = paper_ballots_merge(poll=poll, ballots_in_box=2, acting_user=chair)

    # Six votes and one blank paper: the Droop quota of the six for two seats is 3, not 3 of 7.
    assert merged.result["blank"] == 1
    assert merged.result["total_votes"] == "6"
    assert merged.result["quota"] == "3.00000"
    assert merged.result["ballots"] == 7
    assert "1 blank paper (not a vote)." in verdict(merged.result)
    for form, seats in (("csv", ["--seats", "2"]), ("blt", [])):
        download = client_for(None).get(
            reverse("voting:ballots_file", kwargs={"poll_id": poll.pk, "form": form})
        )
        path = tmp_path / f"ballots.{form}"
        path.write_bytes(download.content)
        assert tally([str(path), "--method", "scottish-stv", *seats, "--format", "json"]) == 0
        recount = json.loads(capsys.readouterr().out)
        assert (recount["blank"], recount["elected"]) == (1, merged.result["elected"])


def test_a_yes_no_paper_is_not_entered_blank() -> None:
    assembly, (ana,) = make_hall(1)
    poll = make_open_poll(assembly)
    paper_ballot_hand_out(poll=poll, participant=ana, acting_user=None)
    poll = poll_close(poll=poll, acting_user=None)
    with pytest.raises(VotingRuleError, match="yes, no or abstain"):
        paper_ballot_enter(poll=poll, number=1, choices=[], blank=True, acting_user=None)


def test_an_annulled_poll_keeps_its_reason_and_runs_again_with_the_same_options() -> None:
    assembly, delegates = make_hall(2)
    poll = make_open_poll(assembly, kind="single", options=("Manila", "Jakarta"))
    vote(poll, delegates[0], "1")
    with pytest.raises(VotingRuleError, match="Say why the poll is annulled"):
        poll_annul(poll=poll, reason=" ", acting_user=None)
    annulled = poll_annul(poll=poll, reason="The options were misprinted.", acting_user=None)
    assert annulled.status == Poll.Status.ANNULLED
    assert annulled.annulled_reason == "The options were misprinted."
    again = poll_rerun(poll=annulled, acting_user=None)
    assert again.rerun_of == annulled and again.status == Poll.Status.DRAFT
    assert list(again.options.values_list("label", flat=True)) == ["Manila", "Jakarta"]


def test_a_regional_caucus_and_the_associate_caucus_vote_apart() -> None:
    assembly, delegates = make_hall(3)
    region = delegates[0].organization.region
    associate = make_organization("Support Centre", category=MembershipCategory.ASSOCIATE)
    helper = make_delegate("Helper", assembly=assembly, organization=associate, present=True)
    regional = make_open_poll(assembly, electorate="region", region=region)
    assert vote(regional, delegates[0], "yes").result is CastResult.CAST
    assert vote(regional, helper, "yes").result is CastResult.NOT_ENTITLED
    caucus = make_open_poll(assembly, electorate="associate")
    assert caucus.electorate_size == 1
    assert vote(caucus, helper, "yes").result is CastResult.CAST
    assert vote(caucus, delegates[1], "yes").result is CastResult.NOT_ENTITLED


def test_the_chair_is_warned_when_the_electorate_is_too_small_for_secrecy() -> None:
    assembly, _delegates = make_hall(3)
    poll = make_open_poll(assembly)
    assert any("Only 3 may vote" in warning for warning in secrecy_warnings(poll))


def test_the_bulletin_board_lists_receipts_apart_from_shuffled_ballots() -> None:
    assembly, delegates = make_hall(4)
    poll = make_open_poll(assembly)
    receipts = [vote(poll, delegate, "yes").receipt for delegate in delegates]
    poll_close(poll=poll, acting_user=None)
    board = board_of(poll)
    assert board.receipts == sorted(board.receipts) and len(board.receipts) == 4
    assert board.ballots == [("yes", 1)] * 4
    assert all(receipt_on_board(poll, code) for code in receipts)
    assert not receipt_on_board(poll, "AAAA-BBBB-CCCC-DDDD")
    page = client_for(None).get(
        reverse("voting:board", kwargs={"poll_id": poll.pk}), {"receipt": receipts[0]}
    )
    assert "Your receipt is on the board" in page.content.decode()
    csv = client_for(None).get(
        reverse("voting:ballots_file", kwargs={"poll_id": poll.pk, "form": "csv"})
    )
    assert csv.content.decode().splitlines() == ["choice,weight"] + ["yes,1"] * 4


def test_an_open_poll_has_no_public_board() -> None:
    assembly, _delegates = make_hall(2)
    poll = make_open_poll(assembly)
    response = client_for(None).get(reverse("voting:board", kwargs={"poll_id": poll.pk}))
    assert response.status_code == 404


def test_a_delegate_votes_from_the_phone_page_and_a_double_tap_is_told_already_voted() -> None:
    assembly, (ana, *_rest) = make_hall(3)
    _credential, secret = make_credential(ana)
    poll = make_open_poll(assembly, kind="ranked", options=("Ana", "Ben", "Cy"))
    client = client_for(None)
    sign_in_delegate(client, secret)
    listing = client.get(reverse("voting:ballots"))
    assert poll.title in listing.content.decode()
    url = reverse("voting:ballot", kwargs={"poll_id": poll.pk})
    assert f"d{ana.pk}" not in url and f"d{ana.pk}" not in listing.content.decode()
    form = client.get(url).content.decode()
    receipt = form.split('name="receipt" value="', 1)[1].split('"', 1)[0]
    first = client.post(url, {"vote": "1", "receipt": receipt, "rank-2": "1", "rank-1": "2"})
    assert first.status_code == 200 and receipt in first.content.decode()
    # The same form sent again (its answer was lost): recorded, with the same receipt.
    resent = client.post(url, {"vote": "1", "receipt": receipt, "rank-2": "1", "rank-1": "2"})
    assert resent.status_code == 200 and receipt in resent.content.decode()
    assert "recorded once" in resent.content.decode()
    second = client.post(url, {"vote": "1", "rank-1": "1"})
    assert second.status_code == 409
    assert "already been cast" in second.content.decode()
    assert HasVoted.objects.filter(poll=poll).count() == 1
    poll_close(poll=poll, acting_user=None)
    assert Ballot.objects.get(poll=poll).content == "2>1"


def test_the_phone_ballot_shows_what_it_says_before_casting_and_keeps_marks_on_change() -> None:
    assembly, (ana, *_rest) = make_hall(3)
    _credential, secret = make_credential(ana)
    poll = make_open_poll(assembly, kind="ranked", options=("Ana", "Ben", "Cy"))
    client = client_for(None)
    sign_in_delegate(client, secret)
    url = reverse("voting:ballot", kwargs={"poll_id": poll.pk})
    form = client.get(url).content.decode()
    receipt = form.split('name="receipt" value="', 1)[1].split('"', 1)[0]
    marks = {"vote": "1", "receipt": receipt, "rank-3": "1", "rank-1": "2"}
    review = client.post(url, {**marks, "step": "review"})
    page = review.content.decode()
    assert review.status_code == 200 and "You are voting:" in page
    assert page.index("<bdi>Cy</bdi>") < page.index("<bdi>Ana</bdi>")  # 1. Cy 2. Ana
    assert not HasVoted.objects.filter(poll=poll).exists()  # nothing cast yet
    changed = client.post(url, {**marks, "step": "change"}).content.decode()
    assert 'name="rank-3" value="1"' in changed and 'name="rank-1" value="2"' in changed
    refused = client.post(url, {**marks, "rank-2": "1", "step": "review"})
    assert refused.status_code == 400
    assert "different rank" in refused.content.decode()
    assert 'name="rank-2" value="1"' in refused.content.decode()  # the marks stay
    cast = client.post(url, {**marks, "step": "cast"})
    assert cast.status_code == 200 and receipt in cast.content.decode()
    poll_close(poll=poll, acting_user=None)
    assert Ballot.objects.get(poll=poll).content == "3>1"


def test_the_chair_opens_and_closes_a_poll_from_the_console() -> None:
    assembly, delegates = make_hall(2)
    chair = make_user("Carla Chair", role=Role.OFFICER)
    client = client_for(chair)
    client.post(
        reverse("voting:poll_add", kwargs={"slug": assembly.slug}),
        {"title": "Adopt the agenda", "kind": "motion"},
    )
    poll = Poll.objects.get(title="Adopt the agenda")
    client.post(reverse("voting:poll_open", kwargs={"poll_id": poll.pk}))
    vote(poll, delegates[0], "yes")
    client.post(reverse("voting:poll_close", kwargs={"poll_id": poll.pk}))
    console = client.get(reverse("voting:console", kwargs={"slug": assembly.slug}))
    assert "Carried (1 yes, 0 no, 0 abstaining)" in console.content.decode()
    projector = client.get(reverse("voting:projector", kwargs={"slug": assembly.slug}))
    assert "Adopt the agenda" in projector.content.decode()


def test_opening_a_poll_without_quorum_asks_the_chair_to_confirm_and_says_why() -> None:
    assembly, _delegates = make_hall(2)
    poll = poll_create(
        title="Adopt the agenda", kind="motion", assembly=assembly, quorum_required=5,
        acting_user=None,
    )  # fmt: skip
    client = client_for(make_user("Carla Chair", role=Role.OFFICER))
    console = client.get(reverse("voting:console", kwargs={"slug": assembly.slug}))
    assert "2 votes are present and the quorum needs 5" in console.content.decode()

    asked = client.post(reverse("voting:poll_open", kwargs={"poll_id": poll.pk}))

    poll.refresh_from_db()
    assert poll.status == Poll.Status.DRAFT
    page = asked.content.decode()
    assert asked.status_code == 200 and "Open without quorum?" in page
    assert "2 votes are present and the quorum needs 5" in page
    assert 'name="without_quorum" value="1"' in page
    confirmed = client.post(
        reverse("voting:poll_open", kwargs={"poll_id": poll.pk}), {"without_quorum": "1"}
    )
    assert confirmed.status_code == 302
    poll.refresh_from_db()
    assert poll.status == Poll.Status.OPEN


def test_a_quorate_hall_opens_a_poll_at_once() -> None:
    assembly, _delegates = make_hall(3)
    poll = poll_create(
        title="Adopt the agenda", kind="motion", assembly=assembly, quorum_required=3,
        acting_user=None,
    )  # fmt: skip
    client = client_for(make_user("Carla Chair", role=Role.OFFICER))
    response = client.post(reverse("voting:poll_open", kwargs={"poll_id": poll.pk}))
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.status == Poll.Status.OPEN


def test_the_communique_draft_is_editable_and_prints_as_pdf() -> None:
    assembly, _delegates = make_hall(2)
    secretariat = make_user("Sara Secretariat", role=Role.SECRETARIAT)
    client = client_for(secretariat)
    url = reverse("voting:communique", kwargs={"slug": assembly.slug})
    client.post(url, {"step": "generate"})
    assert "2 delegates" in client.get(url).content.decode()
    client.post(url, {"step": "save", "title": "Our communiqué", "text": "We met. ✊ نحن معا"})
    pdf = client.get(reverse("voting:communique_pdf", kwargs={"slug": assembly.slug}))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.post(url, {"step": "publish"})
    assembly.communique.refresh_from_db()
    statement = assembly.communique.statement
    assert statement is not None and statement.status == "in_review"


def test_anyone_recounts_the_published_ballots_with_alyansa_tally(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from votecount.cli import main as tally

    assembly, delegates = make_hall(9)
    poll = make_open_poll(
        assembly,
        kind="ranked",
        options=("Ana", "Ben", "Cy", "Di"),
        seats=2,
        alternates=1,
        board_shows="ballots",  # the chair chose to publish every ballot
    )
    for number, delegate in enumerate(delegates):
        vote(poll, delegate, *(["1", "3", "2"] if number < 5 else ["2", "4", "3"]))
    closed = poll_close(poll=poll, acting_user=None)
    for form in ("csv", "blt"):
        download = client_for(None).get(
            reverse("voting:ballots_file", kwargs={"poll_id": poll.pk, "form": form})
        )
        path = tmp_path / f"ballots.{form}"
        path.write_bytes(download.content)
        seats = ["--seats", "2"] if form == "csv" else []
        assert tally([str(path), "--method", "scottish-stv", *seats, "--format", "json"]) == 0
        recount = json.loads(capsys.readouterr().out)
        assert recount["elected"] == closed.result["elected"]


def test_the_public_results_list_closed_polls_with_their_verdicts_and_nothing_open(
    django_assert_max_num_queries,
) -> None:  # type: ignore[no-untyped-def]
    assembly, delegates = make_hall(3)
    closed = make_open_poll(assembly, title="Adopt the program of action?")
    for delegate in delegates:
        vote(closed, delegate, "yes")
    poll_close(poll=closed, acting_user=None)
    make_open_poll(assembly, title="Still open?")
    client = client_for(None)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("voting:results", args=[assembly.slug])).content.decode()
    assert "Adopt the program of action?" in page
    assert "Carried" in page
    assert reverse("voting:board", args=[closed.pk]) in page
    assert "Still open?" not in page


def test_the_delegate_api_casts_once_and_explains_a_bad_ballot_and_a_second_one() -> None:
    assembly, (ana, *_rest) = make_hall(3)
    _credential, secret = make_credential(ana)
    poll = make_open_poll(assembly)
    phone = client_for(None)
    sign_in_delegate(phone, secret)
    url = reverse("api-v1:voting_me_cast", args=[poll.pk])

    def post(choices: list[str], receipt: str = ""):  # type: ignore[no-untyped-def]
        body = {"voter_key": f"d{ana.pk}", "choices": choices, "receipt": receipt}
        return phone.post(url, json.dumps(body), content_type="application/json")

    bad = post(["maybe"])
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "invalid"
    assert bad.json()["error"]["details"][0]["field"] == "choices"
    first = post(["yes"], receipt="abcd efgh jkmn pq23")
    assert first.status_code == 200 and first.json() == {
        "result": "cast",
        "receipt": "ABCD-EFGH-JKMN-PQ23",
    }
    # The same ballot sent again with its receipt (the answer was lost): recorded, not cast.
    resent = post(["yes"], receipt="ABCD-EFGH-JKMN-PQ23")
    assert resent.status_code == 200 and resent.json()["result"] == "recorded"
    again = post(["no"])
    assert again.status_code == 409
    assert again.json()["error"]["message"] == "This vote has already been cast."
    assert post(["no"], receipt="ABCD-EFGH-JKMN-PQ24").status_code == 409
    assert HasVoted.objects.filter(poll=poll).count() == 1
    # Recorded even once the poll is closed (a retry that arrives after the close).
    poll_close(poll=poll, acting_user=None)
    assert post(["yes"], receipt="ABCD-EFGH-JKMN-PQ23").json()["result"] == "recorded"
    assert post(["yes"], receipt="ABCD-EFGH-JKMN-PQ24").status_code == 409
