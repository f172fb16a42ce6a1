"""The assembly's rules in its polls (the majority per kind of item, the quorum basis), and the
nominations of an election: entered by its committee, answered by the candidates (at the desk
or from their phone), and the accepted candidates on the ballot."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies.models import ItemKind, Outcome
from alyansa.assemblies.services import assembly_update, item_open
from alyansa.assemblies.testing import (
    check_in,
    make_assembly,
    make_credential,
    make_delegate,
    make_item,
    sign_in_delegate,
)
from alyansa.audit.models import AuditEvent
from alyansa.governance.testing import make_body, make_seat, make_term
from alyansa.members.models import Region
from alyansa.members.testing import make_country, make_organization, make_region
from alyansa.voting.counting import verdict
from alyansa.voting.models import Election, Nomination, Poll
from alyansa.voting.services import (
    VotingRuleError,
    election_create,
    election_poll_create,
    nomination_accept,
    nomination_create,
    nomination_decline,
    poll_close,
    poll_create,
    poll_decide,
    poll_open,
)
from alyansa.voting.testing import make_hall, vote
from conftest import client_for

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------
# The assembly's rules


def amendment_vote(assembly, delegates, yes: int) -> Poll:  # type: ignore[no-untyped-def]
    """A constitutional amendment put to the vote: `yes` of the delegates for, the rest
    against."""
    item = make_item(assembly, ItemKind.CONSTITUTIONAL, "Article 3", constitution_text="Art. 3")
    item_open(item=item, acting_user=None)
    poll = poll_open(
        poll=poll_create(title=item.title, kind="motion", item=item, acting_user=None),
        acting_user=None,
    )
    for number, delegate in enumerate(delegates):
        vote(poll, delegate, "yes" if number < yes else "no")
    return poll_close(poll=poll, acting_user=None)


def test_an_assembly_configured_to_three_quarters_rejects_an_amendment_with_seventy_percent() -> (
    None
):
    assembly, delegates = make_hall(10, threshold_constitutional="three-quarters")
    poll = amendment_vote(assembly, delegates, yes=7)
    assert poll.threshold == "three-quarters"
    assert (poll.result["outcome"], poll.result["needed"]) == ("failed", 8)
    assert verdict(poll.result) == (
        "Not carried (7 yes, 3 no, 0 abstaining): three quarters of the yes and no votes, "
        "8 yes needed."
    )
    item = poll_decide(poll=poll, acting_user=None)
    assert item.outcome == Outcome.REJECTED and item.constitution_version is None


def test_with_the_default_rules_seventy_percent_carries_an_amendment() -> None:
    assembly, delegates = make_hall(10)
    poll = amendment_vote(assembly, delegates, yes=7)
    assert (poll.threshold, poll.result["outcome"]) == ("two-thirds", "passed")


def test_each_kind_of_item_takes_its_majority_from_the_assembly() -> None:
    assembly = make_assembly(
        threshold_admission="two-thirds", threshold_motion="majority-of-votes-cast"
    )
    organization = make_organization("Applicant", member_since=None)
    admission = make_item(assembly, ItemKind.ADMISSION, "Admission", organization=organization)
    report = make_item(assembly, ItemKind.REPORT, "Treasurer's report")

    def majority(item=None) -> str:  # type: ignore[no-untyped-def]
        return poll_create(
            title="Q", kind="motion", assembly=assembly, item=item, acting_user=None
        ).threshold

    assert majority(admission) == "two-thirds"
    assert majority(report) == "majority-excluding-abstentions"
    assert majority() == "majority-of-votes-cast"


def test_a_poll_keeps_the_rules_it_was_prepared_with() -> None:
    assembly = make_assembly()
    item = make_item(assembly, ItemKind.CONSTITUTIONAL, "Art. 1", constitution_text="Art. 1")
    before = poll_create(title="Before", kind="motion", item=item, acting_user=None)
    assembly_update(
        assembly=assembly, changes={"threshold_constitutional": "three-quarters"}, acting_user=None
    )
    after = poll_create(title="After", kind="motion", item=item, acting_user=None)
    before.refresh_from_db()
    assert (before.threshold, after.threshold) == ("two-thirds", "three-quarters")
    override = poll_create(
        title="Override", kind="motion", item=item, threshold="two-thirds", acting_user=None
    )
    assert override.threshold == "two-thirds"
    with pytest.raises(VotingRuleError, match="majority"):
        poll_create(title="Bad", kind="motion", item=item, threshold="most", acting_user=None)


def test_a_quorum_of_ballots_cast_is_not_met_by_delegates_who_only_sit_in_the_hall() -> None:
    assembly, delegates = make_hall(4, quorum_basis="ballots-cast", quorum_percent=50)
    poll = poll_open(
        poll=poll_create(title="Q", kind="motion", assembly=assembly, acting_user=None),
        acting_user=None,
    )
    assert (poll.quorum_basis, poll.quorum_required) == ("ballots-cast", 2)
    vote(poll, delegates[0], "yes")
    assert poll_close(poll=poll, acting_user=None).result["outcome"] == "no quorum"


def test_the_chair_sees_each_polls_majority_and_may_set_another_for_one_poll(officer) -> None:  # type: ignore[no-untyped-def]
    assembly = make_assembly(threshold_constitutional="three-quarters")
    item = make_item(assembly, ItemKind.CONSTITUTIONAL, "Art. 9", constitution_text="Art. 9")
    client = client_for(officer)
    url = reverse("voting:poll_add", args=[assembly.slug])
    client.post(url, {"title": "By the rules", "kind": "motion", "item": item.pk})
    client.post(
        url,
        {"title": "By two thirds", "kind": "motion", "item": item.pk, "threshold": "two-thirds"},
    )
    assert Poll.objects.get(title="By the rules").threshold == "three-quarters"
    assert Poll.objects.get(title="By two thirds").threshold == "two-thirds"
    page = client.get(reverse("voting:console", args=[assembly.slug])).content.decode()
    assert "majority needed: Three quarters of the yes and no votes" in page
    assert "majority needed: Two thirds of the yes and no votes" in page
    assert "Rules for decisions" in page


# ---------------------------------------------------------------------------------------------
# Nominations


def nominations_url(election: Election) -> str:
    return reverse("voting:nominations", args=[election.pk])


def answer_url(nomination: Nomination) -> str:
    return reverse("voting:nomination_answer", args=[nomination.election_id, nomination.pk])


def test_the_committee_enters_nominations_records_answers_and_the_accepted_stand(race) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, committee, (ana, ben, cy) = race
    client = client_for(committee)
    for delegate in (ana, ben, cy):
        response = client.post(
            nominations_url(election), {"participant": delegate.pk, "nominated_by": "Union"}
        )
        assert response.status_code == 302
    outsider = make_organization("Allied Centre", acronym="ALC")
    client.post(nominations_url(election), {"name": "Dee Outside", "organization": outsider.slug})
    ana_n, ben_n, cy_n, dee_n = Nomination.objects.filter(election=election).order_by("pk")
    assert (ana_n.participant, ana_n.nominated_by, ana_n.person.display_name) == (
        ana,
        "Union",
        "Ana Cruz",
    )
    assert dee_n.participant is None and dee_n.organization == outsider
    for nomination, answer in ((cy_n, "accept"), (ana_n, "accept"), (ben_n, "decline")):
        assert client.post(answer_url(nomination), {"answer": answer}).status_code == 302
    page = client.get(nominations_url(election)).content.decode()
    assert "2 candidates stand." in page and "1 has not answered yet." in page
    assert AuditEvent.objects.filter(action="nomination.accept", actor=committee).count() == 2

    client.post(reverse("voting:election_act", args=[election.pk]), {"step": "ballot"})
    poll = election.polls.get()
    options = list(poll.options.order_by("position").values_list("label", "nomination"))
    assert options == [("Ana Cruz", ana_n.pk), ("Cy Santos", cy_n.pk)]  # in the order nominated
    assert poll.seats == 2
    closed = client.get(nominations_url(election)).content.decode()
    assert "Nominations are closed: the ballot is prepared." in closed
    late = client.post(nominations_url(election), {"name": "Too Late"})
    assert "Nominations are closed." in late.content.decode()
    client.post(answer_url(dee_n), {"answer": "accept"})
    dee_n.refresh_from_db()
    assert dee_n.accepted_at is None


def test_a_nomination_names_a_delegate_or_someone_else_never_both_nor_neither(race) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, committee, (ana, *_rest) = race
    client = client_for(committee)
    for data in ({}, {"participant": ana.pk, "name": "Ana Cruz"}):
        response = client.post(nominations_url(election), data)
        assert response.status_code == 200
        assert "Choose a delegate, or give the name" in response.content.decode()
    stranger = make_delegate("Sol Stranger", assembly=make_assembly())
    response = client.post(nominations_url(election), {"participant": stranger.pk})
    assert "Select a valid choice" in response.content.decode()
    client.post(nominations_url(election), {"participant": ana.pk})
    again = client.post(nominations_url(election), {"participant": ana.pk})
    assert "This person is already nominated." in again.content.decode()
    assert election.nominations.count() == 1


def test_a_delegate_nominated_in_a_chain_of_offices_is_no_candidate_once_elected(race) -> None:  # type: ignore[no-untyped-def]
    assembly, election, _committee, (ana, ben, _cy) = race
    for one in (ana, ben):
        check_in(one)
    chair = election_create(
        assembly=assembly,
        title="Chairperson",
        kind="at_large",
        seat=make_seat(election.seat.body, holders=1),
        term=election.term,
        acting_user=None,
    )
    for one in (ana, ben):
        nomination_accept(
            nomination=nomination_create(election=chair, participant=one, acting_user=None),
            acting_user=None,
        )
    poll = poll_open(poll=election_poll_create(election=chair, acting_user=None), acting_user=None)
    vote(poll, ana, "1")
    vote(poll, ben, "1")
    assert poll_close(poll=poll, acting_user=None).result["elected"] == ["Ana Cruz"]
    vice = election_create(
        assembly=assembly,
        title="Vice Chairperson",
        kind="at_large",
        seat=make_seat(election.seat.body, holders=1),
        term=election.term,
        follows=chair,
        acting_user=None,
    )
    with pytest.raises(VotingRuleError, match="already elected to an earlier office"):
        nomination_create(election=vice, participant=ana, acting_user=None)
    assert nomination_create(election=vice, participant=ben, acting_user=None).person == (
        Nomination.objects.get(election=chair, participant=ben).person
    )


def test_the_committee_of_another_election_neither_sees_nor_answers_its_nominations(race) -> None:  # type: ignore[no-untyped-def]
    assembly, election, _committee, (ana, *_rest) = race
    nomination = nomination_create(election=election, participant=ana, acting_user=None)
    body = make_body("Another body")
    elsewhere = election_create(
        assembly=assembly,
        title="Another seat",
        kind="at_large",
        seat=make_seat(body),
        term=make_term(body),
        acting_user=None,
    )
    other_committee = make_user("Oda Other", role=Role.ELECTION_COMMITTEE, scope=elsewhere)
    client = client_for(other_committee)
    assert client.get(nominations_url(election)).status_code == 403
    assert client.post(nominations_url(election), {"name": "Intruder"}).status_code == 403
    assert client.post(answer_url(nomination), {"answer": "decline"}).status_code == 403
    # Through their own election's address, another election's nomination does not exist.
    sneaky = reverse("voting:nomination_answer", args=[elsewhere.pk, nomination.pk])
    assert client.post(sneaky, {"answer": "decline"}).status_code == 404
    for user in (make_user("Olu Officer", role=Role.OFFICER), make_user("Pat Plain")):
        assert client_for(user).get(nominations_url(election)).status_code == 403
    assert Client().get(nominations_url(election)).status_code == 302  # to the sign-in page
    nomination.refresh_from_db()
    assert nomination.declined_at is None and election.nominations.count() == 1


def test_a_nominated_delegate_accepts_or_declines_from_their_phone(race) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, _committee, (ana, ben, _cy) = race
    mine = nomination_create(election=election, participant=ana, acting_user=None)
    theirs = nomination_create(election=election, participant=ben, acting_user=None)
    phone = Client()
    sign_in_delegate(phone, make_credential(ana)[1])
    url = reverse("voting:my_nominations")
    page = phone.get(url).content.decode()
    assert "At-large seats" in page and "You are nominated. Do you accept?" in page
    assert phone.post(url, {"nomination": mine.pk, "answer": "accept"}).status_code == 302
    mine.refresh_from_db()
    assert mine.standing
    event = AuditEvent.objects.filter(action="nomination.accept").latest("pk")
    assert event.actor is None and event.changes == {"by_participant": ana.pk}
    phone.post(url, {"nomination": mine.pk, "answer": "decline"})
    mine.refresh_from_db()
    assert not mine.standing and mine.declined_at is not None
    # Someone else's nomination does not exist for this phone.
    assert phone.post(url, {"nomination": theirs.pk, "answer": "decline"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.declined_at is None
    with pytest.raises(VotingRuleError, match="Only the candidate"):
        nomination_decline(nomination=theirs, participant=ana, acting_user=None)


def test_a_candidate_cannot_answer_once_the_ballot_is_prepared(race) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, _committee, (ana, ben, _cy) = race
    nomination_accept(
        nomination=nomination_create(election=election, participant=ana, acting_user=None),
        acting_user=None,
    )
    late = nomination_create(election=election, participant=ben, acting_user=None)
    election_poll_create(election=election, acting_user=None)
    phone = Client()
    sign_in_delegate(phone, make_credential(ben)[1])
    url = reverse("voting:my_nominations")
    assert "Nominations are closed." in phone.get(url).content.decode()
    phone.post(url, {"nomination": late.pk, "answer": "accept"})
    late.refresh_from_db()
    assert late.accepted_at is None
    with pytest.raises(VotingRuleError, match="Nominations are closed"):
        nomination_decline(nomination=late, acting_user=None)


def test_a_ballot_is_prepared_once(race) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, _committee, (ana, *_rest) = race
    nomination_accept(
        nomination=nomination_create(election=election, participant=ana, acting_user=None),
        acting_user=None,
    )
    election_poll_create(election=election, acting_user=None)
    with pytest.raises(VotingRuleError, match="already prepared"):
        election_poll_create(election=election, acting_user=None)
    assert election.polls.count() == 1


def test_answering_twice_records_one_answer(race) -> None:  # type: ignore[no-untyped-def]
    _assembly, election, committee, (ana, *_rest) = race
    nomination = nomination_create(election=election, participant=ana, acting_user=None)
    client = client_for(committee)
    client.post(answer_url(nomination), {"answer": "accept"})
    client.post(answer_url(nomination), {"answer": "accept"})
    assert AuditEvent.objects.filter(action="nomination.accept").count() == 1


def test_two_candidates_of_the_same_name_are_told_apart_on_the_ballot(race) -> None:  # type: ignore[no-untyped-def]
    assembly, election, _committee, (ana, *_rest) = race
    namesake = make_delegate(
        "Ana Cruz", assembly=assembly, organization=make_organization("Kasama", acronym="KSM")
    )
    for one in (ana, namesake):
        nomination_accept(
            nomination=nomination_create(election=election, participant=one, acting_user=None),
            acting_user=None,
        )
    poll = election_poll_create(election=election, acting_user=None)
    labels = list(poll.options.order_by("position").values_list("label", flat=True))
    assert labels == ["Ana Cruz (UNI)", "Ana Cruz (KSM)"]


def test_the_nominations_page_reads_a_fixed_number_of_queries(  # type: ignore[no-untyped-def]
    race, django_assert_max_num_queries
) -> None:
    assembly, election, committee, _delegates = race
    client = client_for(committee)
    client.get(nominations_url(election))
    union = make_organization("Big Union")
    assembly_update(assembly=assembly, changes={"delegate_quota": 30}, acting_user=None)
    for number in range(15):
        delegate = make_delegate(f"Hopeful {number}", assembly=assembly, organization=union)
        nomination_create(
            election=election, participant=delegate, nominated_by="Caucus", acting_user=None
        )
    with django_assert_max_num_queries(8):
        page = client.get(nominations_url(election))
    assert page.content.decode().count("Awaiting the answer") == 15


def test_a_caucus_seat_takes_only_candidates_of_its_region_or_of_associate_members() -> None:
    assembly = make_assembly(delegate_quota=10)
    body = make_body()
    asia, europe = make_region("Asia"), make_region("Europe")
    asian = make_organization("Asian Union", country=make_country("PH", region=asia))
    european = make_organization("European Union of Migrants", country=make_country("NL", europe))
    associate = make_organization(
        "Allied Centre", country=make_country("HK", region=asia), category="associate"
    )

    term = make_term(body)

    def election(kind: str, region: Region | None = None) -> Election:
        return election_create(
            assembly=assembly,
            title=kind,
            kind=kind,
            seat=make_seat(body, kind, kind=kind, region=region),
            term=term,
            acting_user=None,
        )

    regional = election("regional", region=asia)
    associates = election("associate")
    from_europe = make_delegate("Eve Europe", assembly=assembly, organization=european)
    from_asia = make_delegate("Ana Asia", assembly=assembly, organization=asian)
    from_associate = make_delegate("Al Ally", assembly=assembly, organization=associate)
    with pytest.raises(VotingRuleError, match="for a member organization of its region: Asia"):
        nomination_create(election=regional, participant=from_europe, acting_user=None)
    with pytest.raises(VotingRuleError, match="for a member organization of its region"):
        nomination_create(election=regional, name="No Organization", acting_user=None)
    with pytest.raises(VotingRuleError, match="associate member organization"):
        nomination_create(election=associates, participant=from_asia, acting_user=None)
    assert nomination_create(election=regional, participant=from_asia, acting_user=None)
    assert nomination_create(election=associates, participant=from_associate, acting_user=None)
    assert Nomination.objects.count() == 2
