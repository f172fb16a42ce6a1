"""Plain factory functions for tests of the program of action (and of the matrix world)."""

from __future__ import annotations

import datetime
from typing import Any

from alyansa.accounts.models import User
from alyansa.assemblies.models import Assembly, ItemKind, Outcome
from alyansa.assemblies.services import item_decide
from alyansa.assemblies.testing import make_assembly, make_item
from alyansa.programs.models import Goal, Owner, Program, Source, Target
from alyansa.programs.services import TargetFields, goal_save, program_draft, target_save


def make_program(
    *,
    secretariat: User,
    starts_on: datetime.date = datetime.date(2025, 1, 1),
    ends_on: datetime.date = datetime.date(2027, 12, 31),
    assembly: Assembly | None = None,
) -> Program:
    """A program drafted for a motion of an assembly in session (`adopt` it once its targets
    are in)."""
    assembly = assembly or make_assembly()
    item = make_item(assembly, kind=ItemKind.MOTION, title="General Program of Action")
    program = program_draft(
        item=item,
        title="General Program of Action",
        starts_on=starts_on,
        ends_on=ends_on,
        acting_user=secretariat,
    )
    return program


def adopt(program: Program, *, secretariat: User, outcome: str = Outcome.APPROVED) -> Program:
    """The assembly decides the motion that carries the program."""
    item_decide(item=program.item, outcome=outcome, acting_user=secretariat)
    program.refresh_from_db()
    return program


def add_target(
    program: Program,
    *,
    secretariat: User,
    text: str = "Education sessions held",
    area: int = 0,
    goal: Goal | None = None,
    amendment: Any = None,
    **fields: Any,
) -> Target:
    """A target in an area's first goal (created when missing); counted by hand by default."""
    if goal is None:
        chosen = program.areas.all()[area]
        goal = chosen.goals.first() or goal_save(
            area=chosen,
            text=f"Goal of {chosen.title}",
            acting_user=secretariat,
            amendment=amendment,
        )
    return target_save(
        goal=goal,
        fields=TargetFields(
            text=text,
            owner=fields.pop("owner", Owner.ALLIANCE),
            due_on=fields.pop("due_on", program.ends_on),
            source=fields.pop("source", Source.MANUAL),
            **fields,
        ),
        acting_user=secretariat,
        amendment=amendment,
    )
