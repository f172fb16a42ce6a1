"""The secretariat creates governing bodies and writes their seat rules on pages, within what
the record of mandates and elections allows."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from alyansa.assemblies.testing import make_assembly
from alyansa.audit.models import AuditEvent
from alyansa.governance.forms import SeatForm
from alyansa.governance.models import Body, Seat
from alyansa.governance.services import (
    GovernanceRuleError,
    body_update,
    mandate_assign,
    mandate_end,
    seat_update,
)
from alyansa.governance.testing import make_body, make_seat, make_term
from alyansa.members.testing import make_person, make_region
from alyansa.voting.services import election_create
from conftest import client_for

# Dates of decisions and terms: run under the clocks of conftest.CLOCKS.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clock")]
DAY = datetime.timedelta(days=1)


def _rule(seat: Seat, **change):  # type: ignore[no-untyped-def]
    """The seat's rule as it stands, with `change` applied (what the edit form holds)."""
    return {**{field: getattr(seat, field) for field in SeatForm.FIELDS}, **change}


def _posted(seat: Seat, **change):  # type: ignore[no-untyped-def]
    rule = _rule(seat, **change)
    return {**rule, "region": rule["region"].pk if rule["region"] else ""}


def _hold(seat: Seat, *names: str, rank: int | None = None, starts_on=None):  # type: ignore[no-untyped-def]
    term = seat.body.terms.first() or make_term(seat.body, timezone.localdate() - 30 * DAY)
    return [
        mandate_assign(
            term=term,
            seat=seat,
            person=make_person(name),
            alternate_rank=rank,
            starts_on=starts_on,
            acting_user=None,
        )
        for name in names
    ]


def test_the_secretariat_creates_a_body_named_in_several_languages(secretariat):
    coordinating = make_body()
    response = client_for(secretariat).post(
        reverse("governance:body_create"),
        {
            "name": "Executive Committee",
            "name_es": "Comité Ejecutivo",
            "kind": Body.Kind.EXECUTIVE,
            "elected_by": coordinating.pk,
            "description_en": "The officers.",
        },
    )
    body = Body.objects.get(name="Executive Committee")
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:seats", args=[body.slug])
    assert (body.names, body.description, body.elected_by) == (
        {"es": "Comité Ejecutivo"},
        {"en": "The officers."},
        coordinating,
    )
    assert body.position > coordinating.position  # listed after the bodies already there
    assert AuditEvent.objects.for_object(body).filter(action="body.create").exists()


def test_a_body_is_never_given_the_address_of_a_page(secretariat):
    client_for(secretariat).post(
        reverse("governance:body_create"), {"name": "New", "kind": Body.Kind.OTHER}
    )
    body = Body.objects.get(name="New")
    assert body.slug == "new-body"
    assert client_for(secretariat).get(reverse("governance:body_create")).status_code == 200


def test_renaming_a_body_keeps_its_address_and_records_what_changed(secretariat):
    body = make_body("Coordinating Council")
    response = client_for(secretariat).post(
        reverse("governance:body_edit", args=[body.slug]),
        {"name": "International Coordinating Body", "kind": Body.Kind.COORDINATING},
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert (body.slug, body.name) == ("coordinating-council", "International Coordinating Body")
    event = AuditEvent.objects.for_object(body).get(action="body.update")
    assert event.changes == {"name": ["Coordinating Council", "International Coordinating Body"]}
    # The same form again changes nothing and writes nothing.
    client_for(secretariat).post(
        reverse("governance:body_edit", args=[body.slug]),
        {"name": "International Coordinating Body", "kind": Body.Kind.COORDINATING},
    )
    assert AuditEvent.objects.for_object(body).filter(action="body.update").count() == 1


def test_a_body_is_never_elected_by_a_body_it_elects(secretariat):
    icb = make_body()
    executive = make_body("Executive Committee", kind=Body.Kind.EXECUTIVE, elected_by=icb)
    with pytest.raises(
        GovernanceRuleError, match="cannot be elected by itself or by a body it elects"
    ):
        body_update(body=icb, name=icb.name, kind=icb.kind, elected_by=executive, acting_user=None)
    response = client_for(secretariat).post(
        reverse("governance:body_edit", args=[icb.slug]),
        {"name": icb.name, "kind": icb.kind, "elected_by": executive.pk},
    )
    assert "cannot be elected by itself or by a body it elects" in response.content.decode()
    icb.refresh_from_db()
    assert icb.elected_by is None


def test_a_body_whose_offices_go_to_members_of_its_electing_body_keeps_one():
    icb = make_body()
    executive = make_body("Executive Committee", kind=Body.Kind.EXECUTIVE, elected_by=icb)
    make_seat(
        executive,
        "Chairperson",
        kind=Seat.Kind.OFFICE,
        eligible=Seat.Eligible.BODY_MEMBERS,
        chosen_by=Seat.ChosenBy.ELECTING_BODY,
    )
    with pytest.raises(GovernanceRuleError, match="electing body"):
        body_update(body=executive, name="Executive", kind=executive.kind, acting_user=None)


def test_the_secretariat_adds_a_seat_rule_on_the_seats_page(secretariat):
    body = make_body()
    asia = make_region("Asia")
    response = client_for(secretariat).post(
        reverse("governance:seats", args=[body.slug]),
        {
            "name": "Asia",
            "name_tl": "Asya",
            "kind": Seat.Kind.REGIONAL,
            "region": asia.pk,
            "holders": 1,
            "alternates": 1,
            "chosen_by": Seat.ChosenBy.REGION_CAUCUS,
            "eligible": Seat.Eligible.REGION,
        },
    )
    assert response.status_code == 302
    seat = body.seats.get()
    assert (seat.region, seat.names, seat.alternates) == (asia, {"tl": "Asya"}, 1)
    assert AuditEvent.objects.for_object(seat).filter(action="seat.create").exists()


def test_a_regional_seat_without_its_region_is_refused_beside_the_form(secretariat):
    body = make_body()
    response = client_for(secretariat).post(
        reverse("governance:seats", args=[body.slug]),
        {
            "name": "Somewhere",
            "kind": Seat.Kind.REGIONAL,
            "holders": 1,
            "alternates": 0,
            "chosen_by": Seat.ChosenBy.REGION_CAUCUS,
            "eligible": Seat.Eligible.ANY,
        },
    )
    assert response.status_code == 200
    assert "A regional seat needs its region." in response.content.decode()
    assert not body.seats.exists()


def test_the_secretariat_edits_a_seat_rule_and_the_trail_says_what_changed(secretariat):
    seat = make_seat(make_body(), holders=4, alternates=2)
    url = reverse("governance:seat_edit", args=[seat.body.slug, seat.pk])
    assert 'value="At large"' in client_for(secretariat).get(url).content.decode()
    response = client_for(secretariat).post(
        url, _posted(seat, name="At-large seats", holders=5, eligible=Seat.Eligible.FULL)
    )
    assert response.status_code == 302
    seat.refresh_from_db()
    assert (seat.name, seat.holders, seat.eligible) == ("At-large seats", 5, Seat.Eligible.FULL)
    event = AuditEvent.objects.for_object(seat).get(action="seat.update")
    assert event.changes["holders"] == [4, 5]
    assert set(event.changes) == {"name", "holders", "eligible"}


def test_a_seat_never_has_fewer_holders_than_people_who_hold_it_now():
    seat = make_seat(make_body(), holders=3)
    _hold(seat, "Ana", "Ben")
    with pytest.raises(GovernanceRuleError, match="2 people hold this seat"):
        seat_update(acting_user=None, seat=seat, **_rule(seat, holders=1))
    seat_update(acting_user=None, seat=seat, **_rule(seat, holders=2))
    seat.refresh_from_db()
    assert seat.holders == 2


def test_a_holder_who_left_does_not_count_and_one_who_starts_later_does():
    seat = make_seat(make_body(), holders=2)
    ana, ben = _hold(seat, "Ana", "Ben")
    today = timezone.localdate()  # read under the test's clock, not when the module loads
    mandate_end(mandate=ana, ends_on=today - DAY, reason="Resigned", acting_user=None)
    seat_update(acting_user=None, seat=seat, **_rule(seat, holders=1))
    seat.refresh_from_db()
    assert seat.holders == 1
    # Ben steps down next week; Cora and Dan start the day after, side by side.
    mandate_end(mandate=ben, ends_on=today + 7 * DAY, reason="Resigned", acting_user=None)
    seat = seat_update(acting_user=None, seat=seat, **_rule(seat, holders=2))
    _hold(seat, "Cora", "Dan", starts_on=today + 8 * DAY)
    with pytest.raises(GovernanceRuleError, match="2 people hold this seat now or from a later"):
        seat_update(acting_user=None, seat=seat, **_rule(seat, holders=1))


def test_a_seat_keeps_as_many_alternates_as_the_highest_rank_taken():
    seat = make_seat(make_body(), alternates=2)
    _hold(seat, "Eva", rank=2)
    with pytest.raises(GovernanceRuleError, match="Alternate rank 2 is taken"):
        seat_update(acting_user=None, seat=seat, **_rule(seat, alternates=1))


def test_a_seat_that_had_a_mandate_keeps_its_kind_and_region_and_says_why(secretariat):
    asia, europe = make_region("Asia"), make_region("Europe")
    seat = make_seat(
        make_body(),
        "Asia",
        kind=Seat.Kind.REGIONAL,
        region=asia,
        chosen_by=Seat.ChosenBy.REGION_CAUCUS,
    )
    (mandate,) = _hold(seat, "Ana")
    mandate_end(mandate=mandate, ends_on=timezone.localdate(), reason="Resigned", acting_user=None)
    response = client_for(secretariat).post(
        reverse("governance:seat_edit", args=[seat.body.slug, seat.pk]),
        _posted(seat, region=europe),
    )
    assert "its kind and region stay as they are: add a new seat instead" in (
        response.content.decode()
    )
    with pytest.raises(GovernanceRuleError, match="its kind and region stay as they are"):
        seat_update(acting_user=None, seat=seat, **_rule(seat, kind=Seat.Kind.AT_LARGE))
    # Its name and who may hold it can still change.
    seat_update(acting_user=None, seat=seat, **_rule(seat, name="Asia-Pacific", alternates=1))
    seat.refresh_from_db()
    assert (seat.region, seat.kind, seat.name) == (asia, Seat.Kind.REGIONAL, "Asia-Pacific")


def test_a_seat_with_an_election_but_no_mandate_yet_keeps_its_kind():
    seat = make_seat(make_body(), holders=4)
    election_create(
        assembly=make_assembly(),
        title="At-large election",
        kind="at_large",
        seat=seat,
        term=make_term(seat.body),
        acting_user=None,
    )
    with pytest.raises(GovernanceRuleError, match="mandates or elections"):
        seat_update(acting_user=None, seat=seat, **_rule(seat, kind=Seat.Kind.OTHER))
    assert Seat.objects.with_use().get(pk=seat.pk).in_use


def test_only_a_seat_never_held_nor_contested_can_be_removed(secretariat):
    body = make_body()
    mistake, held = make_seat(body, "Added twice"), make_seat(body, "Held")
    _hold(held, "Ana")
    client = client_for(secretariat)
    page = client.get(reverse("governance:seats", args=[body.slug])).content.decode()
    assert page.count(">Remove</button>") == 1
    client.post(reverse("governance:seat_remove", args=[body.slug, mistake.pk]))
    assert not Seat.objects.filter(pk=mistake.pk).exists()
    assert AuditEvent.objects.filter(action="seat.remove", object_id=str(mistake.pk)).exists()
    response = client.post(
        reverse("governance:seat_remove", args=[body.slug, held.pk]), follow=True
    )
    assert "it stays on the record" in response.content.decode()
    assert Seat.objects.filter(pk=held.pk).exists()


def test_an_officer_or_a_coordinator_cannot_create_bodies_or_change_seat_rules(
    officer, coordinator_of
):
    body = make_body()
    seat = make_seat(body)
    pages = [
        ("get", reverse("governance:body_create"), {}),
        ("post", reverse("governance:body_create"), {"name": "Shadow", "kind": "other"}),
        ("post", reverse("governance:body_edit", args=[body.slug]), {"name": "X", "kind": "other"}),
        ("get", reverse("governance:seats", args=[body.slug]), {}),
        (
            "post",
            reverse("governance:seat_edit", args=[body.slug, seat.pk]),
            _posted(seat, holders=9),
        ),
        ("post", reverse("governance:seat_remove", args=[body.slug, seat.pk]), {}),
    ]
    for user in (officer, coordinator_of):
        client = client_for(user)
        for method, url, data in pages:
            assert getattr(client, method)(url, data).status_code in (403, 404), url
    seat.refresh_from_db()
    body.refresh_from_db()
    assert (seat.holders, body.name) == (1, "International Coordinating Body")
    assert list(Body.objects.all()) == [body]


def test_the_seats_page_reads_a_fixed_number_of_queries(secretariat, django_assert_max_num_queries):
    body = make_body()
    for number in range(30):
        seat = make_seat(body, f"Seat {number}", holders=2)
        if number % 3 == 0:
            _hold(seat, f"Holder {number}")
    client = client_for(secretariat)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("governance:seats", args=[body.slug]))
    assert response.status_code == 200 and "Seat 29" in response.content.decode()


def test_the_bodies_page_reads_a_fixed_number_of_queries(
    secretariat, django_assert_max_num_queries
):
    for number in range(8):
        body = make_body(f"Body {number}")
        for seat_number in range(4):
            _hold(make_seat(body, f"Seat {number}.{seat_number}"), f"Holder {number}.{seat_number}")
    client = client_for(secretariat)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("governance:bodies"))
    page = response.content.decode()
    assert "Holder 7.3" in page and reverse("governance:body_create") in page
