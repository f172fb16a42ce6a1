"""A program becomes binding with the motion's decision; after that, its text changes only by
an amendment that names the body's decision, and each amendment leaves a version."""

from __future__ import annotations

import datetime

import pytest

from alyansa.assemblies.models import Outcome
from alyansa.governance.testing import make_body
from alyansa.programs.errors import ProgramRuleError
from alyansa.programs.models import Program, TargetState
from alyansa.programs.services import Amendment, figure_record, target_set_state
from alyansa.programs.testing import add_target, adopt, make_program

pytestmark = pytest.mark.django_db


def test_a_draft_has_the_four_usual_areas(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    assert program.status == Program.Status.DRAFT
    assert [a.title for a in program.areas.all()] == [
        "Education and information",
        "Campaigns and mobilization",
        "International advocacy",
        "Strengthening the alliance organizationally",
    ]


def test_the_motions_approval_adopts_the_program_as_version_one(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    add_target(program, secretariat=secretariat, indicator="Sessions held", goal_value=40)
    program = adopt(program, secretariat=secretariat)
    assert program.is_adopted and program.adopted_at is not None
    version = program.versions.get()
    assert version.number == 1 and version.item_id == program.item_id
    target = version.content["areas"][0]["goals"][0]["targets"][0]
    assert target["text"] == "Education sessions held" and target["goal_value"] == 40


def test_a_rejected_motion_leaves_the_program_unadopted(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = adopt(
        make_program(secretariat=secretariat), secretariat=secretariat, outcome=Outcome.REJECTED
    )
    assert program.status == Program.Status.REJECTED
    assert not program.versions.exists()
    with pytest.raises(ProgramRuleError, match="The assembly did not adopt this program"):
        add_target(program, secretariat=secretariat)


def test_an_adopted_program_changes_only_by_an_amendment_with_its_decision(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    add_target(program, secretariat=secretariat)
    program = adopt(program, secretariat=secretariat)
    with pytest.raises(ProgramRuleError, match="say which decision of which body amends it"):
        add_target(program, secretariat=secretariat, text="Unauthorised")
    body = make_body()
    amendment = Amendment(
        body=body, decided_on=datetime.date(2026, 3, 1), reference="ICB minutes 4", summary="More"
    )
    add_target(program, secretariat=secretariat, text="Solidarity visits", amendment=amendment)
    versions = list(program.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].body == body and versions[1].reference == "ICB minutes 4"
    texts = [t["text"] for t in versions[1].content["areas"][0]["goals"][0]["targets"]]
    assert texts == ["Education sessions held", "Solidarity visits"]


def test_a_target_is_due_within_the_term(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    with pytest.raises(ProgramRuleError, match="due within the program's term"):
        add_target(program, secretariat=secretariat, due_on=datetime.date(2030, 1, 1))


def test_a_dropped_target_says_why_and_hand_figures_need_a_note(secretariat) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    target = add_target(program, secretariat=secretariat, goal_value=10)
    adopt(program, secretariat=secretariat)
    with pytest.raises(ProgramRuleError, match="Say why the target was dropped"):
        target_set_state(target=target, state=TargetState.DROPPED, acting_user=secretariat)
    target = target_set_state(
        target=target, state=TargetState.DROPPED, reason="No funds", acting_user=secretariat
    )
    assert target.dropped_reason == "No funds"
    with pytest.raises(ProgramRuleError, match="Say where the figure comes from"):
        figure_record(target=target, value=3, note=" ", acting_user=secretariat)
    figure = figure_record(target=target, value=3, note="Regional reports", acting_user=secretariat)
    assert figure.value == 3
