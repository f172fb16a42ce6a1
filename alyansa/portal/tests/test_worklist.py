"""Everyone is led to their work: the dashboard lists what waits for each role, with links."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from alyansa.accounts.roles import Role
from alyansa.accounts.testing import make_user
from alyansa.assemblies.testing import make_assembly, make_delegate
from alyansa.governance.testing import make_body, make_seat, make_term
from alyansa.statements import services as statements
from alyansa.voting.models import Election
from alyansa.voting.services import (
    election_create,
    election_poll_create,
    nomination_accept,
    nomination_create,
    poll_close,
    poll_open,
)
from alyansa.voting.testing import vote
from conftest import client_for

pytestmark = pytest.mark.django_db


def dashboard(user) -> str:  # type: ignore[no-untyped-def]
    return client_for(user).get(reverse("portal:dashboard")).content.decode()


def test_an_officer_is_led_to_the_statements_that_await_approval() -> None:
    secretariat = make_user("Sara", role=Role.SECRETARIAT)
    officer = make_user("Olga", role=Role.OFFICER)
    statement = statements.statement_create(
        acting_user=secretariat,
        slug="migrants-day",
        source_language="en",
        title="Migrants are workers",
        issued_on=timezone.localdate(),
        body="Text.",
    )
    assert "Migrants are workers" not in dashboard(officer)
    statements.statement_submit(statement=statement, acting_user=secretariat)

    page = dashboard(officer)

    assert "Approve or send back: Migrants are workers" in page
    assert reverse("statements:workflow", args=[statement.slug]) in page
    assert "Approve or send back" not in dashboard(make_user("Plain"))


def test_the_chair_is_led_to_the_assembly_in_session_and_its_polls() -> None:
    assembly = make_assembly()
    page = dashboard(make_user("Olga", role=Role.OFFICER))

    assert reverse("assemblies:console", args=[assembly.slug]) in page
    assert reverse("voting:console", args=[assembly.slug]) in page
    console = client_for(make_user("Carla", role=Role.OFFICER)).get(
        reverse("assemblies:console", args=[assembly.slug])
    )
    assert reverse("voting:console", args=[assembly.slug]) in console.content.decode()


def test_the_committee_is_led_to_nominations_to_answer_then_the_result_to_certify() -> None:
    assembly = make_assembly()
    body = make_body()
    election = election_create(
        assembly=assembly, title="At-large seats", kind=Election.Kind.AT_LARGE,
        seat=make_seat(body), term=make_term(body, assembly.today()), acting_user=None,
    )  # fmt: skip
    committee = make_user("Ines", role=Role.ELECTION_COMMITTEE, scope=election)
    other = election_create(
        assembly=assembly, title="Another election", kind=Election.Kind.AT_LARGE,
        seat=make_seat(body, "Other seat"), term=election.term, acting_user=None,
    )  # fmt: skip
    make_user("Other", role=Role.ELECTION_COMMITTEE, scope=other)
    candidate = make_delegate("Cand Idate", assembly=assembly, present=True)
    nomination = nomination_create(election=election, participant=candidate, acting_user=None)

    page = dashboard(committee)
    assert "At-large seats: 1 nomination awaits the candidate&#x27;s answer" in page
    assert reverse("voting:nominations", args=[election.pk]) in page
    assert "Another election" not in page

    nomination_accept(nomination=nomination, acting_user=None)
    poll = poll_open(
        poll=election_poll_create(election=election, acting_user=None), acting_user=None
    )
    vote(poll, candidate, "1")
    poll_close(poll=poll, acting_user=None)

    page = dashboard(committee)
    assert "At-large seats: the result to certify" in page
    assert reverse("voting:election", args=[election.pk]) in page


def test_the_secretariat_is_led_to_the_applications_to_decide(
    django_assert_max_num_queries,
) -> None:  # type: ignore[no-untyped-def]
    from alyansa.members.services import Profile, application_confirm, application_submit
    from alyansa.members.testing import make_country

    secretariat = make_user("Sara", role=Role.SECRETARIAT)
    for number in range(3):
        _application, secret = application_submit(
            profile=Profile(name=f"Applicant Union {number}", country=make_country("PH")),
            contact_name="A",
            contact_email=f"a{number}@example.org",
        )
        if number:
            application_confirm(secret=secret)  # the first never confirmed its address

    with django_assert_max_num_queries(30):
        page = dashboard(secretariat)

    assert "2 membership applications to decide" in page
    assert reverse("members:review_queue") in page
    assert "Applicant Union" not in page  # counts only, on the dashboard
