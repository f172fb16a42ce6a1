"""Indicators count themselves from the records of their owners within the term, list the
records behind each figure, and the dashboard is built in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alyansa.campaigns.models import Answer, CallKind
from alyansa.campaigns.services import new_submission_key, report_submit
from alyansa.campaigns.testing import make_call
from alyansa.engagements.models import Kind
from alyansa.engagements.testing import at, make_engagement
from alyansa.members.testing import make_country, make_organization, make_region
from alyansa.programs.dashboard import dashboard_build
from alyansa.programs.indicators import figures, records_of
from alyansa.programs.models import Owner, Source, TargetState
from alyansa.programs.services import figure_record
from alyansa.programs.testing import add_target, adopt, make_program
from alyansa.statements.models import Statement, Topic
from alyansa.statements.testing import make_statement

pytestmark = pytest.mark.django_db


def _report(answer, secretariat, *, public: bool = True) -> None:  # type: ignore[no-untyped-def]
    report_submit(
        answer=answer,
        acting_user=secretariat,
        key=new_submission_key(),
        summary="A forum",
        held_on=answer.call.starts_on,
        city="Manila",
        country=answer.organization.country,
        participants_low=30,
        is_public=public,
    )


@pytest.fixture
def alliance(db):  # type: ignore[no-untyped-def]
    asia, europe = make_region("Asia-Pacific"), make_region("Europe")
    ph, gb = make_country("PH", asia), make_country("GB", europe)
    return {
        "asia": asia,
        "europe": europe,
        "manila": make_organization("Manila Union", country=ph),
        "hidden": make_organization("Hidden Union", country=ph, at_risk=True),
        "london": make_organization("London Union", country=gb),
    }


def test_campaign_reports_count_for_their_owners_and_kind(secretariat, officer, alliance) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    asia_target = add_target(
        program,
        secretariat=secretariat,
        owner=Owner.REGION,
        owner_region=alliance["asia"],
        source=Source.CAMPAIGN_REPORTS,
        source_kind=CallKind.EDUCATION,
        goal_value=2,
    )
    everyone = add_target(
        program,
        secretariat=secretariat,
        text="Education sessions everywhere",
        source=Source.CAMPAIGN_REPORTS,
        source_kind=CallKind.EDUCATION,
        goal_value=10,
    )
    london_only = add_target(
        program,
        secretariat=secretariat,
        text="London sessions",
        owner=Owner.ORGANIZATIONS,
        owner_organizations=[alliance["london"]],
        source=Source.CAMPAIGN_REPORTS,
        source_kind=CallKind.EDUCATION,
        goal_value=1,
    )
    adopt(program, secretariat=secretariat)
    education = make_call(
        secretariat=secretariat,
        officer=officer,
        kind=CallKind.EDUCATION,
        starts_on=datetime.date(2026, 5, 1),
    )
    rally = make_call(secretariat=secretariat, officer=officer, starts_on=datetime.date(2026, 5, 2))
    for call in (education, rally):
        for answer in Answer.objects.filter(call=call):
            _report(answer, secretariat, public=answer.organization != alliance["hidden"])
    found = figures(program, [asia_target, everyone, london_only], public=False)
    assert found[asia_target.pk].value == 2
    assert found[asia_target.pk].state == TargetState.DONE
    assert found[everyone.pk].value == 3 and found[everyone.pk].state == TargetState.UNDER_WAY
    assert found[london_only.pk].value == 1
    # The public counts public reports only.
    assert figures(program, [asia_target], public=True)[asia_target.pk].value == 1
    behind = records_of(asia_target, program, public=False)
    assert {r.answer.organization.name for r in behind} == {"Manila Union", "Hidden Union"}


def test_engagements_admissions_and_statements_count_themselves(secretariat, alliance) -> None:  # type: ignore[no-untyped-def]
    program = make_program(secretariat=secretariat)
    sessions = add_target(
        program,
        secretariat=secretariat,
        text="UN sessions attended",
        source=Source.ENGAGEMENTS,
        source_kind=Kind.UN_SESSION,
        goal_value=5,
    )
    admissions = add_target(
        program,
        secretariat=secretariat,
        text="New member organizations",
        source=Source.ADMISSIONS,
        goal_value=20,
    )
    topic = Topic.objects.create(slug="labour", name="Labour")
    statements = add_target(
        program,
        secretariat=secretariat,
        text="Statements on labour",
        source=Source.STATEMENTS,
        source_topic=topic,
        goal_value=3,
    )
    manual = add_target(program, secretariat=secretariat, text="Trainers trained", goal_value=8)
    adopt(program, secretariat=secretariat)
    make_engagement(starts=at("2026-03-27", "10:00", "Europe/Zurich"))
    make_engagement(starts=at("2024-03-27", "10:00", "Europe/Zurich"))  # before the term
    make_engagement(kind=Kind.SUMMIT, starts=at("2026-04-27", "10:00", "Europe/Zurich"))
    make_organization("New Union", member_since=datetime.date(2026, 2, 1))
    make_statement(
        status=Statement.Status.PUBLISHED,
        published_at=datetime.datetime(2026, 1, 5, tzinfo=datetime.UTC),
        topics=(topic,),
    )
    make_statement(status=Statement.Status.PUBLISHED, topics=())
    figure_record(target=manual, value=5, note="Count from the regions", acting_user=secretariat)
    found = figures(program, [sessions, admissions, statements, manual], public=True)
    assert found[sessions.pk].value == 1
    assert found[admissions.pk].value == 1
    assert found[statements.pk].value == 1
    assert found[manual.pk].value == 5 and found[manual.pk].note == "Count from the regions"


def test_the_dashboard_names_no_at_risk_owner_and_its_queries_are_bounded(  # type: ignore[no-untyped-def]
    secretariat, officer, alliance
) -> None:
    program = make_program(secretariat=secretariat)

    def add(count: int) -> None:
        for number in range(count):
            add_target(
                program,
                secretariat=secretariat,
                text=f"Target {number}",
                owner=Owner.ORGANIZATIONS,
                owner_organizations=[alliance["hidden"], alliance["manila"]],
                source=[Source.CAMPAIGN_REPORTS, Source.ENGAGEMENTS, Source.MANUAL][number % 3],
                goal_value=3,
            )

    add(3)
    make_call(secretariat=secretariat, officer=officer, starts_on=datetime.date(2026, 5, 1))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            dashboard_build(program, public=True)
        return len(captured)

    few = queries()
    add(12)
    assert queries() == few
    board = dashboard_build(program, public=True)
    assert "Hidden Union" not in board.rows[0].owner
    assert "1 organization that cannot be named" in board.rows[0].owner
    assert board.calls == 1 and board.responses.total == 3
    assert "<svg" in board.area_chart() and "<svg" in board.response_chart()
