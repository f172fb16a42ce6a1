"""Paper ballots: handed out while the poll is open, typed by two tellers after the close,
merged into the count once their entries agree. No names are asked or stored."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import Participant
from alyansa.audit.services import audit_record
from alyansa.voting.audit_actions import Action
from alyansa.voting.ballots import BallotInvalid, PollSpec, encode
from alyansa.voting.models import Entitlement, HasVoted, PaperBallotEntry, Poll, PollKind
from alyansa.voting.services.closing import after_the_close, count_into_result, reshuffle_ballots
from alyansa.voting.services.common import VotingRuleError, poll_announce


@transaction.atomic
def paper_ballot_hand_out(*, poll: Poll, participant: Participant, acting_user: User) -> HasVoted:
    """Mark a delegate as voted when they are handed a paper ballot. Refused if they (or the
    holder of their vote) already voted electronically; afterwards their credential can no
    longer vote in this poll (the same unique row)."""
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
    audit_record(actor=acting_user, action=Action.POLL_PAPER_HAND_OUT, obj=poll, changes={})
    return marked


@transaction.atomic
def paper_ballot_enter(
    *, poll: Poll, number: int, choices: Sequence[str], acting_user: User, blank: bool = False
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
    audit_record(actor=acting_user, action=Action.POLL_PAPER_ENTER, obj=poll, changes={"n": number})
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


def paper_ballots_merge(*, poll: Poll, acting_user: User, ballots_in_box: int) -> Poll:
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
        counted = reshuffle_ballots(poll, extra=papers)
        PaperBallotEntry.objects.filter(poll=poll).delete()
        poll.paper_merged = True
        count_into_result(poll)
        poll.save(update_fields=["paper_merged", "result", "result_html"])
        audit_record(
            actor=acting_user,
            action=Action.POLL_PAPER_MERGE,
            obj=poll,
            changes={"paper": len(papers), "ballots": counted},
        )
        transaction.on_commit(lambda: poll_announce(poll))
        transaction.on_commit(lambda: after_the_close(poll))
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
