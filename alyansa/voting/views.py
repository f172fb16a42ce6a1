"""Pages: the delegate's ballot, the chair's console, the projector, the bulletin board, the
tellers' paper ballots, the election committee's page and the communiqué."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alyansa.accounts.models import User
from alyansa.accounts.permissions import is_secretariat
from alyansa.accounts.requests import SignedInRequest
from alyansa.assemblies.models import Assembly, Participant
from alyansa.assemblies.permissions import DelegateRequest, delegate_required
from alyansa.assemblies.phone import PHONE_REFRESH
from alyansa.assemblies.selectors import (
    assembly_for_chair,
    assembly_public_get,
    assembly_strength,
    is_chair,
)
from alyansa.assemblies.services import hall_link_create, hall_link_matches, hall_link_revoke
from alyansa.core.bounds import MAX_COUNT, param_id, param_int
from alyansa.voting import communique as drafting
from alyansa.voting import selectors, services
from alyansa.voting.ballots import (
    BallotInvalid,
    PollSpec,
    decode,
    encode,
    receipt_given,
    receipt_new,
)
from alyansa.voting.castpath import CAST_STATUS, CastResult, cast_ballot
from alyansa.voting.counting import ballots_as_blt, ballots_as_csv, motion_csv, verdict
from alyansa.voting.forms import NominationForm
from alyansa.voting.models import (
    BoardShows,
    Communique,
    Election,
    Electorate,
    Nomination,
    Poll,
    PollKind,
    RankedMethod,
    ThresholdChoice,
)
from alyansa.voting.ratelimit import cast_allowed
from alyansa.voting.services import QuorumMissing, VotingRuleError

# What a refused cast says; its status is castpath.CAST_STATUS's, as in the API.
CAST_MESSAGES = {
    CastResult.ALREADY_VOTED: lambda: _("This vote has already been cast. It was counted once."),
    CastResult.NOT_OPEN: lambda: _("This poll is not open."),
    CastResult.NOT_ENTITLED: lambda: _("You do not hold this vote."),
}


def choices_from(request: HttpRequest, kind: str, options: int) -> list[str]:
    """The form's marks: one radio ("choice"), checkboxes ("choice"), or a rank number per
    candidate ("rank-<position>", 1 first; blank means not ranked)."""
    if kind != PollKind.RANKED:
        return request.POST.getlist("choice")
    ranks: list[tuple[int, int]] = []
    for position in range(1, options + 1):
        raw = request.POST.get(f"rank-{position}", "").strip()
        if raw:
            try:
                ranks.append((int(raw), position))
            except ValueError:
                raise BallotInvalid(
                    _("Ranks are whole numbers: 1 for your first choice.")
                ) from None
    if len({rank for rank, _p in ranks}) != len(ranks):
        raise BallotInvalid(_("Give each candidate a different rank."))
    return [str(position) for _rank, position in sorted(ranks)]


# ---------------------------------------------------------------------------------------------
# The delegate's phone


@delegate_required
def ballots(request: DelegateRequest) -> HttpResponse:
    """The open polls in which this delegate holds a vote (their own and their proxies')."""
    delegate = request.delegate
    return render(
        request,
        "voting/ballots.html",
        {
            "papers": selectors.ballots_for_delegate(delegate),
            "delegate": delegate,
            # With nothing to vote on, the page looks again by itself (no live channel needed).
            "refresh_seconds": PHONE_REFRESH,
        },
    )


@delegate_required
def ballot(request: DelegateRequest, poll_id: int) -> HttpResponse:
    """Cast one vote: the delegate's own, or (`vote`=2, 3...) one they hold as proxy.

    Without JavaScript too, in two steps: the form (`step=review`) shows what the ballot says
    ("You are voting: 1. X 2. Y") with Cast and Change; a refused ballot comes back with its
    marks kept. The receipt code is made with the form and sent back with it: the same form
    sent again after a lost answer gets its receipt ("recorded"), a second ballot is told the
    vote was cast. A form without `step` (older pages, scripts) casts at once."""
    delegate = request.delegate
    params = request.POST if request.method == "POST" else request.GET
    number = param_int(params, "vote", default=1, minimum=1, maximum=MAX_COUNT)
    entitlement = selectors.held_vote(delegate, poll_id, number)
    poll = entitlement.poll
    labels = list(poll.options.order_by("position").values_list("label", flat=True))
    receipt = receipt_given(request.POST.get("receipt", "")) or receipt_new()[0]
    context: dict[str, Any] = {
        "poll": poll,
        "labels": labels,
        "entitlement": entitlement,
        "number": number,
        "receipt": receipt,
        "options": _ballot_options(request, labels),
        "motion_choice": request.POST.get("choice", ""),
    }
    if request.method != "POST":
        return render(request, "voting/ballot.html", context)
    step = request.POST.get("step", "cast")
    if step == "change":
        return render(request, "voting/ballot.html", context)
    try:
        choices = choices_from(request, poll.kind, len(labels))
        if step == "review":
            spec = PollSpec(poll.pk, poll.kind, len(labels), poll.seats)
            marked = decode(poll.kind, encode(spec, choices))
    except BallotInvalid as error:
        context["error"] = str(error)
        return render(request, "voting/ballot.html", context, status=400)
    if step == "review":
        context["marked"] = (
            marked if isinstance(marked, str) else [labels[position - 1] for position in marked]
        )
        context["hidden"] = [
            (name, value)
            for name in request.POST
            if name == "choice" or name.startswith("rank-")
            for value in request.POST.getlist(name)
        ]
        return render(request, "voting/review.html", context)
    if not cast_allowed(f"c{request.credential.pk}"):
        context["error"] = _("Too many attempts. Wait a minute and try again.")
        return render(request, "voting/ballot.html", context, status=429)
    try:
        outcome = cast_ballot(
            poll_id=poll.pk,
            voter_key=entitlement.voter_key,
            choices=choices,
            holder_id=delegate.pk,
            receipt=receipt,
        )
    except BallotInvalid as error:
        context["error"] = str(error)
        return render(request, "voting/ballot.html", context, status=400)
    if outcome.result in {CastResult.CAST, CastResult.RECORDED}:
        return render(
            request,
            "voting/receipt.html",
            {
                "poll": poll,
                "receipt": outcome.receipt,
                "recorded": outcome.result is CastResult.RECORDED,
            },
        )
    context["error"] = CAST_MESSAGES[outcome.result]()
    return render(request, "voting/ballot.html", context, status=CAST_STATUS[outcome.result])


def _ballot_options(request: HttpRequest, labels: list[str]) -> list[dict[str, Any]]:
    """Each option with what the voter marked in the form just sent (kept after a refusal or
    on Change): checked, or the rank typed."""
    chosen = set(request.POST.getlist("choice")) if request.method == "POST" else set()
    return [
        {
            "position": position,
            "label": label,
            "checked": str(position) in chosen,
            "rank": request.POST.get(f"rank-{position}", "")[:3]
            if request.method == "POST"
            else "",
        }
        for position, label in enumerate(labels, 1)
    ]


# ---------------------------------------------------------------------------------------------
# The projector and the bulletin board (public)


def _hall_key(assembly: Assembly) -> str:
    return f"alyansa.hall:{assembly.pk}"


def projector(request: HttpRequest, slug: str) -> HttpResponse:
    """The hall display: for signed-in assembly staff, and for a screen opened with the chair's
    secret link (see `hall`). Anyone else gets the answer of an unknown address."""
    assembly = assembly_public_get(slug, request.user)
    opened = request.session.get(_hall_key(assembly), "")
    if not is_chair(request.user) and not (
        assembly.hall_link_hash and opened == assembly.hall_link_hash
    ):
        raise Http404
    return render(
        request,
        "voting/projector.html",
        {
            "state": selectors.projector_state(assembly),
            "live_channel": services.live_channel(assembly.pk),
            "body_class": "hall",  # the hall's screen: no site header or footer, large type
        },
    )


@require_http_methods(["GET", "POST"])
def hall(request: HttpRequest, slug: str) -> HttpResponse:
    """Open the hall display on this screen. The chair's link carries the secret after `#`, so
    it never reaches a server log: the page's script posts it (without JavaScript, paste it)."""
    assembly = assembly_public_get(slug, request.user)
    error = ""
    if request.method == "POST":
        secret = request.POST.get("key", "").strip()[:100]
        if hall_link_matches(assembly, secret):
            request.session.cycle_key()
            request.session[_hall_key(assembly)] = assembly.hall_link_hash
            return redirect("voting:projector", slug=assembly.slug)
        error = _("This link is not valid: ask the chair for the current one.")
    return render(
        request,
        "voting/hall.html",
        {"assembly": assembly, "error": error},
        status=403 if error else 200,
    )


@require_POST
@login_required
def hall_link(request: SignedInRequest, slug: str) -> HttpResponse:
    """The chair makes a new secret link for the hall display (revoking the last one), or
    revokes it."""
    assembly = assembly_for_chair(request.user, slug)
    if request.POST.get("action") == "revoke":
        hall_link_revoke(assembly=assembly, acting_user=request.user)
        messages.success(request, _("The hall display's link is revoked."))
        return redirect("voting:console", slug=assembly.slug)
    secret = hall_link_create(assembly=assembly, acting_user=request.user)
    link = request.build_absolute_uri(reverse("voting:hall", args=[assembly.slug])) + "#" + secret
    return render(request, "voting/hall_link.html", {"assembly": assembly, "link": link})


def results(request: HttpRequest, slug: str) -> HttpResponse:
    """The public results of an assembly: every closed poll, its verdict and its board."""
    assembly = assembly_public_get(slug, request.user)
    return render(
        request,
        "voting/results.html",
        {"assembly": assembly, "results": selectors.results_of(assembly)},
    )


def board(request: HttpRequest, poll_id: int) -> HttpResponse:
    """The bulletin board: receipts, the anonymous ballots, the count, and a receipt check."""
    poll = selectors.poll_public_get(poll_id)
    code = request.GET.get("receipt", "").strip()
    found = selectors.receipt_on_board(poll, code) if code else None
    return render(
        request,
        "voting/board.html",
        {"board": selectors.board_of(poll), "code": code, "found": found},
    )


def ballots_file(request: HttpRequest, poll_id: int, form: str) -> HttpResponse:
    """The anonymous ballots as the board publishes them, as a file anyone can recount with
    `alyansa tally` (none when the board shows the count's stages only)."""
    poll = selectors.poll_public_get(poll_id)
    board = selectors.board_of(poll)
    if board.shows == BoardShows.STAGES:
        raise Http404
    return _ballots_response(poll, board.labels, board.ballots, form, f"poll-{poll.pk}")


@login_required
def ballots_file_full(request: SignedInRequest, poll_id: int, form: str) -> HttpResponse:
    """Every ballot in full, for the poll's runners (the election committee, its scrutineers,
    the chair), whatever the public board shows."""
    poll = selectors.poll_for_manager(request.user, poll_id)
    if poll.status not in {Poll.Status.CLOSED, Poll.Status.ANNULLED}:
        raise Http404
    # Erased candidates stay stand-ins here too: the file leaves the platform.
    labels = list(selectors.public_labels(poll).values())
    return _ballots_response(
        poll, labels, selectors.full_ballots(poll), form, f"poll-{poll.pk}-full"
    )


def _ballots_response(
    poll: Poll, labels: list[str], ballots: list[tuple[str, int]], form: str, name: str
) -> HttpResponse:
    if form == "blt" and poll.kind == PollKind.RANKED:
        text = ballots_as_blt(labels, poll.seats, ballots, poll.public_title)
        kind = "text/plain"
    elif form != "csv":
        raise Http404
    elif poll.kind == PollKind.MOTION:
        text, kind = motion_csv(ballots), "text/csv"
    else:
        text, kind = ballots_as_csv(poll.kind, labels, ballots), "text/csv"
    response = HttpResponse(text, content_type=f"{kind}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.{form}"'
    response["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------------------------------------
# The chair's console


@login_required
def console(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = assembly_for_chair(request.user, slug)
    polls = list(Poll.objects.filter(assembly=assembly, election__isnull=True).order_by("-pk"))
    counts = services.ballot_counts(polls)
    strength = assembly_strength(assembly)
    rows = [
        {
            "poll": poll,
            "voted": counts.get(poll.pk, 0),
            "verdict": verdict(poll.result) if poll.is_closed else "",
            "warnings": selectors.secrecy_warnings(poll),
            "quorum": (
                services.quorum_shortfall(poll, strength.present_votes)
                if poll.status == Poll.Status.DRAFT
                else ""
            ),
        }
        for poll in polls
    ]
    return render(
        request,
        "voting/console.html",
        {
            "assembly": assembly,
            "rows": rows,
            "items": list(assembly.items.order_by("position")),
            "kinds": PollKind.choices,
            "methods": RankedMethod.choices,
            "electorates": Electorate.choices,
            "thresholds": ThresholdChoice.choices,
            "board_choices": BoardShows.choices,
            "elections": list(assembly.elections.order_by("pk")),
            "strength": strength,
            "is_secretariat": is_secretariat(request.user),
        },
    )


@login_required
@require_POST
def poll_add(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = assembly_for_chair(request.user, slug)
    item = assembly.items.filter(pk=param_id(request.POST, "item") or 0).first()
    options = [line for line in request.POST.get("options", "").splitlines() if line.strip()]
    try:
        seats = param_int(request.POST, "seats", default=1, minimum=1, maximum=MAX_COUNT)
        services.poll_create(
            title=request.POST.get("title", "") or (item.title if item else ""),
            kind=request.POST.get("kind", PollKind.MOTION),
            method=request.POST.get("method", ""),
            assembly=assembly,
            item=item,
            options=options,
            seats=seats,
            threshold=request.POST.get("threshold") or None,
            board_shows=request.POST.get("board_shows") or BoardShows.STAGES,
            acting_user=request.user,
        )
    except (VotingRuleError, ValueError) as error:
        messages.error(request, str(error))
    return redirect("voting:console", slug=slug)


def _manage(request: SignedInRequest, poll_id: int, action: str) -> HttpResponse:
    poll = selectors.poll_for_manager(request.user, poll_id)
    back = (
        reverse("voting:election", kwargs={"election_id": poll.election_id})
        if poll.election_id
        else reverse("voting:console", kwargs={"slug": poll.assembly.slug if poll.assembly else ""})
    )
    try:
        if action == "open":
            services.poll_open(
                poll=poll,
                acting_user=request.user,
                without_quorum=request.POST.get("without_quorum") == "1",
            )
        elif action == "close":
            services.poll_close(poll=poll, acting_user=request.user)
        elif action == "annul":
            services.poll_annul(
                poll=poll, reason=request.POST.get("reason", ""), acting_user=request.user
            )
        elif action == "rerun":
            services.poll_rerun(poll=poll, acting_user=request.user)
    except QuorumMissing as missing:
        # Asked on a page of its own, so that it works without JavaScript.
        return render(
            request,
            "voting/confirm_open.html",
            {"poll": poll, "reason": str(missing), "back": back},
        )
    except VotingRuleError as error:
        messages.error(request, str(error))
    return redirect(back)


@login_required
@require_POST
def poll_open(request: SignedInRequest, poll_id: int) -> HttpResponse:
    return _manage(request, poll_id, "open")


@login_required
@require_POST
def poll_close(request: SignedInRequest, poll_id: int) -> HttpResponse:
    return _manage(request, poll_id, "close")


@login_required
@require_POST
def poll_annul(request: SignedInRequest, poll_id: int) -> HttpResponse:
    return _manage(request, poll_id, "annul")


@login_required
@require_POST
def poll_rerun(request: SignedInRequest, poll_id: int) -> HttpResponse:
    return _manage(request, poll_id, "rerun")


# ---------------------------------------------------------------------------------------------
# Paper ballots (the poll's runner and the tellers)


@login_required
def paper(request: SignedInRequest, poll_id: int) -> HttpResponse:
    poll = selectors.poll_for_manager(request.user, poll_id)
    labels = list(poll.options.order_by("position").values_list("label", flat=True))
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "hand_out":
                participant = Participant.objects.filter(
                    assembly=poll.assembly, pk=param_id(request.POST, "participant") or 0
                ).first()
                if participant is None:
                    raise VotingRuleError(_("Choose the delegate."))
                services.paper_ballot_hand_out(
                    poll=poll, participant=participant, acting_user=request.user
                )
                messages.success(request, _("Marked as voted: hand over the paper ballot."))
            elif step == "enter":
                services.paper_ballot_enter(
                    poll=poll,
                    number=param_int(
                        request.POST, "number", default=0, minimum=0, maximum=MAX_COUNT
                    ),
                    choices=choices_from(request, poll.kind, len(labels)),
                    blank=request.POST.get("blank") == "1",
                    acting_user=request.user,
                )
                messages.success(request, _("Entered."))
            elif step == "merge":
                services.paper_ballots_merge(
                    poll=poll,
                    ballots_in_box=param_int(
                        request.POST, "in_box", default=0, minimum=0, maximum=MAX_COUNT
                    ),
                    acting_user=request.user,
                )
                messages.success(request, _("The paper ballots are merged into the count."))
        except (VotingRuleError, BallotInvalid, ValueError) as error:
            messages.error(request, str(error))
        return redirect("voting:paper", poll_id=poll.pk)
    delegates = (
        Participant.objects.delegates().filter(assembly=poll.assembly).order_by("display_name")
        if poll.is_open
        else []
    )
    return render(
        request,
        "voting/paper.html",
        {
            "poll": poll,
            "labels": labels,
            "delegates": delegates,
            "disagreements": services.paper_disagreements(poll) if poll.is_closed else [],
        },
    )


# ---------------------------------------------------------------------------------------------
# Elections (the election committee)


@login_required
def election(request: SignedInRequest, election_id: int) -> HttpResponse:
    the_election = selectors.election_for_committee(request.user, election_id)
    polls = list(the_election.polls.order_by("-pk"))
    counts = services.ballot_counts(polls)
    return render(
        request,
        "voting/election.html",
        {
            "election": the_election,
            "board_choices": BoardShows.choices,
            "nominations": the_election.nominations.select_related("person", "organization"),
            "rows": [
                {
                    "poll": poll,
                    "voted": counts.get(poll.pk, 0),
                    "verdict": verdict(poll.result) if poll.is_closed else "",
                    "warnings": selectors.secrecy_warnings(poll),
                }
                for poll in polls
            ],
        },
    )


@login_required
@require_POST
def election_act(request: SignedInRequest, election_id: int) -> HttpResponse:
    the_election = selectors.election_for_committee(request.user, election_id)
    step = request.POST.get("step")
    try:
        if step == "accept":
            nomination = the_election.nominations.get(pk=param_id(request.POST, "nomination") or 0)
            services.nomination_accept(nomination=nomination, acting_user=request.user)
        elif step == "ballot":
            services.election_poll_create(
                election=the_election,
                board_shows=request.POST.get("board_shows") or BoardShows.STAGES,
                acting_user=request.user,
            )
        elif step == "certify":
            services.election_certify(election=the_election, acting_user=request.user)
            messages.success(request, _("Certified: the result is in the governance registry."))
    except (VotingRuleError, the_election.nominations.model.DoesNotExist) as error:
        messages.error(request, str(error))
    return redirect("voting:election", election_id=the_election.pk)


# ---------------------------------------------------------------------------------------------
# Nominations (the election committee of the election, or the secretariat)


@login_required
@require_http_methods(["GET", "POST"])
def nominations(request: SignedInRequest, election_id: int) -> HttpResponse:
    """An election's nominations: enter one (a delegate, or someone named), and see who
    accepted. Accepted candidates are the ballot's options when it is prepared."""
    the_election = selectors.election_for_committee(request.user, election_id)
    data = request.POST if request.method == "POST" else None
    form = NominationForm(selectors.nominable_delegates(the_election), data)
    if request.method == "POST" and form.is_valid():
        try:
            nomination = services.nomination_create(
                election=the_election,
                participant=form.cleaned_data["participant"],
                name=form.cleaned_data["name"],
                organization=form.cleaned_data["organization"],
                nominated_by=form.cleaned_data["nominated_by"],
                acting_user=request.user,
            )
        except VotingRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("%(name)s is nominated. Record their answer when they give it.")
                % {"name": nomination.person.label},
            )
            return redirect("voting:nominations", election_id=the_election.pk)
    rows = selectors.nominations_of(the_election)
    return render(
        request,
        "voting/nominations.html",
        {
            "election": the_election,
            "nominations": rows,
            "standing": sum(1 for row in rows if row.standing),
            "pending": sum(1 for row in rows if not row.accepted_at and not row.declined_at),
            "form": form,
            "open": the_election.status == Election.Status.NOMINATING,
        },
    )


@login_required
@require_POST
def nomination_answer(
    request: SignedInRequest, election_id: int, nomination_id: int
) -> HttpResponse:
    """Record the candidate's answer: they accept the nomination, or decline it."""
    the_election = selectors.election_for_committee(request.user, election_id)
    nomination = selectors.nomination_get(the_election, nomination_id)
    _answer(request, nomination, acting_user=request.user)
    return redirect("voting:nominations", election_id=the_election.pk)


def _answer(
    request: HttpRequest,
    nomination: Nomination,
    *,
    acting_user: User | None,
    participant: Participant | None = None,
) -> None:
    answer = request.POST.get("answer")
    try:
        if answer == "accept":
            services.nomination_accept(
                nomination=nomination, acting_user=acting_user, participant=participant
            )
            messages.success(request, _("Accepted: the candidate stands."))
        elif answer == "decline":
            services.nomination_decline(
                nomination=nomination, acting_user=acting_user, participant=participant
            )
            messages.success(request, _("Declined: the candidate does not stand."))
        else:
            messages.error(request, _("Say whether the candidate accepts or declines."))
    except VotingRuleError as error:
        messages.error(request, str(error))


@delegate_required
@require_http_methods(["GET", "POST"])
def my_nominations(request: DelegateRequest) -> HttpResponse:
    """The delegate's phone: the elections they are nominated in; they accept or decline while
    nominations are open."""
    delegate = request.delegate
    if request.method == "POST":
        nomination_id = param_id(request.POST, "nomination") or 0
        nomination = selectors.nomination_of_delegate(delegate, nomination_id)
        if cast_allowed(f"n{request.credential.pk}"):
            _answer(request, nomination, acting_user=None, participant=delegate)
        else:
            messages.error(request, _("Too many attempts. Wait a minute and try again."))
        return redirect("voting:my_nominations")
    return render(
        request,
        "voting/my_nominations.html",
        {"delegate": delegate, "rows": selectors.nominations_for_delegate(delegate)},
    )


# ---------------------------------------------------------------------------------------------
# The communiqué


@login_required
def communique(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = assembly_for_chair(request.user, slug)
    draft = Communique.objects.filter(assembly=assembly).first()
    if request.method == "POST":
        step = request.POST.get("step")
        try:
            if step == "generate":
                drafting.communique_generate(assembly=assembly, acting_user=request.user)
            elif step == "save" and draft is not None:
                drafting.communique_update(
                    communique=draft,
                    title=request.POST.get("title", ""),
                    text=request.POST.get("text", ""),
                    acting_user=request.user,
                )
            elif step == "publish" and draft is not None:
                # It becomes a statement submitted for review: the secretariat's step.
                if not is_secretariat(request.user):
                    raise PermissionDenied
                drafting.communique_publish(communique=draft, acting_user=request.user)
                messages.success(request, _("Published as a statement."))
        except (VotingRuleError, PermissionDenied) as error:
            messages.error(request, str(error) or _("You may not do this."))
        return redirect("voting:communique", slug=slug)
    return render(request, "voting/communique.html", {"assembly": assembly, "draft": draft})


@login_required
def communique_pdf(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = assembly_for_chair(request.user, slug)
    draft = Communique.objects.filter(assembly=assembly).first()
    if draft is None:
        return redirect("voting:communique", slug=slug)
    response = HttpResponse(drafting.communique_pdf(draft), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{assembly.slug}-communique.pdf"'
    return response
