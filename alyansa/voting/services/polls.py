"""Polls: prepare, open (with its quorum), close, annul, run again, and decide the agenda item
from the verdict. Each is one transaction with one audit row, which never says how anyone
voted."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import (
    AgendaItem,
    Assembly,
    ItemKind,
    Outcome,
    Participant,
    QuorumBasisChoice,
    VoteMode,
)
from alyansa.assemblies.selectors import assembly_strength
from alyansa.assemblies.services import AssemblyRuleError, item_decide
from alyansa.audit.services import audit_record
from alyansa.core.text import single_line
from alyansa.governance.models import Body
from alyansa.members.models import Region
from alyansa.voting import ballotbox, castpath
from alyansa.voting.audit_actions import Action
from alyansa.voting.models import (
    BoardShows,
    Election,
    Electorate,
    Entitlement,
    HasVoted,
    Nomination,
    Poll,
    PollKind,
    PollOption,
    ThresholdChoice,
)
from alyansa.voting.services.closing import after_the_close, count_into_result, reshuffle_ballots
from alyansa.voting.services.common import QuorumMissing, VotingRuleError, poll_announce
from alyansa.voting.services.electorate import body_members_elected, entitlements_for
from votecount.motion import MotionOutcome

# The majority each kind of agenda item needs when a poll belongs to no assembly; an assembly's
# polls take the assembly's own rules (Assembly.threshold_for), unless the poll says otherwise.
THRESHOLD_BY_ITEM_KIND: dict[str, str] = {ItemKind.CONSTITUTIONAL.value: "two-thirds"}
DEFAULT_THRESHOLD = "majority-excluding-abstentions"
DEFAULT_QUORUM_BASIS = "present-voting-delegates"


def rules_for(assembly: Assembly | None, item: AgendaItem | None) -> tuple[str, str]:
    """The majority and the quorum basis a new poll on this item takes: the assembly's rules
    for the item's kind, else the defaults (two thirds for constitutional amendments)."""
    kind = item.kind if item is not None else None
    if assembly is None:
        return THRESHOLD_BY_ITEM_KIND.get(kind or "", DEFAULT_THRESHOLD), DEFAULT_QUORUM_BASIS
    # Read afresh: the rules may have changed since this assembly object was loaded.
    rules = Assembly.objects.get(pk=assembly.pk)
    return rules.threshold_for(kind), rules.quorum_basis


@transaction.atomic
def poll_create(
    *,
    title: str,
    kind: str,
    acting_user: User | None,
    assembly: Assembly | None = None,
    item: AgendaItem | None = None,
    election: Election | None = None,
    options: Sequence[str] = (),
    method: str = "",
    seats: int = 1,
    alternates: int = 0,
    threshold: str | None = None,
    quorum_required: int | None = None,
    quorum_basis: str | None = None,
    electorate: str = Electorate.PRESENT,
    region: Region | None = None,
    body: Body | None = None,
    nominations: Sequence[Nomination] = (),
    board_shows: str = BoardShows.STAGES,
) -> Poll:
    """Prepare a poll. Motions get the majority the assembly's rules give their item's kind
    (by default two thirds for constitutional amendments, more yes than no otherwise) and the
    assembly's quorum and quorum basis, unless told otherwise; the poll keeps them even if the
    assembly's rules change later. Ranked polls count by Scottish STV unless another method is
    chosen."""
    kind = PollKind(kind)
    if item is not None:
        assembly = item.assembly
    if election is not None:
        assembly = election.assembly
    labels = [single_line(option) for option in options if single_line(option)]
    if nominations:
        labels = candidate_labels(nominations)
    if kind != PollKind.MOTION and len(labels) < 1:
        raise VotingRuleError(_("A poll needs at least one option."))
    if len(set(labels)) != len(labels):
        raise VotingRuleError(_("Two options have the same name."))
    if electorate == Electorate.REGION and region is None:
        raise VotingRuleError(_("Say which region's caucus votes."))
    default_threshold, default_basis = rules_for(assembly, item)
    threshold = threshold or default_threshold
    quorum_basis = quorum_basis or default_basis
    if threshold not in ThresholdChoice.values:
        raise VotingRuleError(_("Not a known majority."))
    if board_shows not in BoardShows.values:
        raise VotingRuleError(_("Say what the public board shows of the ballots."))
    if quorum_required is None:
        quorum_required = 0
        if assembly is not None and kind == PollKind.MOTION:
            quorum_required = assembly_strength(assembly).quorum_votes
    poll = Poll.objects.create(
        assembly=assembly,
        item=item,
        election=election,
        title=single_line(title),
        kind=kind,
        method=(method or "scottish-stv") if kind == PollKind.RANKED else "",
        seats=seats,
        alternates=alternates,
        threshold=threshold,
        quorum_required=quorum_required,
        quorum_basis=quorum_basis,
        electorate=electorate,
        region=region,
        body=body,
        weighting=(
            Poll.Weighting.PER_ORGANIZATION
            if assembly is not None and assembly.vote_mode == VoteMode.PER_ORGANIZATION
            else Poll.Weighting.PER_DELEGATE
        ),
        board_shows=board_shows,
    )
    PollOption.objects.bulk_create(
        PollOption(
            poll=poll,
            position=number,
            label=label,
            nomination=nominations[number - 1] if nominations else None,
        )
        for number, label in enumerate(labels, start=1)
    )
    audit_record(
        actor=acting_user,
        action=Action.POLL_CREATE,
        obj=poll,
        changes={"kind": kind.value, "options": len(labels), "threshold": threshold},
    )
    return poll


def candidate_labels(nominations: Sequence[Nomination]) -> list[str]:
    """The candidates' names as the ballot paper shows them; two candidates of the same name
    are told apart by their organization."""
    names = [str(nomination.person.label) for nomination in nominations]
    labels = []
    for name, nomination in zip(names, nominations, strict=True):
        organization = nomination.organization
        if names.count(name) > 1 and organization is not None:
            name = f"{name} ({organization.acronym or organization.name})"
        labels.append(name)
    return labels


def quorum_shortfall(poll: Poll, present: int | None = None) -> str:
    """Why the poll, opened now, could not meet its quorum ("" when it could): fewer votes are
    `present` (the assembly's present strength, counted here unless given) than its quorum
    needs. The hall learns it before the vote, not at the close."""
    if poll.quorum_required <= 0 or poll.assembly is None:
        return ""
    if present is None:
        present = assembly_strength(poll.assembly).present_votes
    if present >= poll.quorum_required:
        return ""
    numbers = {"present": present, "required": poll.quorum_required}
    if poll.quorum_basis == QuorumBasisChoice.BALLOTS_CAST:
        return (
            _(
                "No quorum: %(present)d votes are present and the quorum needs %(required)d votes "
                "cast. Even if everyone present votes, the poll decides nothing unless more "
                "delegates check in."
            )
            % numbers
        )
    return (
        _(
            "No quorum: %(present)d votes are present and the quorum needs %(required)d. The "
            "quorum counts the votes present when the poll opens: opened now, it decides nothing."
        )
        % numbers
    )


@transaction.atomic
def poll_open(
    *,
    poll: Poll,
    acting_user: User | None,
    body_members: Iterable[Participant] = (),
    without_quorum: bool = False,
) -> Poll:
    """Open a poll: its electorate is fixed now (who may cast which vote, with which weight),
    as the chair announces the count. For a body's poll, `body_members` are the delegates who
    sit in that body. A poll that could not meet its quorum (quorum_shortfall) is opened only
    when the chair confirms it (`without_quorum`)."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.status != Poll.Status.DRAFT:
        raise VotingRuleError(_("Only a poll that has not yet opened can be opened."))
    shortfall = quorum_shortfall(poll)
    if shortfall and not without_quorum:
        raise QuorumMissing(shortfall)
    members = list(body_members)
    if poll.electorate == Electorate.BODY and not members:
        members = body_members_elected(poll)
    if poll.electorate == Electorate.BODY and not members:
        raise VotingRuleError(_("Say who sits in the body that votes."))
    rows = entitlements_for(poll, members)
    if not rows:
        raise VotingRuleError(_("Nobody present may vote in this poll."))
    Entitlement.objects.bulk_create(rows)
    weights = {row.voter_key: row.weight for row in rows}
    poll.electorate_size = len(weights)
    poll.electorate_weight = sum(weights.values())
    if poll.assembly is not None:
        poll.present_at_open = assembly_strength(poll.assembly).present_votes
    poll.status = Poll.Status.OPEN
    poll.opened_at = timezone.now()
    # The private key goes to its file (flushed) before the poll opens: if this transaction
    # rolls back, the file holds a key to nothing.
    poll.ballot_box_key = ballotbox.box_new(poll.pk)
    castpath.poll_spec_forget(poll.pk)
    poll.save(
        update_fields=[
            "status",
            "opened_at",
            "ballot_box_key",
            "electorate_size",
            "electorate_weight",
            "present_at_open",
        ]
    )
    audit_record(
        actor=acting_user,
        action=Action.POLL_OPEN,
        obj=poll,
        changes={
            "electorate": poll.electorate_size,
            "weight": poll.electorate_weight,
            "without_quorum": bool(shortfall),
        },
    )
    transaction.on_commit(lambda: poll_announce(poll))
    return poll


def poll_close(*, poll: Poll, acting_user: User | None) -> Poll:
    """Close a poll: no ballot is accepted after this, the ballots are rewritten in a random
    order (nothing then joins a ballot to a voter) and counted. Paper ballots handed out are
    merged later (paper_ballots_merge), which counts again."""
    with transaction.atomic():
        # FOR UPDATE waits for every cast in flight (they hold KEY SHARE on the poll row).
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status != Poll.Status.OPEN:
            raise VotingRuleError(_("Only an open poll can be closed."))
        poll.status = Poll.Status.CLOSED
        poll.closed_at = timezone.now()
        poll.seed = secrets.randbits(31)
        counted = reshuffle_ballots(poll)
        count_into_result(poll)
        poll.save(update_fields=["status", "closed_at", "seed", "result", "result_html"])
        audit_record(
            actor=acting_user, action=Action.POLL_CLOSE, obj=poll, changes={"ballots": counted}
        )
        transaction.on_commit(lambda: poll_announce(poll))
        transaction.on_commit(lambda: after_the_close(poll))
    return poll


def poll_annul(*, poll: Poll, reason: str, acting_user: User) -> Poll:
    """Annul a poll, with the reason on the record. Its ballots are shuffled like any closed
    poll's (or dropped, if its key was lost), and its result no longer counts; `poll_rerun`
    prepares the same poll again."""
    if not reason.strip():
        raise VotingRuleError(_("Say why the poll is annulled."))
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status == Poll.Status.ANNULLED:
            raise VotingRuleError(_("This poll is already annulled."))
        if poll.election is not None and poll.election.status == Election.Status.CERTIFIED:
            raise VotingRuleError(_("The election's result is already certified."))
        reshuffle_ballots(poll, or_drop=True)
        poll.status = Poll.Status.ANNULLED
        poll.annulled_reason = reason.strip()
        poll.closed_at = poll.closed_at or timezone.now()
        poll.save(update_fields=["status", "annulled_reason", "closed_at"])
        audit_record(
            actor=acting_user,
            action=Action.POLL_ANNUL,
            obj=poll,
            changes={"reason": poll.annulled_reason},
        )
        transaction.on_commit(lambda: poll_announce(poll))
        transaction.on_commit(lambda: after_the_close(poll))
    return poll


@transaction.atomic
def poll_rerun(*, poll: Poll, acting_user: User) -> Poll:
    """A new poll with the same question, options and rules as an annulled one."""
    if poll.status != Poll.Status.ANNULLED:
        raise VotingRuleError(_("Only an annulled poll is run again."))
    options = list(poll.options.order_by("position"))
    again = Poll.objects.create(
        assembly=poll.assembly,
        item=poll.item,
        election=poll.election,
        title=poll.title,
        kind=poll.kind,
        method=poll.method,
        seats=poll.seats,
        alternates=poll.alternates,
        threshold=poll.threshold,
        quorum_required=poll.quorum_required,
        quorum_basis=poll.quorum_basis,
        electorate=poll.electorate,
        region=poll.region,
        body=poll.body,
        weighting=poll.weighting,
        board_shows=poll.board_shows,
        rerun_of=poll,
    )
    PollOption.objects.bulk_create(
        PollOption(poll=again, position=o.position, label=o.label, nomination=o.nomination)
        for o in options
    )
    audit_record(actor=acting_user, action=Action.POLL_RERUN, obj=again, changes={"of": poll.pk})
    return again


def voters_count(poll: Poll) -> int:
    """How many have voted (electronically or by taking a paper ballot): a count, no names."""
    return HasVoted.objects.filter(poll=poll).count()


def ballot_counts(polls: Iterable[Poll]) -> dict[int, int]:
    rows = HasVoted.objects.filter(poll__in=list(polls)).values("poll").annotate(n=Count("pk"))
    return {row["poll"]: row["n"] for row in rows}


@transaction.atomic
def poll_decide(*, poll: Poll, acting_user: User, additions: str = "") -> AgendaItem:
    """Record on the agenda item what the poll decided: carried means approved (with the
    additions, if any were adopted), not carried means rejected. The assemblies app's
    item_decide then admits the organization, ratifies the constitution version, and so on.
    A poll without a quorum decides nothing."""
    poll = Poll.objects.select_related("item").get(pk=poll.pk)
    if poll.item is None or poll.kind != PollKind.MOTION:
        raise VotingRuleError(_("Only a Yes/No/Abstain poll on an agenda item decides it."))
    if poll.status != Poll.Status.CLOSED:
        raise VotingRuleError(_("The poll is not closed."))
    if poll.result.get("paper_pending"):
        raise VotingRuleError(_("Merge the paper ballots before deciding."))
    outcome = poll.result.get("outcome")
    if outcome == MotionOutcome.NO_QUORUM:
        raise VotingRuleError(_("There was no quorum: the item is not decided."))
    if outcome == MotionOutcome.PASSED:
        decision = Outcome.APPROVED_WITH_ADDITIONS if additions.strip() else Outcome.APPROVED
    else:
        decision = Outcome.REJECTED
    try:
        item = item_decide(
            item=poll.item, outcome=decision, additions=additions, acting_user=acting_user
        )
    except AssemblyRuleError as error:
        raise VotingRuleError(str(error)) from None
    audit_record(
        actor=acting_user, action=Action.POLL_DECIDE, obj=poll, changes={"outcome": decision.value}
    )
    return item
