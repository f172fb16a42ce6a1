"""This app's objects in the access-matrix world (see alyansa/portal/tests/world.py)."""

from alyansa.assemblies.models import ItemKind
from alyansa.assemblies.testing import make_assembly, make_item
from alyansa.core.testing import World
from alyansa.programs.services import report_draft, report_present
from alyansa.programs.testing import add_target, adopt, make_program


def extend(world: World) -> None:
    """An adopted program with a target given by hand, a drafted report put to the next
    assembly's agenda, a draft report on no agenda, and a program still in draft."""
    secretariat = world.users["secretariat"]
    program = make_program(secretariat=secretariat)
    target = add_target(program, secretariat=secretariat, goal_value=40)
    adopt(program, secretariat=secretariat)
    presented = report_draft(program=program, acting_user=secretariat)
    next_assembly = make_assembly("Matrix next assembly")
    item = make_item(next_assembly, kind=ItemKind.REPORT, title="Report of the chairperson")
    report_present(report=presented, item=item, acting_user=secretariat)
    world.objects["program"] = program
    world.objects["program_target"] = target
    world.objects["program_report"] = presented
    world.objects["program_report_draft"] = report_draft(program=program, acting_user=secretariat)
    world.objects["program_draft"] = make_program(secretariat=secretariat)
    # A report and an item of its own for the matrix to put it to (the draft above stays off
    # every agenda, whatever order the cases run in).
    world.objects["program_report_to_present"] = report_draft(
        program=program, acting_user=secretariat
    )
    world.objects["program_free_item"] = make_item(
        next_assembly, kind=ItemKind.REPORT, title="Another report"
    )
