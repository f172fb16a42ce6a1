"""The voting API: a delegate's open ballots and casting (credential session), the public
bulletin board, opening and closing polls (the chair, or the election committee), and
nominations (the election committee; the nominated delegate answers their own)."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError, ValidationError

from alyansa.accounts.api import api_auth
from alyansa.accounts.models import User
from alyansa.accounts.requests import ApiRequest
from alyansa.assemblies.models import Participant
from alyansa.assemblies.permissions import (
    DelegateApiRequest,
    credential_from_request,
    delegate_auth,
)
from alyansa.core.api_errors import also_answers
from alyansa.core.api_input import body_doc, read_body
from alyansa.core.bounds import PathId
from alyansa.members.models import Organization
from alyansa.voting import selectors, services
from alyansa.voting.ballots import BallotInvalid
from alyansa.voting.castpath import CAST_STATUS, CastResult, cast_ballot
from alyansa.voting.models import HasVoted, Nomination, Poll
from alyansa.voting.ratelimit import cast_allowed

router = Router(tags=["voting"])

# What a refused cast says; its status is castpath.CAST_STATUS's, as on the page.
REFUSAL_MESSAGES = {
    CastResult.ALREADY_VOTED: gettext_lazy("This vote has already been cast."),
    CastResult.NOT_OPEN: gettext_lazy("This poll is not open."),
    CastResult.NOT_ENTITLED: gettext_lazy("You do not hold this vote."),
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
    # Which held vote (as /me/ballots lists it): in the body, never in the address.
    voter_key: str = Field(max_length=24)
    # A receipt code made by the client with the ballot (16 base32 symbols): sent again after a
    # lost answer, it is answered "recorded" with that receipt instead of "already cast".
    receipt: str = Field("", max_length=40)


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
    # What the board publishes of the ballots: "ballots" (all), "counted" (each ranked ballot
    # up to the last preference the count used) or "stages" (none: the count's stages only).
    shows: str
    receipts: list[str]
    ballots: list[tuple[str, int]]


def _poll_out(poll: Poll) -> dict[str, Any]:
    return {
        "id": poll.pk,
        "title": poll.public_title,
        "kind": poll.kind,
        "status": poll.status,
        "electorate": poll.electorate_size,
        "voted": HasVoted.objects.filter(poll=poll).count(),
        "verdict": selectors.public_verdict(poll),
        "result": selectors.public_result(poll) if poll.is_closed else {},
    }


@router.get(
    "/me/ballots",
    response=list[BallotPaperOut],
    auth=delegate_auth,
    url_name="voting_me_ballots",
)
def my_ballots(request: DelegateApiRequest) -> Any:
    """The open polls in which the signed-in delegate holds a vote, their own or by proxy."""
    papers = selectors.ballots_for_delegate(request.auth)
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


@router.post(
    "/me/ballots/{poll_id}",
    response=CastOut,
    auth=delegate_auth,
    url_name="voting_me_cast",
    openapi_extra=also_answers(409, 429),
)
def cast(request: DelegateApiRequest, poll_id: PathId) -> Any:
    """Cast one vote. The body, JSON `{"voter_key": "d12", "choices": [...], "receipt": "..."}`
    (or form fields), names the held vote (as /me/ballots lists it) and gives option numbers
    (ranked: in order of preference) or one of yes/no/abstain. With a receipt code made by the
    client, sending the same ballot again after a lost answer gives 200 `recorded` and that
    receipt. 409 if already cast, 403 if you do not hold this vote, 429 past the rate limit."""
    delegate = request.auth
    body = read_body(request, CastIn, list_fields=("choices",))
    credential = credential_from_request(request)
    if not cast_allowed(f"c{credential.pk if credential else delegate.pk}"):
        raise HttpError(429, _("Too many attempts. Wait a minute and try again."))
    try:
        outcome = cast_ballot(
            poll_id=poll_id,
            voter_key=body.voter_key,
            choices=[str(choice) for choice in body.choices],
            holder_id=delegate.pk,
            receipt=body.receipt,
        )
    except BallotInvalid as error:
        raise ValidationError([{"loc": ["choices"], "msg": str(error)}]) from None
    if outcome.result not in {CastResult.CAST, CastResult.RECORDED}:
        raise HttpError(CAST_STATUS[outcome.result], str(REFUSAL_MESSAGES[outcome.result]))
    return {"result": outcome.result.value, "receipt": outcome.receipt}


@router.get("/polls/{poll_id}/board", response=BoardOut, url_name="voting_board")
def board(request: HttpRequest, poll_id: PathId) -> Any:
    """The bulletin board of a closed poll: receipts (hash prefixes, sorted) and the anonymous
    ballots in their shuffled order."""
    poll = selectors.poll_public_get(poll_id)
    the_board = selectors.board_of(poll)
    return {
        "poll": _poll_out(poll),
        "options": the_board.labels,
        "shows": the_board.shows,
        "receipts": the_board.receipts,
        "ballots": the_board.ballots,
    }


@router.get("/polls/{poll_id}", response=PollOut, auth=api_auth, url_name="voting_poll")
def poll_state(request: ApiRequest, poll_id: PathId) -> Any:
    """A poll's state for whoever runs it: counts, never names."""
    return _poll_out(selectors.poll_for_manager(request.user, poll_id))


def _act(request: ApiRequest, poll_id: PathId, action: str, without_quorum: bool = False) -> Any:
    poll = selectors.poll_for_manager(request.user, poll_id)
    # A retry of a request that already took effect answers with the poll as it is.
    if (action, poll.status) in {("open", "open"), ("close", "closed")}:
        return _poll_out(poll)
    if action == "open":
        poll = services.poll_open(
            poll=poll, acting_user=request.user, without_quorum=without_quorum
        )
    else:
        poll = services.poll_close(poll=poll, acting_user=request.user)
    return _poll_out(poll)


@router.post("/polls/{poll_id}/open", response=PollOut, auth=api_auth, url_name="voting_open")
def open_poll(request: ApiRequest, poll_id: PathId, without_quorum: bool = False) -> Any:
    """Open a poll. Refused (422) when it could not meet its quorum, saying why, unless
    `?without_quorum=true` confirms it."""
    return _act(request, poll_id, "open", without_quorum)


@router.post("/polls/{poll_id}/close", response=PollOut, auth=api_auth, url_name="voting_close")
def close_poll(request: ApiRequest, poll_id: PathId) -> Any:
    return _act(request, poll_id, "close")


# ---------------------------------------------------------------------------------------------
# Nominations: the election committee of the election (or the secretariat) enters them and
# records the candidates' answers; a nominated delegate answers from their phone. Nothing here
# says how anyone voted.


class NominationOut(Schema):
    id: int
    election: int
    candidate: str
    # The candidate's participant id when they are a delegate of the assembly.
    delegate: int | None
    organization: str | None
    nominated_by: str
    answer: Literal["accepted", "declined", "awaiting"]
    standing: bool


class NominationIn(Schema):
    """A delegate of the assembly (`participant`), or the name of a candidate who is not one
    (`name`, with their organization's slug if they have one): one or the other."""

    participant: PathId | None = None
    name: str = Field("", max_length=120)
    organization: str | None = None
    nominated_by: str = Field("", max_length=200)


class AnswerIn(Schema):
    answer: Literal["accept", "decline"]


class MyNominationOut(Schema):
    id: int
    election: int
    election_title: str
    nominated_by: str
    answer: Literal["accepted", "declined", "awaiting"]
    standing: bool
    # Whether the delegate can still answer (nominations are open).
    open: bool


def _answer_of(nomination: Nomination) -> str:
    if nomination.standing:
        return "accepted"
    return "declined" if nomination.declined_at else "awaiting"


def _nomination(nomination: Nomination) -> dict[str, Any]:
    return {
        "id": nomination.pk,
        "election": nomination.election_id,
        "candidate": nomination.person.label,
        "delegate": nomination.participant_id,
        "organization": nomination.organization.slug if nomination.organization else None,
        "nominated_by": nomination.nominated_by,
        "answer": _answer_of(nomination),
        "standing": nomination.standing,
    }


def _my_nomination(row: selectors.MyNomination) -> dict[str, Any]:
    return {
        "id": row.nomination.pk,
        "election": row.nomination.election_id,
        "election_title": row.nomination.election.title,
        "nominated_by": row.nomination.nominated_by,
        "answer": _answer_of(row.nomination),
        "standing": row.nomination.standing,
        "open": row.open,
    }


def _record_answer(
    request: HttpRequest,
    nomination: Nomination,
    *,
    acting_user: User | None,
    participant: Participant | None = None,
) -> Nomination:
    answer = read_body(request, AnswerIn).answer
    service = services.nomination_accept if answer == "accept" else services.nomination_decline
    return service(nomination=nomination, acting_user=acting_user, participant=participant)


@router.get(
    "/elections/{election_id}/nominations",
    response=list[NominationOut],
    auth=api_auth,
    url_name="voting_nominations",
    summary="An election's nominations in the order entered (its committee, the secretariat)",
)
def nominations(request: ApiRequest, election_id: PathId) -> Any:
    election = selectors.election_for_committee(request.auth, election_id)
    return [_nomination(nomination) for nomination in selectors.nominations_of(election)]


@router.post(
    "/elections/{election_id}/nominations",
    response={201: NominationOut},
    auth=api_auth,
    url_name="voting_nomination_create",
    openapi_extra=body_doc(NominationIn),
    summary="Enter a nomination (the election's committee, the secretariat)",
)
def nomination_create(request: ApiRequest, election_id: PathId) -> Any:
    """The nomination stands once the candidate accepts. Refused (422, code "rule") once
    nominations are closed, for someone already nominated or already elected to an earlier
    office, and for a candidate outside the seat's region or caucus."""
    user = request.auth
    election = selectors.election_for_committee(user, election_id)
    payload = read_body(request, NominationIn)
    if (payload.participant is None) == (not payload.name.strip()):
        message = _("Choose a delegate, or give the name of a candidate who is not a delegate.")
        raise ValidationError([{"loc": ["participant"], "msg": message}])
    invalid = _("Select a valid choice. That choice is not one of the available choices.")
    participant = None
    if payload.participant is not None:
        participant = selectors.nominable_delegates(election).filter(pk=payload.participant).first()
        if participant is None:
            raise ValidationError([{"loc": ["participant"], "msg": invalid}])
    organization = None
    if payload.organization:
        members = Organization.objects.current_members()
        organization = members.filter(slug=payload.organization).first()
        if organization is None:
            raise ValidationError([{"loc": ["organization"], "msg": invalid}])
    nomination = services.nomination_create(
        election=election,
        participant=participant,
        name=payload.name,
        organization=organization,
        nominated_by=payload.nominated_by,
        acting_user=user,
    )
    return Status(201, _nomination(nomination))


@router.post(
    "/elections/{election_id}/nominations/{nomination_id}/answer",
    response=NominationOut,
    auth=api_auth,
    url_name="voting_nomination_answer",
    openapi_extra=body_doc(AnswerIn),
    summary="Record the candidate's answer: accept or decline (the committee, the secretariat)",
)
def nomination_answer(request: ApiRequest, election_id: PathId, nomination_id: PathId) -> Any:
    """Until nominations close (then 422, code "rule"); the same answer twice changes nothing."""
    user = request.auth
    nomination = selectors.nomination_get(
        selectors.election_for_committee(user, election_id), nomination_id
    )
    return _nomination(_record_answer(request, nomination, acting_user=user))


@router.get(
    "/me/nominations",
    response=list[MyNominationOut],
    auth=delegate_auth,
    url_name="voting_me_nominations",
    summary="The signed-in delegate's own nominations",
)
def my_nominations(request: DelegateApiRequest) -> Any:
    delegate = request.auth
    return [_my_nomination(row) for row in selectors.nominations_for_delegate(delegate)]


@router.post(
    "/me/nominations/{nomination_id}/answer",
    response=MyNominationOut,
    auth=delegate_auth,
    url_name="voting_me_nomination_answer",
    openapi_extra={**body_doc(AnswerIn), **also_answers(429)},
    summary="The signed-in delegate accepts or declines their own nomination",
)
def my_nomination_answer(request: DelegateApiRequest, nomination_id: PathId) -> Any:
    """Another delegate's nomination does not exist here (404); 429 past the rate limit."""
    delegate = request.auth
    nomination = selectors.nomination_of_delegate(delegate, nomination_id)
    credential = credential_from_request(request)
    # The same bucket as the phone page's answers.
    if not cast_allowed(f"n{credential.pk if credential else delegate.pk}"):
        raise HttpError(429, _("Too many attempts. Wait a minute and try again."))
    _record_answer(request, nomination, acting_user=None, participant=delegate)
    rows = selectors.nominations_for_delegate(delegate)
    return _my_nomination(next(row for row in rows if row.nomination.pk == nomination.pk))
