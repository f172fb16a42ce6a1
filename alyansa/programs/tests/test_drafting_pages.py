"""The secretariat drafts a program of action through its pages, without JavaScript: the
program for a motion, then its areas, goals and targets; an adopted program's forms name the
decision that amends it; a rejected one shows no forms."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alyansa.assemblies.models import ItemKind, Outcome
from alyansa.assemblies.testing import make_assembly, make_item
from alyansa.audit.models import AuditEvent
from alyansa.governance.testing import make_body
from alyansa.members.testing import make_organization
from alyansa.programs.audit_actions import AuditAction
from alyansa.programs.models import Area, Goal, Owner, Program, Target
from alyansa.programs.services import goal_save
from alyansa.programs.testing import add_target, adopt, make_program
from conftest import client_for

pytestmark = pytest.mark.django_db

TARGET = {
    "text": "Education sessions held in every region",
    "owner": "alliance",
    "due_on": "2026-06-30",
    "indicator": "Sessions held",
    "source": "manual",
    "goal_value": "40",
}


def test_the_secretariat_drafts_a_program_with_an_area_goal_and_target_and_sees_it_on_the_dashboard(  # type: ignore[no-untyped-def]
    secretariat,
) -> None:
    assembly = make_assembly("Fifth General Assembly")
    item = make_item(assembly, kind=ItemKind.MOTION, title="General Program of Action")
    client = client_for(secretariat)
    form_page = client.get(reverse("programs:new"))
    assert form_page.status_code == 200
    assert "Fifth General Assembly: General Program of Action" in form_page.content.decode()

    drafted = client.post(
        reverse("programs:new"),
        {
            "item": item.pk,
            "title": "Program 2025-2027",
            "starts_on": "2025-01-01",
            "ends_on": "2027-12-31",
        },
    )
    program = Program.objects.get(item=item)
    assert drafted.status_code == 302
    assert drafted["Location"] == reverse("programs:edit", args=[program.pk])
    assert program.status == Program.Status.DRAFT and program.areas.count() == 4

    client.post(reverse("programs:area_new", args=[program.pk]), {"title": "Youth and culture"})
    area = Area.objects.get(program=program, title="Youth and culture")
    client.post(
        reverse("programs:goal_new", args=[program.pk, area.pk]),
        {"text": "Young members lead campaigns"},
    )
    goal = Goal.objects.get(area=area)
    added = client.post(reverse("programs:target_new", args=[program.pk, goal.pk]), TARGET)
    assert added.status_code == 302
    target = Target.objects.get(goal=goal)
    assert target.goal_value == 40 and target.indicator == "Sessions held"
    assert set(AuditEvent.objects.filter(actor=secretariat).values_list("action", flat=True)) >= {
        AuditAction.PROGRAM_DRAFT,
        AuditAction.AREA_SAVE,
        AuditAction.GOAL_SAVE,
        AuditAction.TARGET_SAVE,
    }

    text = client.get(reverse("programs:edit", args=[program.pk])).content.decode()
    assert "Youth and culture" in text and "Young members lead campaigns" in text
    board = client.get(reverse("programs:internal", args=[program.pk])).content.decode()
    assert "Education sessions held in every region" in board


def test_the_secretariat_renames_an_area_and_changes_a_goal_and_a_target(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    target = add_target(program, secretariat=secretariat)
    client = client_for(secretariat)
    area = target.goal.area
    page = client.get(reverse("programs:target_edit", args=[program.pk, target.pk]))
    assert "Education sessions held" in page.content.decode()
    client.post(reverse("programs:area_edit", args=[program.pk, area.pk]), {"title": "Learning"})
    client.post(
        reverse("programs:goal_edit", args=[program.pk, target.goal_id]), {"text": "Teach more"}
    )
    client.post(
        reverse("programs:target_edit", args=[program.pk, target.pk]),
        {**TARGET, "text": "Sessions in every chapter"},
    )
    area.refresh_from_db()
    target.refresh_from_db()
    assert area.title == "Learning" and target.goal.text == "Teach more"
    assert target.text == "Sessions in every chapter" and target.position == 1


def test_a_refusal_is_shown_beside_the_form_with_its_sentence(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    goal = add_target(program, secretariat=secretariat).goal
    client = client_for(secretariat)
    late = client.post(
        reverse("programs:target_new", args=[program.pk, goal.pk]),
        {**TARGET, "due_on": "2030-01-01"},
    )
    assert late.status_code == 400
    assert "A target is due within the program&#x27;s term." in late.content.decode()
    counted = client.post(
        reverse("programs:target_new", args=[program.pk, goal.pk]),
        {**TARGET, "source": "statements", "goal_value": "5"},
    )
    assert "Say which topic&#x27;s statements are counted." in counted.content.decode()
    unnamed = client.post(
        reverse("programs:target_new", args=[program.pk, goal.pk]), {**TARGET, "owner": "region"}
    )
    assert "Say which region carries it." in unnamed.content.decode()
    assert goal.targets.count() == 1
    empty = client.post(reverse("programs:area_new", args=[program.pk]), {})
    assert empty.status_code == 400 and "This field is required." in empty.content.decode()
    assert program.areas.count() == 4


def test_a_motion_already_decided_or_carrying_a_program_cannot_be_chosen(secretariat) -> None:  # type: ignore[no-untyped-def]
    taken = make_program(secretariat=secretariat)
    client = client_for(secretariat)
    answer = client.post(
        reverse("programs:new"),
        {
            "item": taken.item_id,
            "title": "Again",
            "starts_on": "2025-01-01",
            "ends_on": "2026-01-01",
        },
    )
    assert answer.status_code == 400
    assert "Choose a motion that is not decided yet." in answer.content.decode()
    item = make_item(make_assembly(), kind=ItemKind.MOTION, title="Program")
    backwards = client.post(
        reverse("programs:new"),
        {"item": item.pk, "title": "Program", "starts_on": "2026-01-01", "ends_on": "2025-01-01"},
    )
    assert "The term ends after it starts." in backwards.content.decode()
    assert not Program.objects.filter(item=item).exists()


def test_an_adopted_programs_forms_name_the_decision_that_amends_it(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    goal = add_target(program, secretariat=secretariat).goal
    adopt(program, secretariat=secretariat)
    body = make_body()
    client = client_for(secretariat)
    url = reverse("programs:target_new", args=[program.pk, goal.pk])
    assert "Body whose decision amends the program" in client.get(url).content.decode()
    unnamed = client.post(url, {**TARGET, "text": "Solidarity visits"})
    assert unnamed.status_code == 400 and goal.targets.count() == 1
    amended = client.post(
        url,
        {
            **TARGET,
            "text": "Solidarity visits",
            "amendment_body": body.pk,
            "amendment_decided_on": "2026-03-01",
            "amendment_reference": "ICB minutes 4",
            "amendment_summary": "Visits added",
        },
    )
    assert amended.status_code == 302
    version = program.versions.get(number=2)
    assert version.body == body and version.reference == "ICB minutes 4"
    assert version.summary == "Visits added"


def test_a_rejected_program_shows_no_forms(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = adopt(
        make_program(secretariat=secretariat), secretariat=secretariat, outcome=Outcome.REJECTED
    )
    client = client_for(secretariat)
    page = client.get(reverse("programs:edit", args=[program.pk])).content.decode()
    assert (
        "The assembly did not adopt this program" in page and "<form" not in page.split("<main")[-1]
    )
    assert client.get(reverse("programs:area_new", args=[program.pk])).status_code == 404
    refused = client.post(reverse("programs:area_new", args=[program.pk]), {"title": "Late"})
    assert refused.status_code == 404 and program.areas.count() == 4


def _queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_editing_page_reads_in_a_fixed_number_of_queries(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    add_target(program, secretariat=secretariat, text="Target 0")
    client = client_for(secretariat)
    url = reverse("programs:edit", args=[program.pk])
    client.get(url)
    few = _queries(client, url)
    assert few <= 8
    organization = make_organization("Kilusan")
    for number in range(1, 7):
        goal = goal_save(
            area=program.areas.all()[number % 4], text=f"Goal {number}", acting_user=secretariat
        )
        add_target(
            program,
            secretariat=secretariat,
            text=f"Target {number}",
            goal=goal,
            owner=Owner.ORGANIZATIONS,
            owner_organizations=[organization],
        )
    assert _queries(client, url) == few
    assert "Target 6" in client.get(url).content.decode()
