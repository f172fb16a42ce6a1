"""The voting API: a delegate's open ballots and casting (credential session), the public
bulletin board, and opening and closing polls (the chair, or the election committee)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from alyansa.accounts.api import api_auth
from alyansa.assemblies.permissions import credential_from_request, delegate_from_request
from alyansa.core.api_input import read_body
from alyansa.voting import selectors, services
from alyansa.voting.ballots import BallotInvalid
from alyansa.voting.castpath import CastResult, cast_ballot
from alyansa.voting.counting import verdict
from alyansa.voting.models import HasVoted
from alyansa.voting.ratelimit import cast_allowed
from alyansa.voting.services import VotingRuleError

router = Router(tags=["voting"])

STATUS_OF = {
    CastResult.ALREADY_VOTED: (409, "This vote has already been cast."),
    CastResult.NOT_OPEN: (409, "This poll is not open."),
    CastResult.NOT_ENTITLED: (403, "You do not hold this vote."),
}


class HeldVoteOut(Schema):
    voter_key: str
    weight: int
    proxy_for: str
    voted: bool


class BallotPaperOut(Schema):
    poll: int
    title: str
    kind: str
    seats: int
    options: list[str]
    votes: list[HeldVoteOut]


class CastIn(Schema):
    choices: list[str]


class CastOut(Schema):
    result: str
    receipt: str


class PollOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    electorate: int
    voted: int
    verdict: str
    result: dict[str, Any]


class BoardOut(Schema):
    poll: PollOut
    options: list[str]
    receipts: list[str]
    ballots: list[tuple[str, int]]


def _delegate(request: HttpRequest) -> Any:
    delegate = delegate_from_request(request)
    if delegate is None:
        raise HttpError(401, "Sign in with your badge.")
    return delegate


def _choices(request: HttpRequest) -> list[str]:
    return [str(choice) for choice in read_body(request, CastIn, list_fields=("choices",)).choices]


def _poll_out(poll: Any) -> dict[str, Any]:
    return {
        "id": poll.pk,
        "title": poll.title,
        "kind": poll.kind,
        "status": poll.status,
        "electorate": poll.electorate_size,
        "voted": HasVoted.objects.filter(poll=poll).count(),
        "verdict": verdict(poll.result) if poll.is_closed else "",
        "result": poll.result if poll.is_closed else {},
    }


@router.get("/me/ballots", response=list[BallotPaperOut], url_name="voting_me_ballots")
def my_ballots(request: HttpRequest) -> Any:
    """The open polls in which the signed-in delegate holds a vote, their own or by proxy."""
    papers = selectors.ballots_for_delegate(_delegate(request))
    return [
        {
            "poll": paper.poll.pk,
            "title": paper.poll.title,
            "kind": paper.poll.kind,
            "seats": paper.poll.seats,
            "options": paper.labels,
            "votes": [vars(held) for held in paper.votes],
        }
        for paper in papers
    ]


@router.post("/me/ballots/{poll_id}/{voter_key}", response=CastOut, url_name="voting_me_cast")
def cast(request: HttpRequest, poll_id: int, voter_key: str) -> Any:
    """Cast one vote. The body, JSON `{"choices": [...]}` (or form fields `choices`), gives
    option numbers (ranked: in order of preference) or one of yes/no/abstain. 409 if already
    cast (a retry is safe), 403 if you do not hold this vote, 429 past the rate limit."""
    delegate = _delegate(request)
    choices = _choices(request)
    credential = credential_from_request(request)
    if not cast_allowed(f"c{credential.pk if credential else delegate.pk}"):
        raise HttpError(429, "Too many attempts. Wait a minute and try again.")
    try:
        outcome = cast_ballot(
            poll_id=poll_id, voter_key=voter_key, choices=choices, holder_id=delegate.pk
        )
    except BallotInvalid as error:
        raise HttpError(400, str(error)) from None
    if outcome.result is not CastResult.CAST:
        status, message = STATUS_OF[outcome.result]
        raise HttpError(status, message)
    return {"result": outcome.result.value, "receipt": outcome.receipt}


@router.get("/polls/{poll_id}/board", response=BoardOut, url_name="voting_board")
def board(request: HttpRequest, poll_id: int) -> Any:
    """The bulletin board of a closed poll: receipts (hash prefixes, sorted) and the anonymous
    ballots in their shuffled order."""
    poll = selectors.poll_public_get(poll_id)
    the_board = selectors.board_of(poll)
    return {
        "poll": _poll_out(poll),
        "options": the_board.labels,
        "receipts": the_board.receipts,
        "ballots": the_board.ballots,
    }


@router.get("/polls/{poll_id}", response=PollOut, auth=api_auth, url_name="voting_poll")
def poll_state(request: HttpRequest, poll_id: int) -> Any:
    """A poll's state for whoever runs it: counts, never names."""
    return _poll_out(selectors.poll_for_manager(request.user, poll_id))


def _act(request: HttpRequest, poll_id: int, action: str) -> Any:
    poll = selectors.poll_for_manager(request.user, poll_id)
    # A retry of a request that already took effect answers with the poll as it is.
    if (action, poll.status) in {("open", "open"), ("close", "closed")}:
        return _poll_out(poll)
    try:
        if action == "open":
            poll = services.poll_open(poll=poll, acting_user=request.user)
        else:
            poll = services.poll_close(poll=poll, acting_user=request.user)
    except VotingRuleError as error:
        raise HttpError(409, str(error)) from None
    return _poll_out(poll)


@router.post("/polls/{poll_id}/open", response=PollOut, auth=api_auth, url_name="voting_open")
def open_poll(request: HttpRequest, poll_id: int) -> Any:
    return _act(request, poll_id, "open")


@router.post("/polls/{poll_id}/close", response=PollOut, auth=api_auth, url_name="voting_close")
def close_poll(request: HttpRequest, poll_id: int) -> Any:
    return _act(request, poll_id, "close")
