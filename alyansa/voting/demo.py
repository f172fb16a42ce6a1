"""This app's part of the demo alliance (called by alyansa/portal/demo.py, after assemblies).

The past assembly (assemblies/demo.py left its elections on the agenda): the session reopens,
each regional caucus and the associate caucus choose their seat, the at-large seats are filled
by STV with two alternates, the new coordinating body elects its five officers one office at a
time, everything is certified into the governance registry, the election items are decided and
the session closes again; every poll has its bulletin board. The communiqué is drafted. The
upcoming assembly gets a prepared poll on its agenda, and a by-election of its region's seat
that is taking nominations: its election committee (a demo account) has entered three
candidates; one accepted, one declined, and the delegate whose sign-in link is printed has not
answered yet (they can, from their phone).
"""

from __future__ import annotations

import random
from typing import Any

from alyansa.accounts.demo import demo_user
from alyansa.assemblies.models import Assembly, ItemKind, Outcome, Participant
from alyansa.assemblies.services import assembly_set_status, item_decide, item_open
from alyansa.governance.models import Body, Seat
from alyansa.governance.services import term_open
from alyansa.members.demo import DEMO_COORDINATOR_ORG
from alyansa.members.models import MembershipCategory, Organization, Person
from alyansa.members.services import person_create
from alyansa.voting.castpath import cast_ballot
from alyansa.voting.communique import communique_generate
from alyansa.voting.models import Election, Entitlement, Poll
from alyansa.voting.services import (
    committee_appoint,
    election_certify,
    election_create,
    election_poll_create,
    nomination_accept,
    nomination_create,
    nomination_decline,
    poll_close,
    poll_create,
    poll_open,
)

PAST_SLUG = "4th-general-assembly"
UPCOMING_SLUG = "extraordinary-general-assembly"


def _vote_everyone(poll: Poll, rng: random.Random, favourites: list[int]) -> None:
    """Each entitled vote is cast: a ranking that leans towards the favourites."""
    labels = poll.options.count()
    for row in Entitlement.objects.filter(poll=poll).order_by("pk"):
        order = list(range(1, labels + 1))
        rng.shuffle(order)
        order.sort(key=lambda n: (n not in favourites or rng.random() < 0.3, rng.random()))
        cast_ballot(
            poll_id=poll.pk,
            voter_key=row.voter_key,
            choices=[str(n) for n in order[: max(1, labels - rng.randrange(2))]],
            holder_id=row.holder_id,
        )


def _run(
    election: Election,
    candidates: list[Participant],
    rng: random.Random,
    people: dict[int, Person],
    body_members: list[Participant] = (),  # type: ignore[assignment]
) -> Poll | None:
    names: set[str] = set()
    for delegate in candidates:
        if delegate.display_name in names:
            continue  # two delegates of the same name would look alike on the ballot paper
        names.add(delegate.display_name)
        if delegate.pk not in people:
            people[delegate.pk] = person_create(
                display_name=delegate.display_name,
                organization=delegate.organization,
                acting_user=None,
            )
        try:
            nomination = nomination_create(
                election=election,
                person=people[delegate.pk],
                participant=delegate,
                acting_user=None,
            )
        except ValueError:
            continue  # elected to an earlier office: not a candidate for this one
        nomination_accept(nomination=nomination, acting_user=None)
    if not election.nominations.exists():
        return None
    poll = election_poll_create(election=election, acting_user=None)
    poll = poll_open(poll=poll, body_members=body_members, acting_user=None)
    _vote_everyone(poll, rng, favourites=list(range(1, poll.seats + 2)))
    poll = poll_close(poll=poll, acting_user=None)
    election_certify(election=election, acting_user=None)
    return poll


def _elected(poll: Poll | None, people: dict[int, Person]) -> list[Participant]:
    """The delegates elected in a poll, through the nominations on its ballot paper."""
    if poll is None:
        return []
    delegate_of = {person.pk: delegate_pk for delegate_pk, person in people.items()}
    by_label = {
        option.label: option.nomination.person_id
        for option in poll.options.select_related("nomination")
        if option.nomination is not None
    }
    chosen = [delegate_of[by_label[name]] for name in poll.result.get("elected", [])]
    found = Participant.objects.in_bulk(chosen)
    return [found[pk] for pk in chosen]


def _past(rng: random.Random) -> list[str]:
    assembly = Assembly.objects.filter(slug=PAST_SLUG).first()
    icb = Body.objects.filter(kind=Body.Kind.COORDINATING).first()
    executive = Body.objects.filter(kind=Body.Kind.EXECUTIVE).first()
    if assembly is None or icb is None or executive is None:
        return []
    assembly = assembly_set_status(
        assembly=assembly, status=Assembly.Status.IN_SESSION, acting_user=None
    )
    last_day = assembly.local(assembly.ends_at).date()  # type: ignore[union-attr]
    label = f"{last_day.year}-"
    icb_term = term_open(
        body=icb, label=label, starts_on=last_day, opened_by=assembly, acting_user=None
    )
    exec_term = term_open(
        body=executive, label=label, starts_on=last_day, opened_by=assembly, acting_user=None
    )
    present = list(
        Participant.objects.delegates()
        .present()
        .filter(assembly=assembly)
        .select_related("organization__membership")
        .order_by("pk")
    )
    full = [d for d in present if d.organization.membership.category == MembershipCategory.FULL]
    associates = [d for d in present if d not in full]
    items = {item.title: item for item in assembly.items.filter(kind=ItemKind.ELECTION)}
    people: dict[int, Person] = {}
    body: list[Participant] = []
    taken: set[int] = set()

    def election(title: str, kind: str, seat: Seat, term, item_title: str, follows=None):  # type: ignore[no-untyped-def]
        item = items.get(item_title)
        return election_create(
            assembly=assembly,
            title=title,
            kind=kind,
            seat=seat,
            term=term,
            follows=follows,
            item=item,
            acting_user=None,
        )

    for seat in icb.seats.filter(kind=Seat.Kind.REGIONAL).order_by("position"):
        pool = [d for d in full if d.organization.region_id == seat.region_id]
        pool = [d for d in pool if d.organization_id not in taken][:3]
        if len(pool) < 1:
            continue
        poll = _run(
            election(
                f"{seat.display_name} seat",
                Election.Kind.REGIONAL,
                seat,
                icb_term,
                "Election of the regional seats (caucuses)",
            ),
            pool,
            rng,
            people,
        )
        for winner in _elected(poll, people):
            body.append(winner)
            taken.add(winner.organization_id)  # type: ignore[arg-type]
    seat = icb.seats.filter(kind=Seat.Kind.ASSOCIATE).first()
    if seat is not None and associates:
        poll = _run(
            election(
                "Associate members' seat",
                Election.Kind.ASSOCIATE,
                seat,
                icb_term,
                "Election of the associate members' seat",
            ),
            associates[:2],
            rng,
            people,
        )
        body += _elected(poll, people)
    seat = icb.seats.filter(kind=Seat.Kind.AT_LARGE).first()
    if seat is not None:
        pool = [d for d in full if d.organization_id not in taken]
        rng.shuffle(pool)
        poll = _run(
            election(
                "At-large seats",
                Election.Kind.AT_LARGE,
                seat,
                icb_term,
                "Election of the at-large seats",
            ),
            pool[: seat.holders + seat.alternates + 2],
            rng,
            people,
        )
        body += _elected(poll, people)
    previous = None
    for office in executive.seats.filter(kind=Seat.Kind.OFFICE).order_by("position"):
        previous = election(
            office.display_name,
            Election.Kind.OFFICE,
            office,
            exec_term,
            "Election of the officers by the new coordinating body",
            follows=previous,
        )
        _run(previous, body[:7], rng, people)
    for item in items.values():
        item_open(item=item, acting_user=None)
        item_decide(item=item, outcome=Outcome.NOTED, acting_user=None)
    assembly_set_status(assembly=assembly, status=Assembly.Status.CLOSED, acting_user=None)
    communique_generate(assembly=assembly, acting_user=None)
    certified = Election.objects.filter(assembly=assembly, status="certified").count()
    return [f"{assembly.title}: {certified} elections certified, bulletin boards published."]


def _upcoming(rng: random.Random) -> list[str]:
    assembly = Assembly.objects.filter(slug=UPCOMING_SLUG).first()
    if assembly is None:
        return []
    item = assembly.items.filter(kind=ItemKind.PROCEDURAL).order_by("position").first()
    poll_create(
        title=item.title if item else "Adoption of the agenda",
        kind="motion",
        item=item,
        assembly=assembly,
        quorum_required=0,
        acting_user=None,
    )
    return _by_election(assembly, rng)


def _by_election(assembly: Assembly, rng: random.Random) -> list[str]:
    """A by-election of the seat of the printed delegate's region, taking nominations."""
    own = Organization.objects.filter(name=DEMO_COORDINATOR_ORG).first()
    icb = Body.objects.filter(kind=Body.Kind.COORDINATING).first()
    if own is None or icb is None:
        return []
    seat = icb.seats.filter(kind=Seat.Kind.REGIONAL, region_id=own.region_id).first()
    term = icb.terms.order_by("-starts_on").first()
    if seat is None or term is None:
        return []
    election = election_create(
        assembly=assembly,
        title=f"By-election: {seat.display_name} seat",
        kind=Election.Kind.REGIONAL,
        seat=seat,
        term=term,
        item=assembly.items.filter(kind=ItemKind.ELECTION).first(),
        acting_user=None,
    )
    committee, lines = demo_user("committee", "Inés Okafor", rng=rng, two_factor=True)
    committee_appoint(election=election, user=committee, acting_user=None)
    delegates = list(
        Participant.objects.delegates()
        .filter(assembly=assembly, organization__region_id=own.region_id)
        .select_related("organization")
        .order_by("pk")
    )
    printed = next((one for one in delegates if one.organization_id == own.pk), None)
    others = [one for one in delegates if one is not printed][:2]
    answers = [nomination_accept, nomination_decline]
    for delegate, answer in zip(others, answers, strict=False):
        nomination = nomination_create(
            election=election,
            participant=delegate,
            nominated_by=delegate.organization.name if delegate.organization else "",
            acting_user=committee,
        )
        answer(nomination=nomination, acting_user=committee)
    if printed is not None:
        nomination_create(
            election=election,
            participant=printed,
            nominated_by=f"{seat.display_name} caucus",
            acting_user=committee,
        )
    _at_risk_candidate(assembly, icb, term, committee)
    return [f"Election committee of the {election.title} ({assembly.title}):", *lines]


def _at_risk_candidate(assembly: Assembly, icb: Body, term: Any, committee: Any) -> None:
    """A delegate of an at-risk member stands in the by-election of its region's seat: named
    on the ballot without the organization (docs/security/privacy.md)."""
    delegate = (
        Participant.objects.delegates()
        .filter(assembly=assembly, organization__at_risk=True)
        .select_related("organization")
        .order_by("pk")
        .first()
    )
    if delegate is None or delegate.organization is None:
        return
    seat = icb.seats.filter(
        kind=Seat.Kind.REGIONAL, region_id=delegate.organization.region_id
    ).first()
    if seat is None:
        return
    election = election_create(
        assembly=assembly,
        title=f"By-election: {seat.display_name} seat",
        kind=Election.Kind.REGIONAL,
        seat=seat,
        term=term,
        acting_user=None,
    )
    committee_appoint(election=election, user=committee, acting_user=None)
    nomination_accept(
        nomination=nomination_create(
            election=election,
            participant=delegate,
            nominated_by=f"{seat.display_name} caucus",
            acting_user=committee,
        ),
        acting_user=committee,
    )


def load(rng: random.Random) -> list[str]:
    """Create the demo objects; return lines to print for the newcomer (may be empty)."""
    lines = _past(rng)
    lines += _upcoming(rng)
    return lines


__all__ = ["load"]
