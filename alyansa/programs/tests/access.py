"""Who may open the program's pages and API endpoints (joined into the portal's matrix)."""

from alyansa.core.testing import EVERYONE, AccessCase

READERS = {"secretariat", "officer"}
SECRETARIAT = {"secretariat"}


def _program(key="program"):  # type: ignore[no-untyped-def]
    return lambda w: {"program_id": w.objects[key].pk}


def _target(w):  # type: ignore[no-untyped-def]
    return {"program_id": w.objects["program"].pk, "target_id": w.objects["program_target"].pk}


def _report(key):  # type: ignore[no-untyped-def]
    return lambda w: {"program_id": w.objects["program"].pk, "report_id": w.objects[key].pk}


CASES = [
    AccessCase("programs:index", allowed=EVERYONE),
    AccessCase("programs:program", allowed=EVERYONE, kwargs=_program()),
    AccessCase("programs:program", allowed=READERS, kwargs=_program("program_draft")),
    AccessCase("programs:internal", allowed=READERS, kwargs=_program()),
    AccessCase("programs:target", allowed=EVERYONE, kwargs=_target),
    AccessCase(
        "programs:target_state",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_target,
        data=lambda w: {"state": "under_way"},
    ),
    AccessCase(
        "programs:target_figure",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_target,
        data=lambda w: {"value": "3", "note": "From the regions"},
    ),
    AccessCase("programs:report_draft", allowed=SECRETARIAT, method="post", kwargs=_program()),
    AccessCase("programs:report", allowed=EVERYONE, kwargs=_report("program_report")),
    AccessCase("programs:report", allowed=READERS, kwargs=_report("program_report_draft")),
    AccessCase("programs:report_pdf", allowed=EVERYONE, kwargs=_report("program_report")),
    AccessCase("programs:report_pdf", allowed=READERS, kwargs=_report("program_report_draft")),
    AccessCase(
        "programs:report_edit",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_report("program_report_draft"),
        data=lambda w: {"text": "# Report\n\nEdited."},
    ),
    AccessCase(
        "programs:report_present",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_report("program_report_to_present"),
        data=lambda w: {"item": w.objects["program_free_item"].pk},
    ),
]


def _area(key):  # type: ignore[no-untyped-def]
    return lambda w: {"program_id": w.objects[key].pk, "area_id": w.objects[key].areas.first().pk}


def _goal(w):  # type: ignore[no-untyped-def]
    return {"program_id": w.objects["program"].pk, "goal_id": w.objects["program_target"].goal_id}


# Drafting and changing the program's text: the secretariat's pages (GET shows the form).
CASES += [
    AccessCase("programs:new", allowed=SECRETARIAT),
    AccessCase("programs:edit", allowed=SECRETARIAT, kwargs=_program()),
    AccessCase("programs:edit", allowed=SECRETARIAT, kwargs=_program("program_draft")),
    AccessCase("programs:area_new", allowed=SECRETARIAT, kwargs=_program("program_draft")),
    AccessCase(
        "programs:area_new",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_program("program_draft"),
        data=lambda w: {"title": "Matrix area"},
    ),
    AccessCase("programs:area_edit", allowed=SECRETARIAT, kwargs=_area("program")),
    AccessCase("programs:goal_new", allowed=SECRETARIAT, kwargs=_area("program_draft")),
    AccessCase("programs:goal_edit", allowed=SECRETARIAT, kwargs=_goal),
    AccessCase("programs:target_new", allowed=SECRETARIAT, kwargs=_goal),
    AccessCase("programs:target_edit", allowed=SECRETARIAT, kwargs=_target),
]

CASES += [
    AccessCase("api-v1:programs_list", allowed=EVERYONE),
    AccessCase("api-v1:programs_dashboard", allowed=EVERYONE, kwargs=_program()),
    AccessCase("api-v1:programs_dashboard", allowed=frozenset(), kwargs=_program("program_draft")),
    AccessCase("api-v1:programs_dashboard_internal", allowed=READERS, kwargs=_program()),
    AccessCase(
        "api-v1:programs_target_state",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_target,
        data=lambda w: {"state": "under_way"},
    ),
    AccessCase(
        "api-v1:programs_target_figure",
        allowed=SECRETARIAT,
        method="post",
        kwargs=_target,
        data=lambda w: {"value": 4, "note": "From the regions"},
    ),
    AccessCase(
        "api-v1:programs_report_draft", allowed=SECRETARIAT, method="post", kwargs=_program()
    ),
]
