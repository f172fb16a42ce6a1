"""This app's part of the demo alliance (called by alyansa/portal/demo.py, after the
assemblies and engagements).

The past assembly's motion "Program of action 2026-2029" was approved before programs were
followed here: its program is entered after the fact and recorded as adopted on that day. Its
term runs to the upcoming assembly and shows partial, uneven progress: engagements and
admissions counted from the records, figures given by hand with their notes, an education
target not started, a regional target dropped (with why), a target added by the coordinating
body's amendment. The upcoming assembly has the chairperson's report, drafted from the records,
on its agenda as "Report of the chairperson".
"""

from __future__ import annotations

import datetime
import random

from alyansa.accounts.demo import demo_email
from alyansa.accounts.models import User
from alyansa.assemblies.demo import PAST_SLUG, UPCOMING_SLUG
from alyansa.assemblies.models import AgendaItem, Assembly, ItemKind
from alyansa.assemblies.services import item_create
from alyansa.campaigns.models import CallKind
from alyansa.engagements.models import Kind
from alyansa.governance.models import Body
from alyansa.members.models import Region
from alyansa.programs.models import Owner, Source, TargetState
from alyansa.programs.services import (
    Amendment,
    TargetFields,
    figure_record,
    goal_save,
    program_draft,
    program_record_adoption,
    report_draft,
    report_present,
    target_save,
    target_set_state,
)
from alyansa.statements.models import Topic


def load(rng: random.Random) -> list[str]:
    past = Assembly.objects.filter(slug=PAST_SLUG).first()
    upcoming = Assembly.objects.filter(slug=UPCOMING_SLUG).first()
    item = (
        AgendaItem.objects.filter(assembly=past, kind=ItemKind.MOTION, title__startswith="Program")
        .order_by("position")
        .first()
    )
    secretariat = User.objects.filter(email=demo_email("secretariat")).first()
    if past is None or upcoming is None or item is None or secretariat is None:
        return []
    starts_on = past.local(past.starts_at).date()  # type: ignore[union-attr]
    ends_on = upcoming.local(upcoming.starts_at).date()  # type: ignore[union-attr]
    program = program_draft(
        item=item,
        title="General Program of Action 2026-2029",
        titles={"es": "Programa General de Acción 2026-2029", "tl": "Pangkalahatang Programa"},
        starts_on=starts_on,
        ends_on=ends_on,
        acting_user=secretariat,
        after_the_fact=True,
    )
    areas = list(program.areas.all())
    body = Body.objects.filter(kind=Body.Kind.COORDINATING).first()
    region = Region.objects.order_by("position").first()
    topic = Topic.objects.order_by("pk").first()
    due = ends_on - datetime.timedelta(days=7)
    plan: list[tuple[int, str, list[tuple[TargetFields, str]]]] = [
        (
            0,
            "Every member organization educates its members on their rights",
            [
                (
                    TargetFields(
                        text="Education sessions held by member organizations",
                        texts={"es": "Sesiones de formación realizadas"},
                        owner=Owner.ALLIANCE,
                        due_on=due,
                        indicator="Education sessions held",
                        goal_value=40,
                        source=Source.CAMPAIGN_REPORTS,
                        source_kind=CallKind.EDUCATION,
                    ),
                    "",
                ),
                (
                    TargetFields(
                        text="Know-your-rights modules translated",
                        owner=Owner.ALLIANCE,
                        due_on=due,
                        indicator="Languages",
                        goal_value=6,
                    ),
                    "4|Spanish, French, Arabic and Tagalog done; Indonesian in review.",
                ),
            ],
        ),
        (
            1,
            "Mobilize on the alliance's days of action",
            [
                (
                    TargetFields(
                        text="Countries with a Migrants Day action",
                        owner=Owner.ALLIANCE,
                        due_on=due,
                        indicator="Countries",
                        goal_value=25,
                    ),
                    "11|From the regional coordinators' reports.",
                ),
                (
                    TargetFields(
                        text="A regional caravan for regularization",
                        owner=Owner.REGION,
                        owner_region=region,
                        due_on=due,
                    ),
                    "dropped|The caravan's visas were refused; the region holds local actions.",
                ),
            ],
        ),
        (
            2,
            "Speak for migrants where their fate is decided",
            [
                (
                    TargetFields(
                        text="UN sessions attended with a delegation",
                        owner=Owner.ALLIANCE,
                        due_on=due,
                        indicator="Sessions",
                        goal_value=6,
                        source=Source.ENGAGEMENTS,
                        source_kind=Kind.UN_SESSION,
                    ),
                    "",
                ),
                (
                    TargetFields(
                        text="Meetings with officials",
                        owner=Owner.BODY if body else Owner.ALLIANCE,
                        owner_body=body,
                        due_on=due,
                        indicator="Meetings",
                        goal_value=10,
                        source=Source.ENGAGEMENTS,
                        source_kind=Kind.OFFICIALS,
                    ),
                    "",
                ),
            ],
        ),
        (
            3,
            "Grow and strengthen the alliance",
            [
                (
                    TargetFields(
                        text="New member organizations",
                        owner=Owner.ALLIANCE,
                        due_on=due,
                        indicator="Admissions",
                        goal_value=20,
                        source=Source.ADMISSIONS,
                    ),
                    "",
                ),
                (
                    TargetFields(
                        text="Statements on the alliance's topics",
                        owner=Owner.ALLIANCE,
                        due_on=due,
                        indicator="Statements",
                        goal_value=8,
                        source=Source.STATEMENTS if topic else Source.MANUAL,
                        source_topic=topic,
                    ),
                    "",
                ),
                (
                    TargetFields(
                        text="Treasurer trained in every region",
                        owner=Owner.ALLIANCE,
                        due_on=due,
                        indicator="Regions",
                        goal_value=7,
                    ),
                    "done|",
                ),
            ],
        ),
    ]
    progress = []
    for area_index, goal_text, targets in plan:
        goal = goal_save(area=areas[area_index], text=goal_text, acting_user=secretariat)
        for fields, step in targets:
            progress.append((target_save(goal=goal, fields=fields, acting_user=secretariat), step))
    program = program_record_adoption(program=program, acting_user=secretariat)
    if body is not None:
        amendment = Amendment(
            body=body,
            decided_on=starts_on + datetime.timedelta(days=30),
            reference="Coordinating body, minutes of its first meeting",
            summary="Solidarity missions added to the advocacy area.",
        )
        goal = areas[2].goals.first()
        assert goal is not None
        added = target_save(
            goal=goal,
            fields=TargetFields(
                text="Solidarity missions to detention centres",
                owner=Owner.ALLIANCE,
                due_on=due,
                indicator="Missions",
                goal_value=3,
            ),
            acting_user=secretariat,
            amendment=amendment,
        )
        progress.append((added, "1|A mission to the Athens centres."))
    for target, step in progress:
        if step == "done|":
            target_set_state(target=target, state=TargetState.DONE, acting_user=secretariat)
        elif step.startswith("dropped|"):
            target_set_state(
                target=target,
                state=TargetState.DROPPED,
                reason=step.split("|", 1)[1],
                acting_user=secretariat,
            )
        elif step:
            value, note = step.split("|", 1)
            figure_record(target=target, value=int(value), note=note, acting_user=secretariat)
    report = report_draft(program=program, acting_user=secretariat)
    agenda_item = item_create(
        assembly=upcoming,
        kind=ItemKind.REPORT,
        title="Report of the chairperson",
        acting_user=secretariat,
    )
    report_present(report=report, item=agenda_item, acting_user=secretariat)
    base = f"/programs/{program.pk}/"
    return [f"Program of action: {base} (the chairperson's report: {base}reports/{report.pk}/)"]
