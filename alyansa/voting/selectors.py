"""Reads that check access: who may run a poll, what a delegate may vote, what is public."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.html import escape
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.accounts.permissions import has_role
from alyansa.accounts.roles import Role
from alyansa.assemblies.models import AgendaItem, Assembly, Participant
from alyansa.assemblies.selectors import SpeakersState, is_chair, speakers_state
from alyansa.members import public
from alyansa.members.models import MembershipCategory
from alyansa.voting.ballots import receipt_fingerprint, receipt_hash
from alyansa.voting.counting import ballots_as_counted, stage_table, verdict
from alyansa.voting.models import (
    Ballot,
    BoardShows,
    Election,
    Entitlement,
    HasVoted,
    Nomination,
    Poll,
)

# Below this many voters, or when a weight is carried by only one voter, the published
# ballots may tell how someone voted.
SMALL_ELECTORATE = 5


def may_run_election(user: User, election: Election) -> bool:
    """The election committee of this election, or the secretariat that prepares it."""
    return has_role(user, Role.ELECTION_COMMITTEE, election) or has_role(user, Role.SECRETARIAT)


def may_run_poll(user: User, poll: Poll) -> bool:
    if poll.election is not None:
        return may_run_election(user, poll.election)
    return is_chair(user)


def poll_for_manager(user: User, poll_id: int) -> Poll:
    """A poll its runner may open, close, annul and count paper ballots of: the chair for an
    assembly's polls, the election committee (or the secretariat) for an election's."""
    poll = Poll.objects.select_related("election", "assembly").filter(pk=poll_id).first()
    if poll is None:
        raise Http404
    if not may_run_poll(user, poll):
        raise PermissionDenied
    return poll


def election_for_committee(user: User, election_id: int) -> Election:
    election = (
        Election.objects.select_related("seat", "term", "assembly").filter(pk=election_id).first()
    )
    if election is None:
        raise Http404
    if not may_run_election(user, election):
        raise PermissionDenied
    return election


def nominations_of(election: Election) -> list[Nomination]:
    """An election's nominations in the order entered, with the candidate and who stands
    (one query)."""
    return list(
        election.nominations.select_related("person", "organization", "participant").order_by("pk")
    )


def nomination_get(election: Election, nomination_id: int) -> Nomination:
    nomination = Nomination.objects.filter(election=election, pk=nomination_id).first()
    if nomination is None:
        raise Http404
    return nomination


def nominable_delegates(election: Election) -> QuerySet[Participant]:
    """The delegates who may be put forward in this election: a region's seat goes to a
    delegate of that region, the associate members' seat to an associate member's delegate;
    others to any delegate of the assembly. (A candidate who is not a delegate is named.)"""
    delegates = (
        Participant.objects.delegates()
        .filter(assembly_id=election.assembly_id)
        .select_related("organization")
        .order_by("display_name", "pk")
    )
    if election.kind == Election.Kind.REGIONAL and election.seat.region_id is not None:
        delegates = delegates.filter(organization__region_id=election.seat.region_id)
    elif election.kind == Election.Kind.ASSOCIATE:
        delegates = delegates.filter(
            organization__membership__category=MembershipCategory.ASSOCIATE
        )
    return delegates


@dataclass(frozen=True)
class MyNomination:
    nomination: Nomination
    open: bool


def nominations_for_delegate(delegate: Participant) -> list[MyNomination]:
    """The nominations of this delegate (as the candidate), and whether they can still answer."""
    rows = (
        Nomination.objects.filter(participant_id=delegate.pk)
        .select_related("election")
        .order_by("election_id")
    )
    return [MyNomination(row, row.election.status == Election.Status.NOMINATING) for row in rows]


def nomination_of_delegate(delegate: Participant, nomination_id: int) -> Nomination:
    """One of the delegate's own nominations; anyone else's does not exist for them (404)."""
    nomination = (
        Nomination.objects.filter(pk=nomination_id, participant_id=delegate.pk)
        .select_related("election")
        .first()
    )
    if nomination is None:
        raise Http404
    return nomination


@dataclass(frozen=True)
class PublicResult:
    poll: Poll
    verdict: str


def public_labels(poll: Poll) -> dict[str, str]:
    """Each option's label as it was printed → as it may be shown now (members/public.py): an
    erased candidate becomes "Candidate 3, erased", so the count stays checkable."""
    labels = {}
    for option in poll.options.select_related("nomination__person").order_by("position"):
        person = option.nomination.person if option.nomination else None
        if person is None or person.erased_at is None:
            labels[option.label] = option.label
        else:
            labels[option.label] = public.person(
                person, stand_in=public.erased_candidate(option.position)
            ).name
    return labels


def public_result(poll: Poll, labels: dict[str, str] | None = None) -> Any:
    """The stored result (elected, alternates, stage tables...) with every candidate's label
    as it may be shown now."""
    labels = public_labels(poll) if labels is None else labels
    changed = [(printed, now) for printed, now in labels.items() if printed != now]

    def shown(value: Any) -> Any:
        if isinstance(value, str):
            for printed, now in changed:  # also inside sentences of the count's log
                value = value.replace(printed, now)
            return value
        if isinstance(value, list):
            return [shown(one) for one in value]
        if isinstance(value, dict):
            return {shown(key): shown(one) for key, one in value.items()}
        return value

    return shown(poll.result or {})


def public_result_html(poll: Poll, labels: dict[str, str]) -> str:
    """The count stage by stage in the reader's language (counting.stage_table, from the
    result data), with every candidate's label as it may be shown now. A result stored before
    the data carried its stages keeps its HTML from the close."""
    if (poll.result or {}).get("stages"):
        return str(stage_table(public_result(poll, labels)))
    html = poll.result_html or ""
    for printed, shown in labels.items():
        if printed != shown:
            html = html.replace(str(escape(printed)), str(escape(shown)))
    return html


def public_verdict(poll: Poll | None, labels: dict[str, str] | None = None) -> str:
    """The result in words, once closed, naming candidates as they may be shown now."""
    if poll is None or poll.status != Poll.Status.CLOSED:
        return ""
    return verdict(public_result(poll, labels))


def results_of(assembly: Assembly) -> list[PublicResult]:
    """Every closed or annulled poll of a public assembly, in agenda order, said in words.
    Open and draft polls are not listed: nothing about them is public before the close."""
    polls = (
        Poll.objects.filter(
            assembly=assembly, status__in=[Poll.Status.CLOSED, Poll.Status.ANNULLED]
        )
        .select_related("item")
        .order_by("item__position", "pk")
    )
    return [PublicResult(poll, public_verdict(poll)) for poll in polls]


def poll_public_get(poll_id: int) -> Poll:
    """A poll's bulletin board is public once the poll is closed (or annulled) in an assembly
    that is public, and every ballot is in: while paper ballots wait to be merged it does not
    exist for the public (a board before the merge and one after would differ by exactly the
    paper ballots)."""
    poll = Poll.objects.select_related("assembly").filter(pk=poll_id).first()
    if (
        poll is None
        or poll.status not in {Poll.Status.CLOSED, Poll.Status.ANNULLED}
        or (poll.status == Poll.Status.CLOSED and poll.result.get("paper_pending"))
        or (poll.assembly is not None and poll.assembly.status == Assembly.Status.DRAFT)
    ):
        raise Http404
    return poll


@dataclass
class Board:
    """The bulletin board of a closed poll: the receipts (sorted, so their order says nothing)
    and, separately, the anonymous ballots in their shuffled order, as much of them as the
    poll publishes (`shows`: Poll.board_shows, for ranked polls)."""

    poll: Poll
    receipts: list[str]
    ballots: list[tuple[str, int]]
    labels: list[str]
    verdict: str
    paper_voters: int
    # The stage-by-stage count, with candidates as they may be shown now.
    result_html: str = ""
    shows: str = BoardShows.BALLOTS


def published_ballots(poll: Poll, labels: list[str]) -> tuple[str, list[tuple[str, int]]]:
    """What the public board shows of a poll's ballots, and how: every ballot (polls that are
    not ranked, or when the chair chose so); each ranked ballot cut after the last preference
    the count used; or none (the stages only). A full ranking can be dictated by a coercer and
    found again among the ballots (docs/security/voting.md). Schulze and the ranking of
    alternates read every preference: nothing can be cut, so only the stages are shown."""
    ballots = list(Ballot.objects.filter(poll=poll).order_by("pk").values_list("content", "weight"))
    shows = BoardShows(poll.board_shows) if poll.kind == "ranked" else BoardShows.BALLOTS
    if shows == BoardShows.COUNTED and (poll.method == "schulze" or poll.alternates):
        shows = BoardShows.STAGES
    if shows == BoardShows.STAGES:
        return shows, []
    if shows == BoardShows.COUNTED:
        return shows, ballots_as_counted(poll.result, labels, ballots)
    return shows, ballots


def board_of(poll: Poll) -> Board:
    receipts = sorted(
        receipt_fingerprint(hashed)
        for hashed in HasVoted.objects.filter(poll=poll, paper=False).values_list(
            "receipt_hash", flat=True
        )
    )
    shows, ballots = published_ballots(
        poll, list(poll.options.order_by("position").values_list("label", flat=True))
    )
    shown = public_labels(poll)
    return Board(
        poll=poll,
        receipts=receipts,
        ballots=ballots,
        labels=list(shown.values()),
        verdict=public_verdict(poll, shown),
        result_html=public_result_html(poll, shown),
        paper_voters=HasVoted.objects.filter(poll=poll, paper=True).count(),
        shows=shows,
    )


def full_ballots(poll: Poll) -> list[tuple[str, int]]:
    """Every ballot in full, for the poll's runners (the committee and its scrutineers)."""
    return list(Ballot.objects.filter(poll=poll).order_by("pk").values_list("content", "weight"))


def receipt_on_board(poll: Poll, code: str) -> bool:
    return HasVoted.objects.filter(poll=poll, receipt_hash=receipt_hash(code)).exists()


@dataclass
class HeldVote:
    """One vote a delegate may cast in an open poll: their own or one they hold as proxy.
    `number` names it in the ballot page's form (held_vote)."""

    voter_key: str
    weight: int
    proxy_for: str = ""
    voted: bool = False
    number: int = 1


@dataclass
class BallotPaper:
    poll: Poll
    labels: list[str]
    votes: list[HeldVote] = field(default_factory=list)


def ballots_for_delegate(delegate: Participant) -> list[BallotPaper]:
    """The open polls in which this delegate holds a vote, and which of them they used."""
    rows = list(
        Entitlement.objects.filter(holder_id=delegate.pk, poll__status=Poll.Status.OPEN)
        .select_related("poll", "proxy_for")
        .order_by("poll_id", "proxy_for_id", "pk")
    )
    voted = set(
        HasVoted.objects.filter(
            poll_id__in={row.poll_id for row in rows},
            voter_key__in={row.voter_key for row in rows},
        ).values_list("poll_id", "voter_key")
    )
    papers: dict[int, BallotPaper] = {}
    for row in rows:
        paper = papers.get(row.poll_id)
        if paper is None:
            labels = list(row.poll.options.order_by("position").values_list("label", flat=True))
            paper = papers[row.poll_id] = BallotPaper(poll=row.poll, labels=labels)
        paper.votes.append(
            HeldVote(
                voter_key=row.voter_key,
                weight=row.weight,
                proxy_for=row.proxy_for.display_name if row.proxy_for else "",
                voted=(row.poll_id, row.voter_key) in voted,
                number=len(paper.votes) + 1,
            )
        )
    return list(papers.values())


def votes_waiting_for(delegate: Participant) -> int:
    """How many votes this delegate holds in open polls and has not cast (two queries)."""
    held = set(
        Entitlement.objects.filter(
            holder_id=delegate.pk, poll__status=Poll.Status.OPEN
        ).values_list("poll_id", "voter_key")
    )
    if not held:
        return 0
    used = HasVoted.objects.filter(
        poll_id__in={poll for poll, _key in held}, voter_key__in={key for _poll, key in held}
    ).values_list("poll_id", "voter_key")
    return len(held - set(used))


def held_votes(delegate: Participant, poll_id: int) -> list[Entitlement]:
    """The votes this delegate holds in a poll, their own first, then those held as proxy."""
    return list(
        Entitlement.objects.filter(holder_id=delegate.pk, poll_id=poll_id)
        .select_related("poll", "proxy_for")
        .order_by("proxy_for_id", "pk")
    )


def held_vote(delegate: Participant, poll_id: int, number: int) -> Entitlement:
    """The delegate's `number`-th held vote in a poll (1: their own, or their first proxy's).
    Addresses and forms name a vote by this number, never by its voter key, which would then
    stand in access logs next to the moment of a cast."""
    held = held_votes(delegate, poll_id)
    if not 1 <= number <= len(held):
        raise Http404
    return held[number - 1]


def secrecy_warnings(poll: Poll) -> list[str]:
    """Why the published ballots of this poll might reveal votes: the chair is warned."""
    warnings: list[str] = []
    if poll.status == Poll.Status.DRAFT:
        return warnings
    if 0 < poll.electorate_size < SMALL_ELECTORATE:
        warnings.append(
            _(
                "Only %(count)d may vote: if all vote alike, or the ballots are few, the "
                "published ballots can show how each of them voted."
            )
            % {"count": poll.electorate_size}
        )
    weights = list(
        Entitlement.objects.filter(poll=poll).values_list("voter_key", "weight").distinct()
    )
    by_weight: dict[int, int] = {}
    for _key, weight in weights:
        by_weight[weight] = by_weight.get(weight, 0) + 1
    unique = sorted(weight for weight, count in by_weight.items() if count == 1)
    if len(by_weight) > 1 and unique:
        warnings.append(
            _(
                "Some weights are carried by a single organization (%(weights)s): its ballot "
                "can be recognised on the bulletin board by its weight."
            )
            % {"weights": ", ".join(map(str, unique))}
        )
    return warnings


@dataclass
class ProjectorState:
    assembly: Assembly
    item: AgendaItem | None
    poll: Poll | None
    voted: int
    verdict: str
    speakers: SpeakersState | None


def projector_state(assembly: Assembly) -> ProjectorState:
    """What the hall's screen shows: the current item, its poll, how many have voted (a
    count), the result once closed, and the list of speakers."""
    item = assembly.current_item
    polls = Poll.objects.filter(assembly=assembly).exclude(status=Poll.Status.DRAFT)
    # The poll whose state changed last, as the voting channel's latest event says: an open
    # one, else the last closed (an election closed from the committee's page while another
    # item is current is the hall's news), else the current item's.
    poll = (
        polls.filter(status=Poll.Status.OPEN).order_by("-opened_at").first()
        or polls.exclude(closed_at=None).order_by("-closed_at", "-pk").first()
        or (polls.filter(item=item).order_by("-pk").first() if item else None)
    )
    speakers = None
    if item is not None:
        speakers = speakers_state(item)
    voted = HasVoted.objects.filter(poll=poll).count() if poll else 0
    return ProjectorState(assembly, item, poll, voted, public_verdict(poll), speakers)
