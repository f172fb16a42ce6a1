"""Every change to polls and elections, except casting a ballot (castpath.py).

Each service runs in one transaction and writes one audit row, which never says how anyone
voted: counts, states and reasons only.
"""

from __future__ import annotations

import datetime
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.roles import Role
from alyansa.assemblies.models import (
    AgendaItem,
    Allocation,
    Assembly,
    ItemKind,
    Participant,
    Proxy,
    VoteMode,
)
from alyansa.assemblies.restrictions import restrictions_for
from alyansa.assemblies.services import assembly_announce
from alyansa.audit.services import audit_record
from alyansa.core import live
from alyansa.core.errors import RuleError
from alyansa.core.text import single_line
from alyansa.members.models import MembershipCategory, Organization, Person
from alyansa.voting import ballotbox, castpath
from alyansa.voting.ballots import BallotInvalid, PollSpec, encode
from alyansa.voting.counting import count_poll
from alyansa.voting.models import (
    Ballot,
    BoardShows,
    CastBallot,
    Election,
    Electorate,
    Entitlement,
    HasVoted,
    Nomination,
    PaperBallotEntry,
    Poll,
    PollKind,
    PollOption,
    ThresholdChoice,
)


class VotingRuleError(RuleError):
    """A change the rules refuse; the message can be shown as it is."""


class QuorumMissing(VotingRuleError):
    """Opening the poll now would leave it without its quorum: the chair confirms, or waits
    for more delegates to check in."""


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


# ---------------------------------------------------------------------------------------------
# Polls


@transaction.atomic
def poll_create(
    *,
    title: str,
    kind: str,
    acting_user: Any,
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
    region: Any = None,
    body: Any = None,
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
            from alyansa.assemblies.selectors import assembly_strength

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
        action="poll.create",
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


def _in_scope(poll: Poll, delegate: Participant, body_members: set[int]) -> bool:
    membership = getattr(delegate.organization, "membership", None)
    category = membership.category if membership is not None else None
    if poll.electorate == Electorate.BODY:
        return delegate.pk in body_members
    if poll.electorate == Electorate.ASSOCIATE:
        return category == MembershipCategory.ASSOCIATE
    if category != MembershipCategory.FULL:
        return False  # associate members vote only in their own caucus
    if poll.electorate == Electorate.REGION:
        return delegate.organization is not None and delegate.organization.region_id == (
            poll.region_id
        )
    return True


def entitlements_for(poll: Poll, body_members: Iterable[Participant] = ()) -> list[Entitlement]:
    """Who may cast which vote, by the rules of assemblies.selectors.voting_rights: present
    delegates in the poll's electorate cast their own vote; an absent delegate's vote is cast
    separately by the present holder of their proxy; with one vote per organization, its
    weighted vote goes to its first present delegate (or the holder of one of its proxies)."""
    assembly = poll.assembly
    if assembly is None:
        return []
    members = {one.pk for one in body_members}
    delegates = list(
        Participant.objects.delegates()
        .filter(assembly=assembly)
        .select_related("attendance", "organization__membership")
        .order_by("pk")
    )
    present = {
        one.pk
        for one in delegates
        if getattr(one, "attendance", None) is not None and one.attendance.present
    }
    # The delegates of an organization that may not vote at this assembly (its standing,
    # restrictions.py) cast no vote, theirs or a proxy's; a body's members vote as members.
    restricted = set() if poll.electorate == Electorate.BODY else set(restrictions_for(assembly))
    present -= {one.pk for one in delegates if one.organization_id in restricted}
    in_scope = [
        one
        for one in delegates
        if one.organization_id not in restricted and _in_scope(poll, one, members)
    ]
    proxies = dict(
        Proxy.objects.active().filter(assembly=assembly).values_list("giver_id", "holder_id")
    )
    # Who casts each delegate's vote: themselves if present, else their present proxy holder.
    casts: list[tuple[Participant, int, int | None]] = []
    for delegate in in_scope:
        if delegate.pk in present:
            casts.append((delegate, delegate.pk, None))
        elif proxies.get(delegate.pk) in present:
            casts.append((delegate, proxies[delegate.pk], delegate.pk))
    if poll.weighting == Poll.Weighting.PER_ORGANIZATION:
        weights = dict(
            Allocation.objects.filter(assembly=assembly).values_list("organization_id", "weight")
        )
        by_org: dict[int, tuple[int, int | None]] = {}
        for delegate, holder, proxy_for in sorted(casts, key=lambda c: (c[2] is not None, c[1])):
            if delegate.organization_id is not None:
                by_org.setdefault(delegate.organization_id, (holder, proxy_for))
        return [
            Entitlement(
                poll=poll,
                voter_key=f"o{org_id}",
                holder_id=holder,
                proxy_for_id=proxy_for,
                weight=weights.get(org_id, 1),
            )
            for org_id, (holder, proxy_for) in sorted(by_org.items())
        ]
    return [
        Entitlement(
            poll=poll, voter_key=f"d{delegate.pk}", holder_id=holder, proxy_for_id=proxy_for
        )
        for delegate, holder, proxy_for in casts
    ]


def quorum_shortfall(poll: Poll, present: int | None = None) -> str:
    """Why the poll, opened now, could not meet its quorum ("" when it could): fewer votes are
    `present` (the assembly's present strength, counted here unless given) than its quorum
    needs. The hall learns it before the vote, not at the close."""
    if poll.quorum_required <= 0 or poll.assembly is None:
        return ""
    from alyansa.assemblies.models import QuorumBasisChoice
    from alyansa.assemblies.selectors import assembly_strength

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
    acting_user: Any,
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
        from alyansa.assemblies.selectors import assembly_strength

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
        action="poll.open",
        obj=poll,
        changes={
            "electorate": poll.electorate_size,
            "weight": poll.electorate_weight,
            "without_quorum": bool(shortfall),
        },
    )
    transaction.on_commit(lambda: poll_announce(poll))
    return poll


def body_members_elected(poll: Poll) -> list[Participant]:
    """The delegates elected (and certified) at this assembly to the body that votes: the new
    coordinating body electing its officers."""
    if poll.body_id is None or poll.assembly_id is None:
        return []
    members: list[Participant] = []
    elections = Election.objects.filter(
        assembly_id=poll.assembly_id, seat__body_id=poll.body_id, status=Election.Status.CERTIFIED
    )
    for election in elections:
        closed = election.polls.filter(status=Poll.Status.CLOSED).order_by("-pk").first()
        if closed is None:
            continue
        elected = set(closed.result.get("elected", []))
        for option in closed.options.select_related("nomination__participant"):
            nomination = option.nomination
            if option.label in elected and nomination and nomination.participant:
                members.append(nomination.participant)
    return members


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


def _reshuffle(poll: Poll, extra: Iterable[tuple[str, int]] = (), *, or_drop: bool = False) -> int:
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


def _after_the_close(poll: Poll) -> None:
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


def _count(poll: Poll) -> None:
    """Count the poll, unless paper ballots handed out are still to be merged: then nothing is
    counted or published yet, so that no difference between a count before the merge and one
    after it can tell how the paper voters (whom the tellers saw take a ballot) voted."""
    paper_out = HasVoted.objects.filter(poll=poll, paper=True).count()
    voters = HasVoted.objects.filter(poll=poll).count()
    if paper_out and not poll.paper_merged:
        poll.result = {"kind": poll.kind, "paper_pending": paper_out, "voters": voters}
        poll.result_html = ""
        return
    labels = list(poll.options.order_by("position").values_list("label", flat=True))
    result, html = count_poll(
        kind=poll.kind,
        method=poll.method,
        labels=labels,
        seats=poll.seats,
        alternates=poll.alternates,
        threshold=poll.threshold,
        quorum_required=poll.quorum_required,
        quorum_basis=poll.quorum_basis,
        present=poll.present_at_open,
        electorate_weight=poll.electorate_weight,
        ballots=Ballot.objects.filter(poll=poll).order_by("pk").values_list("content", "weight"),
        seed=poll.seed or 0,
        title=poll.title,
    )
    result["paper_pending"] = 0
    result["voters"] = voters
    poll.result = result
    poll.result_html = html


def poll_close(*, poll: Poll, acting_user: Any) -> Poll:
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
        counted = _reshuffle(poll)
        _count(poll)
        poll.save(update_fields=["status", "closed_at", "seed", "result", "result_html"])
        audit_record(actor=acting_user, action="poll.close", obj=poll, changes={"ballots": counted})
        transaction.on_commit(lambda: poll_announce(poll))
        transaction.on_commit(lambda: _after_the_close(poll))
    return poll


def poll_annul(*, poll: Poll, reason: str, acting_user: Any) -> Poll:
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
        _reshuffle(poll, or_drop=True)
        poll.status = Poll.Status.ANNULLED
        poll.annulled_reason = reason.strip()
        poll.closed_at = poll.closed_at or timezone.now()
        poll.save(update_fields=["status", "annulled_reason", "closed_at"])
        audit_record(
            actor=acting_user,
            action="poll.annul",
            obj=poll,
            changes={"reason": poll.annulled_reason},
        )
        transaction.on_commit(lambda: poll_announce(poll))
        transaction.on_commit(lambda: _after_the_close(poll))
    return poll


@transaction.atomic
def poll_rerun(*, poll: Poll, acting_user: Any) -> Poll:
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
    audit_record(actor=acting_user, action="poll.rerun", obj=again, changes={"of": poll.pk})
    return again


# ---------------------------------------------------------------------------------------------
# Paper ballots


@transaction.atomic
def paper_ballot_hand_out(*, poll: Poll, participant: Participant, acting_user: Any) -> HasVoted:
    """Mark a delegate as voted when they are handed a paper ballot. Refused if they (or the
    holder of their vote) already voted electronically; afterwards their credential can no
    longer vote in this poll (the same unique row)."""
    from django.db import IntegrityError

    if poll.status != Poll.Status.OPEN:
        raise VotingRuleError(_("Paper ballots are handed out while the poll is open."))
    key = (
        f"o{participant.organization_id}"
        if poll.weighting == Poll.Weighting.PER_ORGANIZATION
        else f"d{participant.pk}"
    )
    if not Entitlement.objects.filter(poll=poll, voter_key=key).exists():
        raise VotingRuleError(_("This delegate may not vote in this poll."))
    try:
        with transaction.atomic():
            marked = HasVoted.objects.create(poll=poll, voter_key=key, paper=True)
    except IntegrityError:
        raise VotingRuleError(_("This vote has already been cast.")) from None
    # The trail says a paper ballot was handed out; who received it is the has-voted row.
    audit_record(actor=acting_user, action="poll.paper_hand_out", obj=poll, changes={})
    return marked


@transaction.atomic
def paper_ballot_enter(
    *, poll: Poll, number: int, choices: Sequence[str], acting_user: Any, blank: bool = False
) -> PaperBallotEntry:
    """A teller types one paper ballot from the box (numbered as taken out). Each ballot is
    entered by two tellers; no names are asked or stored. A paper that marks nobody is entered
    as blank: the count reports it as blank and keeps it out of any quota (a Yes/No/Abstain
    paper says yes, no or abstain)."""
    if poll.status != Poll.Status.CLOSED or poll.paper_merged:
        raise VotingRuleError(_("Paper ballots are entered after the close, before the merge."))
    if blank and poll.kind == PollKind.MOTION:
        raise VotingRuleError(_("A Yes/No/Abstain paper is entered as yes, no or abstain."))
    if blank and any(str(choice).strip() for choice in choices):
        raise VotingRuleError(_("A blank paper marks nothing: clear the marks, or untick blank."))
    spec = PollSpec(poll.pk, poll.kind, poll.options.count(), poll.seats)
    try:
        content = "" if blank else encode(spec, choices)
    except BallotInvalid as error:
        raise VotingRuleError(str(error)) from None
    handed_out = HasVoted.objects.filter(poll=poll, paper=True).count()
    if not 1 <= number <= handed_out:
        raise VotingRuleError(
            _("Only %(count)d paper ballots were handed out.") % {"count": handed_out}
        )
    entry, _created = PaperBallotEntry.objects.update_or_create(
        poll=poll, teller=acting_user, number=number, defaults={"content": content}
    )
    audit_record(actor=acting_user, action="poll.paper_enter", obj=poll, changes={"n": number})
    return entry


def paper_disagreements(poll: Poll) -> list[int]:
    """Numbers of paper ballots that do not have two tellers' entries that agree."""
    by_number: dict[int, list[str]] = defaultdict(list)
    for number, content in poll.paper_entries.values_list("number", "content"):
        by_number[number].append(content)
    entered = set(by_number)
    handed = HasVoted.objects.filter(poll=poll, paper=True).count()
    bad = [n for n, contents in by_number.items() if len(contents) < 2 or len(set(contents)) > 1]
    return sorted(bad + [n for n in range(1, handed + 1) if n not in entered])


def paper_ballots_merge(*, poll: Poll, acting_user: Any, ballots_in_box: int) -> Poll:
    """Merge the paper ballots into the count once two tellers entered each one alike. The
    tellers say how many ballots were in the box (some delegates may not return theirs)."""
    with transaction.atomic():
        poll = Poll.objects.select_for_update().get(pk=poll.pk)
        if poll.status != Poll.Status.CLOSED or poll.paper_merged:
            raise VotingRuleError(_("There is nothing to merge."))
        handed = HasVoted.objects.filter(poll=poll, paper=True).count()
        if ballots_in_box > handed:
            raise VotingRuleError(_("More ballots in the box than were handed out."))
        by_number: dict[int, list[str]] = defaultdict(list)
        entries = poll.paper_entries.values_list("number", "content", "teller_id")
        tellers: dict[int, set[int]] = defaultdict(set)
        for number, content, teller in entries:
            by_number[number].append(content)
            tellers[number].add(teller)
        wanted = range(1, ballots_in_box + 1)
        if set(by_number) != set(wanted) or any(
            len(tellers[n]) < 2 or len(set(by_number[n])) != 1 for n in wanted
        ):
            raise VotingRuleError(
                _("Two tellers must enter every ballot from the box alike before the merge.")
            )
        weights = _paper_weights(poll)
        papers = [(by_number[n][0], weights) for n in wanted]
        counted = _reshuffle(poll, extra=papers)
        PaperBallotEntry.objects.filter(poll=poll).delete()
        poll.paper_merged = True
        _count(poll)
        poll.save(update_fields=["paper_merged", "result", "result_html"])
        audit_record(
            actor=acting_user,
            action="poll.paper_merge",
            obj=poll,
            changes={"paper": len(papers), "ballots": counted},
        )
        transaction.on_commit(lambda: poll_announce(poll))
        transaction.on_commit(lambda: _after_the_close(poll))
    return poll


def _paper_weights(poll: Poll) -> int:
    # A paper ballot weighs what the paper voters' entitlements weigh; weighted organization
    # votes cast on paper must all weigh the same, or the weight would identify the voter.
    keys = HasVoted.objects.filter(poll=poll, paper=True).values_list("voter_key", flat=True)
    weights = set(
        Entitlement.objects.filter(poll=poll, voter_key__in=list(keys)).values_list(
            "weight", flat=True
        )
    )
    if len(weights) > 1:
        raise VotingRuleError(
            _("Paper ballots of organizations with different weights cannot be merged.")
        )
    return weights.pop() if weights else 1


# ---------------------------------------------------------------------------------------------
# Elections


@transaction.atomic
def election_create(
    *,
    assembly: Assembly,
    title: str,
    kind: str,
    seat: Any,
    term: Any,
    acting_user: Any,
    follows: Election | None = None,
    item: AgendaItem | None = None,
    mandates_start_on: datetime.date | None = None,
) -> Election:
    """An election for a seat rule of a body, in a term. Offices follow one another. A
    by-election may set the day its mandates start (else the day it is certified)."""
    if seat.body_id != term.body_id:
        raise VotingRuleError(_("The seat is not one of this term's body's seats."))
    if mandates_start_on is not None and not (
        term.starts_on <= mandates_start_on <= (term.ends_on or mandates_start_on)
    ):
        raise VotingRuleError(_("The mandates would start outside the term."))
    election = Election.objects.create(
        assembly=assembly,
        title=single_line(title),
        kind=Election.Kind(kind),
        seat=seat,
        term=term,
        follows=follows,
        item=item,
        mandates_start_on=mandates_start_on,
    )
    audit_record(
        actor=acting_user,
        action="election.create",
        obj=election,
        changes={"mandates_start_on": mandates_start_on.isoformat() if mandates_start_on else None},
    )
    return election


def _elected_earlier(election: Election) -> set[int]:
    """People elected in the earlier elections of this chain of offices."""
    earlier = election.chain()
    people: set[int] = set()
    for previous in earlier:
        poll = previous.polls.filter(status=Poll.Status.CLOSED).order_by("-pk").first()
        if poll is None:
            continue
        elected = set(poll.result.get("elected") or [])
        for option in poll.options.select_related("nomination"):
            if option.label in elected and option.nomination is not None:
                people.add(option.nomination.person_id)
    return people


def _candidate_person(
    *,
    election: Election,
    participant: Participant | None,
    name: str,
    organization: Organization | None,
    acting_user: Any,
) -> Person:
    """The registry's person for a candidate. A delegate nominated in several elections of the
    assembly (or someone named alike, of the same organization) is the same person each time,
    so that the chain of offices knows who was elected already; else the person is added."""
    from alyansa.members.services import person_create

    earlier = Nomination.objects.filter(election__assembly_id=election.assembly_id)
    if participant is not None:
        found = earlier.filter(participant=participant).select_related("person").first()
        if found is not None:
            return found.person
        return person_create(
            display_name=participant.display_name,
            organization=participant.organization,
            acting_user=acting_user,
        )
    name = single_line(name)
    if not name:
        raise VotingRuleError(_("Choose a delegate, or give the candidate's name."))
    found = (
        earlier.filter(
            participant__isnull=True, person__display_name=name, person__organization=organization
        )
        .select_related("person")
        .first()
    )
    if found is not None:
        return found.person
    return person_create(display_name=name, organization=organization, acting_user=acting_user)


def _check_may_stand(election: Election, organization: Organization | None) -> None:
    """A region's seat is for someone of that region's member organizations, the associate
    members' seat for someone of an associate member (the statutes' caucuses)."""
    if election.kind == Election.Kind.REGIONAL and election.seat.region_id is not None:
        if organization is None or organization.region_id != election.seat.region_id:
            raise VotingRuleError(
                _("This seat is for a member organization of its region: %(region)s.")
                % {"region": election.seat.region}
            )
    elif election.kind == Election.Kind.ASSOCIATE and not (
        organization is not None
        and Organization.objects.filter(
            pk=organization.pk, membership__category=MembershipCategory.ASSOCIATE
        ).exists()
    ):
        raise VotingRuleError(_("This seat is for someone of an associate member organization."))


@transaction.atomic
def nomination_create(
    *,
    election: Election,
    acting_user: Any,
    person: Person | None = None,
    participant: Participant | None = None,
    name: str = "",
    organization: Organization | None = None,
    nominated_by: str = "",
) -> Nomination:
    """Nominate a candidate: a person of the registry, a delegate registered at the assembly,
    or someone named here who is not a delegate (added to the registry's people). The
    nomination stands only once the candidate accepts. Refused once nominations are closed, for
    someone already nominated, and for someone already elected to an earlier office of the
    chain."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status != Election.Status.NOMINATING:
        raise VotingRuleError(_("Nominations are closed."))
    if participant is not None and (
        participant.assembly_id != election.assembly_id
        or participant.kind != Participant.Kind.DELEGATE
        or participant.withdrawn_at is not None
    ):
        raise VotingRuleError(_("The candidate is not a delegate registered at this assembly."))
    _check_may_stand(
        election,
        organization
        or (participant.organization if participant else None)
        or (person.organization if person else None),
    )
    if person is None:
        person = _candidate_person(
            election=election,
            participant=participant,
            name=name,
            organization=organization,
            acting_user=acting_user,
        )
    if person.pk in _elected_earlier(election):
        raise VotingRuleError(_("This person was already elected to an earlier office."))
    if Nomination.objects.filter(election=election, person=person).exists():
        raise VotingRuleError(_("This person is already nominated."))
    nomination = Nomination.objects.create(
        election=election,
        person=person,
        organization=organization or person.organization,
        nominated_by=nominated_by.strip()[:200],
        participant=participant,
    )
    audit_record(
        actor=acting_user,
        action="nomination.create",
        obj=nomination,
        changes={"election": election.pk, "delegate": participant.pk if participant else None},
    )
    return nomination


def _answerable(nomination: Nomination, participant: Participant | None) -> Nomination:
    """The nomination, locked, if it may still be answered (and, from a phone, by this
    candidate only)."""
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("election")
        .get(pk=nomination.pk)
    )
    if participant is not None and nomination.participant_id != participant.pk:
        raise VotingRuleError(_("Only the candidate answers their own nomination."))
    if nomination.election.status != Election.Status.NOMINATING:
        raise VotingRuleError(_("Nominations are closed."))
    return nomination


def _answered_by(acting_user: Any, participant: Participant | None) -> dict[str, Any]:
    if participant is not None and not getattr(acting_user, "is_authenticated", False):
        return {"by_participant": participant.pk}
    return {}


@transaction.atomic
def nomination_accept(
    *, nomination: Nomination, acting_user: Any, participant: Participant | None = None
) -> Nomination:
    """The candidate accepts: only accepted nominations stand, and they become the options of
    the ballot when it is prepared (election_poll_create). The election committee or the
    secretariat records the answer, or the candidate (`participant`) gives it from their phone.
    A candidate who declined may still accept until nominations close."""
    nomination = _answerable(nomination, participant)
    if nomination.standing:
        return nomination  # a double tap changes nothing
    nomination.accepted_at = timezone.now()
    nomination.declined_at = None
    nomination.save(update_fields=["accepted_at", "declined_at"])
    audit_record(
        actor=acting_user,
        action="nomination.accept",
        obj=nomination,
        changes=_answered_by(acting_user, participant),
    )
    return nomination


@transaction.atomic
def nomination_decline(
    *, nomination: Nomination, acting_user: Any, participant: Participant | None = None
) -> Nomination:
    """The candidate declines (or withdraws after accepting) until nominations close: they are
    not on the ballot. Recorded like an acceptance."""
    nomination = _answerable(nomination, participant)
    if nomination.declined_at is not None:
        return nomination
    nomination.declined_at = timezone.now()
    nomination.save(update_fields=["declined_at"])
    audit_record(
        actor=acting_user,
        action="nomination.decline",
        obj=nomination,
        changes=_answered_by(acting_user, participant),
    )
    return nomination


ELECTORATE_BY_KIND = {
    Election.Kind.REGIONAL: Electorate.REGION,
    Election.Kind.ASSOCIATE: Electorate.ASSOCIATE,
    Election.Kind.AT_LARGE: Electorate.PRESENT,
    Election.Kind.OFFICE: Electorate.BODY,
}


@transaction.atomic
def election_poll_create(
    *,
    election: Election,
    acting_user: Any,
    method: str = "",
    alternates: int | None = None,
    board_shows: str = BoardShows.STAGES,
) -> Poll:
    """The ballot of an election, which closes its nominations: its options are the standing
    candidates (accepted, and not elected to an earlier office of the chain) in the order
    nominated, counted by STV for several seats (Scottish rules unless another method is
    chosen) or by instant runoff for one; the seat's alternates are ranked. Prepared once
    (again only after the poll was annulled)."""
    election = Election.objects.select_for_update().get(pk=election.pk)
    if election.status == Election.Status.CERTIFIED:
        raise VotingRuleError(_("This election is certified."))
    if election.polls.exclude(status=Poll.Status.ANNULLED).exists():
        raise VotingRuleError(_("The ballot of this election is already prepared."))
    earlier = _elected_earlier(election)
    standing = [
        nomination
        for nomination in election.nominations.select_related("person", "organization").order_by(
            "pk"
        )
        if nomination.standing and nomination.person_id not in earlier
    ]
    seat = election.seat
    if len(standing) < 1:
        raise VotingRuleError(_("No candidate stands."))
    election.status = Election.Status.VOTING
    election.save(update_fields=["status"])
    return poll_create(
        title=election.title,
        kind=PollKind.RANKED,
        acting_user=acting_user,
        election=election,
        item=election.item,
        method=method or ("scottish-stv" if seat.holders > 1 else "irv"),
        seats=min(seat.holders, len(standing)),
        alternates=seat.alternates if alternates is None else alternates,
        electorate=ELECTORATE_BY_KIND[Election.Kind(election.kind)],
        region=seat.region if election.kind == Election.Kind.REGIONAL else None,
        body=seat.body.elected_by if election.kind == Election.Kind.OFFICE else None,
        nominations=standing,
        board_shows=board_shows,
    )


@transaction.atomic
def election_certify(*, election: Election, acting_user: Any) -> Election:
    """Certify an election's result: its holders and ranked alternates are written into the
    governance registry as mandates of the seat in the term (through governance's services),
    from the term's first day; a by-election's from the day it sets or from today, so the seat's
    earlier holders must have left before then."""
    from alyansa.governance.services import GovernanceRuleError, mandate_assign

    election = (
        Election.objects.select_for_update(of=("self",))
        .select_related("seat", "term", "assembly")
        .get(pk=election.pk)
    )
    if election.status == Election.Status.CERTIFIED:
        raise VotingRuleError(_("This election is already certified."))
    starts_on = election.mandates_start()
    poll = election.polls.filter(status=Poll.Status.CLOSED).order_by("-pk").first()
    if poll is None:
        raise VotingRuleError(_("No closed poll to certify."))
    if poll.result.get("paper_pending"):
        raise VotingRuleError(_("Merge the paper ballots before certifying."))
    by_label = {
        option.label: option.nomination
        for option in poll.options.select_related("nomination__person")
    }
    try:
        for name in poll.result.get("elected", []):
            nomination = by_label[name]
            assert nomination is not None
            mandate_assign(
                term=election.term,
                seat=election.seat,
                person=nomination.person,
                organization=nomination.organization,
                starts_on=starts_on,
                acting_user=acting_user,
            )
        for rank, name in enumerate(poll.result.get("alternates", [])[: election.seat.alternates]):
            nomination = by_label[name]
            assert nomination is not None
            mandate_assign(
                term=election.term,
                seat=election.seat,
                person=nomination.person,
                organization=nomination.organization,
                alternate_rank=rank + 1,
                starts_on=starts_on,
                acting_user=acting_user,
            )
    except GovernanceRuleError as error:
        raise VotingRuleError(str(error)) from None
    election.status = Election.Status.CERTIFIED
    election.certified_at = timezone.now()
    election.save(update_fields=["status", "certified_at"])
    audit_record(
        actor=acting_user,
        action="election.certify",
        obj=election,
        changes={
            "poll": poll.pk,
            "elected": list(poll.result.get("elected", [])),
            "from": starts_on.isoformat(),
        },
    )
    return election


@transaction.atomic
def committee_appoint(*, election: Election, user: Any, acting_user: Any) -> None:
    """Give someone (who may be from outside the alliance) the election committee role for one
    election: they run its polls, enter paper ballots and certify; nothing else."""
    from alyansa.accounts.services import role_grant

    role_grant(user=user, role=Role.ELECTION_COMMITTEE, scope=election, acting_user=acting_user)


def voters_count(poll: Poll) -> int:
    """How many have voted (electronically or by taking a paper ballot): a count, no names."""
    return HasVoted.objects.filter(poll=poll).count()


def ballot_counts(polls: Iterable[Poll]) -> dict[int, int]:
    rows = HasVoted.objects.filter(poll__in=list(polls)).values("poll").annotate(n=Count("pk"))
    return {row["poll"]: row["n"] for row in rows}


# ---------------------------------------------------------------------------------------------
# From a poll's verdict to the item's decision


@transaction.atomic
def poll_decide(*, poll: Poll, acting_user: Any, additions: str = "") -> AgendaItem:
    """Record on the agenda item what the poll decided: carried means approved (with the
    additions, if any were adopted), not carried means rejected. The assemblies app's
    item_decide then admits the organization, ratifies the constitution version, and so on.
    A poll without a quorum decides nothing."""
    from alyansa.assemblies.models import Outcome
    from alyansa.assemblies.services import AssemblyRuleError, item_decide

    poll = Poll.objects.select_related("item").get(pk=poll.pk)
    if poll.item is None or poll.kind != PollKind.MOTION:
        raise VotingRuleError(_("Only a Yes/No/Abstain poll on an agenda item decides it."))
    if poll.status != Poll.Status.CLOSED:
        raise VotingRuleError(_("The poll is not closed."))
    if poll.result.get("paper_pending"):
        raise VotingRuleError(_("Merge the paper ballots before deciding."))
    outcome = poll.result.get("outcome")
    if outcome == "no quorum":
        raise VotingRuleError(_("There was no quorum: the item is not decided."))
    if outcome == "passed":
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
        actor=acting_user, action="poll.decide", obj=poll, changes={"outcome": decision.value}
    )
    return item
