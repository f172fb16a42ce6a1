"""The program's roles for the privacy matrix (alyansa/portal/tests/privacy_world.py): the
at-risk organization carries a target of the adopted program, its admission counts for
another, and the chairperson's report on the agenda named it before it was marked at risk."""

import datetime

from alyansa.assemblies.models import ItemKind
from alyansa.assemblies.testing import make_assembly, make_item
from alyansa.core.testing import World
from alyansa.governance.testing import make_body
from alyansa.programs.models import Owner, Source
from alyansa.programs.services import Amendment, report_draft, report_present
from alyansa.programs.testing import add_target


def before_flag(world: World) -> None:
    secretariat, program = world.users["secretariat"], world.objects["program"]
    amendment = Amendment(
        body=make_body("Privacy coordinating body"), decided_on=datetime.date(2026, 2, 1)
    )
    owned = add_target(
        program,
        secretariat=secretariat,
        text="Organize domestic workers",
        owner=Owner.ORGANIZATIONS,
        owner_organizations=[world.objects["secret"]],
        goal_value=5,
        amendment=amendment,
    )
    admissions = add_target(
        program,
        secretariat=secretariat,
        text="New member organizations",
        source=Source.ADMISSIONS,
        goal_value=20,
        amendment=amendment,
    )
    world.objects["program_secret_target"] = owned
    world.objects["program_admissions_target"] = admissions
    report = report_draft(program=program, acting_user=secretariat)
    item = make_item(make_assembly("Privacy next assembly"), kind=ItemKind.REPORT)
    world.objects["program_secret_report"] = report_present(
        report=report, item=item, acting_user=secretariat
    )


def public_paths(world: World) -> list[str]:
    program = world.objects["program"].pk
    report = world.objects["program_secret_report"].pk
    return [
        f"/programs/{program}/targets/{world.objects['program_secret_target'].pk}/",
        f"/programs/{program}/targets/{world.objects['program_admissions_target'].pk}/",
        f"/programs/{program}/reports/{report}/",
        f"/programs/{program}/reports/{report}/pdf/",
    ]
