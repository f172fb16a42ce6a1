"""The acceptance story of the General Assembly, driven through services: a whole assembly from
check-in to communiqué, with every vote cast through the casting path."""

from __future__ import annotations

import itertools

import pytest

from alyansa.assemblies.models import ItemKind, Outcome
from alyansa.assemblies.services import item_decide, item_open, proxy_grant
from alyansa.assemblies.testing import (
    check_in,
    make_assembly,
    make_delegate,
    make_guest,
    make_item,
)
from alyansa.governance.models import Body, Mandate, Seat
from alyansa.governance.services import seats_configure_standard
from alyansa.governance.testing import make_body, make_constitution, make_term
from alyansa.members.models import MembershipCategory
from alyansa.members.selectors import member_counts
from alyansa.members.testing import make_country, make_organization, make_person, make_region
from alyansa.voting.castpath import CastResult
from alyansa.voting.communique import communique_generate
from alyansa.voting.models import Poll
from alyansa.voting.services import (
    election_certify,
    election_create,
    election_poll_create,
    nomination_accept,
    nomination_create,
    poll_close,
    poll_create,
    poll_decide,
    poll_open,
)
from alyansa.voting.testing import vote

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]

COUNTRIES = ["PH", "ID", "TH", "MY", "HK", "TW", "KR", "JP", "AE", "SA", "LB", "GB", "NL", "IT",
             "ES", "US", "CA"]  # fmt: skip
OFFICES = [
    "Chairperson",
    "Vice Chairperson",
    "Secretary General",
    "Deputy Secretary General",
    "Treasurer",
]


def run_motion(assembly, item, voters, yes: int, no: int, *, additions: str = "") -> Poll:  # type: ignore[no-untyped-def]
    """Open a Yes/No/Abstain poll on the item, have everyone vote, close it, decide the item."""
    item_open(item=item, acting_user=None)
    poll = poll_create(title=item.title, kind="motion", item=item, acting_user=None)
    poll = poll_open(poll=poll, acting_user=None)
    for number, (delegate, for_) in enumerate(voters):
        choice = "yes" if number < yes else "no" if number < yes + no else "abstain"
        assert vote(poll, delegate, choice, for_=for_).result is CastResult.CAST
    poll = poll_close(poll=poll, acting_user=None)
    if poll.result["outcome"] == "passed":
        poll_decide(poll=poll, additions=additions, acting_user=None)
    else:
        item_decide(item=item, outcome=Outcome.REJECTED, acting_user=None)
    return poll


def test_a_whole_general_assembly_from_check_in_to_communique() -> None:
    # The alliance: 5 regions, 17 countries, 2 organizations per country (one in four of the
    # second ones an associate member), and 8 organizations applying for membership.
    regions = [make_region(name) for name in ("Asia", "Gulf", "Europe", "Americas", "Pacific")]
    countries = [make_country(code, regions[n % 5]) for n, code in enumerate(COUNTRIES)]
    make_constitution()
    assembly = make_assembly(
        "Sixth General Assembly", delegate_quota=3, proxy_cap=1, venue="Hong Kong"
    )
    delegates = []
    associates = []
    for n, country in enumerate(countries):
        full = make_organization(f"Union {country.code}", country=country)
        second_is_associate = n % 4 == 0
        second = make_organization(
            f"Centre {country.code}",
            country=country,
            category=MembershipCategory.ASSOCIATE if second_is_associate else "full",
        )
        for k in range(3):
            delegates.append(
                make_delegate(f"{country.code} Full {k}", assembly=assembly, organization=full)
            )
        for k in range(2):
            one = make_delegate(
                f"{country.code} Second {k}", assembly=assembly, organization=second
            )
            (associates if second_is_associate else delegates).append(one)
    everyone = delegates + associates
    assert len(everyone) == 85
    for guest in range(6):
        make_guest(f"Guest {guest}", assembly=assembly)
    # Two delegates are away and hand their votes to a colleague of their organization.
    away = [delegates[0], delegates[3]]
    for one in everyone:
        if one not in away:
            check_in(one)
    proxy_grant(giver=delegates[0], holder=delegates[1], acting_user=None)
    proxy_grant(giver=delegates[3], holder=delegates[4], acting_user=None)
    # Who casts which plenary vote: every present full member's delegate, and the holders.
    plenary = [(one, None) for one in delegates if one not in away]
    plenary += [(delegates[1], delegates[0]), (delegates[4], delegates[3])]
    assert len(plenary) == 75
    members_before = member_counts(assembly.today()).total

    # The agenda and the rules of participation.
    for title in ("The agenda", "The rules of participation"):
        poll = run_motion(assembly, make_item(assembly, ItemKind.PROCEDURAL, title), plenary, 70, 3)
        assert poll.result["outcome"] == "passed"
    # Eight organizations are admitted.
    applicants = [
        make_organization(f"Applicant {n}", country=countries[n], member_since=None)
        for n in range(8)
    ]
    for applicant in applicants:
        item = make_item(
            assembly, ItemKind.ADMISSION, f"Admission of {applicant.name}", organization=applicant
        )
        run_motion(assembly, item, plenary, 60, 10)
    assert member_counts(assembly.today()).total == members_before + 8
    # Reports: the chairperson's with additions, the treasurer's as it is.
    chair_report = make_item(assembly, ItemKind.REPORT, "Chairperson's report")
    run_motion(assembly, chair_report, plenary, 50, 20, additions="A section on Gulf campaigns.")
    run_motion(assembly, make_item(assembly, ItemKind.REPORT, "Treasurer's report"), plenary, 55, 5)
    # The program of action passes by a simple majority.
    run_motion(assembly, make_item(assembly, ItemKind.MOTION, "Program of action"), plenary, 45, 30)
    # The constitutional amendment needs two thirds: 48 of 75 (64%) is not enough...
    failed_text = make_item(
        assembly, ItemKind.CONSTITUTIONAL, "Amendment A", constitution_text="Article 1 (A)."
    )
    failed = run_motion(assembly, failed_text, plenary, 48, 27)
    assert failed.result["outcome"] == "failed"
    assert failed.result["threshold"] == "two-thirds" and failed.result["needed"] == 50
    # ... and 60 of 75 is.
    amendment = make_item(
        assembly, ItemKind.CONSTITUTIONAL, "Amendment B", constitution_text="Article 1 (B)."
    )
    passed = run_motion(assembly, amendment, plenary, 60, 15)
    assert passed.result["outcome"] == "passed"
    amendment.refresh_from_db()
    assert amendment.outcome == Outcome.APPROVED and amendment.constitution_version is not None

    # The coordinating body's seats: one per region, the associate seat, 7 at large with 2
    # alternates; the executive committee's five offices.
    icb = make_body("International Coordinating Body")
    executive = make_body("Executive Committee", kind=Body.Kind.EXECUTIVE, elected_by=icb)
    seats_configure_standard(
        coordinating_body=icb, executive_committee=executive, at_large=7, alternates=2,
        acting_user=None,
    )  # fmt: skip
    icb_term = make_term(icb, assembly.today(), "2026-")
    exec_term = make_term(executive, assembly.today(), "2026-")
    person_of = {}

    def candidate(delegate):  # type: ignore[no-untyped-def]
        if delegate.pk not in person_of:
            person_of[delegate.pk] = make_person(
                delegate.display_name, organization=delegate.organization
            )
        return person_of[delegate.pk]

    def nominate(election, candidates):  # type: ignore[no-untyped-def]
        for one in candidates:
            nomination = nomination_create(
                election=election, person=candidate(one), participant=one, acting_user=None
            )
            nomination_accept(nomination=nomination, acting_user=None)

    def elect(election, voters, rankings):  # type: ignore[no-untyped-def]
        poll = election_poll_create(election=election, acting_user=None)
        # The officers' electorate is the new body, taken from the certified elections.
        poll = poll_open(poll=poll, acting_user=None)
        labels = list(poll.options.order_by("position").values_list("label", flat=True))
        for (delegate, for_), ranking in zip(voters, rankings(labels), strict=True):
            marks = [str(labels.index(name) + 1) for name in ranking]
            assert vote(poll, delegate, *marks, for_=for_).result is CastResult.CAST
        poll = poll_close(poll=poll, acting_user=None)
        election_certify(election=election, acting_user=None)
        return poll

    # Each regional caucus chooses its seat: the first two full delegates of the region stand.
    seats = {seat.region_id: seat for seat in Seat.objects.filter(body=icb, kind="regional")}
    regional_winners = []
    for region in regions:
        caucus = [(d, f) for d, f in plenary if d.organization.region_id == region.pk]
        standing = [d for d, _f in caucus if d.organization.name.startswith("Union")][:2]
        election = election_create(
            assembly=assembly, title=f"{region.name} seat", kind="regional",
            seat=seats[region.pk], term=icb_term, acting_user=None,
        )  # fmt: skip
        nominate(election, standing)
        first, second = (s.display_name for s in standing)
        poll = elect(
            election,
            caucus,
            lambda labels, first=first, second=second, n=len(caucus): [  # noqa: B008
                [first, second] if k * 3 < n * 2 else [second, first] for k in range(n)
            ],
        )
        assert poll.result["elected"] == [first]
        regional_winners.append(standing[0])
    # The associate members' caucus chooses its seat.
    associate_seat = Seat.objects.get(body=icb, kind="associate")
    election = election_create(
        assembly=assembly, title="Associate seat", kind="associate", seat=associate_seat,
        term=icb_term, acting_user=None,
    )  # fmt: skip
    nominate(election, associates[:2])
    caucus = [(one, None) for one in associates]
    poll = elect(election, caucus, lambda labels: [[associates[0].display_name]] * len(caucus))
    assert poll.electorate_size == 10
    associate_winner = associates[0]
    # Seven at-large seats by STV; the next two become alternates.
    at_large_seat = Seat.objects.get(body=icb, kind="at_large")
    election = election_create(
        assembly=assembly, title="At-large seats", kind="at_large", seat=at_large_seat,
        term=icb_term, acting_user=None,
    )  # fmt: skip
    winners = set(d.pk for d in regional_winners)
    hopefuls = [d for d, _f in plenary if d.pk not in winners and d.organization.name.startswith(
        "Centre")][:11]  # fmt: skip
    nominate(election, hopefuls)
    names = [d.display_name for d in hopefuls]
    # First preferences 12, 11, 11, 10, 10, 8, 8, 3, 2, 0, 0; then everyone's list in order.
    shares = [12, 11, 11, 10, 10, 8, 8, 3, 2, 0, 0]
    firsts = list(itertools.chain.from_iterable([n] * k for n, k in enumerate(shares)))
    assert len(firsts) == 75
    poll = elect(
        election,
        plenary,
        lambda labels: [[names[f], *[x for x in names if x != names[f]]] for f in firsts],
    )
    assert set(poll.result["elected"]) == set(names[:7])
    assert poll.result["alternates"][:2] == names[7:9]
    alternates = Mandate.objects.filter(seat=at_large_seat, alternate_rank__isnull=False)
    assert [m.public_name for m in alternates.order_by("alternate_rank")] == names[7:9]

    # The new coordinating body elects five officers, one office at a time: its 13 members
    # vote, and whoever is elected to one office is no candidate for the next.
    body = [*regional_winners, associate_winner, *hopefuls[:7]]
    assert Mandate.objects.filter(term=icb_term, alternate_rank__isnull=True).count() == 13
    previous = None
    officers = []
    for office in OFFICES:
        seat = Seat.objects.get(body=executive, name=office)
        election = election_create(
            assembly=assembly, title=office, kind="office", seat=seat, term=exec_term,
            follows=previous, acting_user=None,
        )  # fmt: skip
        nominate(election, [d for d in body[:7] if d not in officers])
        voters = [(d, None) for d in body]
        # Everyone ranks the standing candidates in the body's order.
        poll = elect(election, voters, lambda labels, voters=voters: [labels] * len(voters))
        assert poll.electorate_size == 13
        winner = next(d for d in body if d.display_name == poll.result["elected"][0])
        assert winner not in officers
        officers.append(winner)
        previous = election
    assert [o.display_name for o in officers] == [d.display_name for d in body[:5]]
    assert Mandate.objects.filter(term=exec_term).count() == 5

    # The communiqué states all of it.
    text = communique_generate(assembly=assembly, acting_user=None).text
    assert "85 delegates and 6 guests and observers from 17 countries" in text
    assert "admitted 8 organizations" in text
    assert f"now has {members_before + 8} members" in text
    assert "Chairperson's report**: Approved with additions" in text
    assert "A section on Gulf campaigns." in text
    assert "Amendment A**: Rejected" in text and "Amendment B**: Approved" in text
    assert "two thirds of the yes and no votes" in text
    for winner in [*regional_winners, associate_winner]:
        assert winner.display_name in text
    assert f"alternates, in order: {names[7]}, {names[8]}" in text
    for office, officer in zip(OFFICES, officers, strict=True):
        assert f"**{office}** (Executive Committee): {officer.display_name}." in text
