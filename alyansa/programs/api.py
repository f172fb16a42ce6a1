"""The program of action's JSON API: adopted programs and their public dashboard for anyone
(organizations named through the public projection, records public ones only), the internal
dashboard for the secretariat and officers, and progress and the report's draft for the
secretariat."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from alyansa.accounts.api import api_auth
from alyansa.accounts.requests import ApiRequest
from alyansa.core.api_input import body_doc, read_body
from alyansa.core.bounds import Count, PathId
from alyansa.programs import selectors, services
from alyansa.programs.dashboard import Dashboard, Group, dashboard_build
from alyansa.programs.models import Program, TargetState

router = Router(tags=["programs"])


class ProgramSummaryOut(Schema):
    id: int
    title: str
    status: str
    starts_on: str
    ends_on: str
    assembly: str
    url: str


class ProgramTargetOut(Schema):
    id: int
    area: str
    goal: str
    text: str
    owner: str
    regions: list[str]
    due_on: str
    indicator: str
    source: str
    value: int | None
    goal_value: int | None
    percent: int | None
    state: str


class ProgramGroupOut(Schema):
    label: str
    planned: int
    done: int


class ProgramRegionAnswersOut(Schema):
    region: str
    called: int
    answered: int
    rate: int


class ProgramDashboardOut(Schema):
    program: ProgramSummaryOut
    public: bool
    targets: list[ProgramTargetOut]
    by_area: list[ProgramGroupOut]
    by_region: list[ProgramGroupOut]
    by_owner: list[ProgramGroupOut]
    calls: int
    response_rate: int
    answers_by_region: list[ProgramRegionAnswersOut]


def _program(program: Program) -> dict[str, Any]:
    return {
        "id": program.pk,
        "title": program.local_title,
        "status": program.status,
        "starts_on": program.starts_on.isoformat(),
        "ends_on": program.ends_on.isoformat(),
        "assembly": program.assembly.title,
        "url": f"/programs/{program.pk}/",
    }


def _groups(groups: dict[str, Group]) -> list[dict[str, Any]]:
    return [{"label": g.label, "planned": g.planned, "done": g.done} for g in groups.values()]


def _dashboard(board: Dashboard) -> dict[str, Any]:
    return {
        "program": _program(board.program),
        "public": board.public,
        "targets": [
            {
                "id": row.target.pk,
                "area": row.target.goal.area.local_title,
                "goal": row.target.goal.local_text,
                "text": row.target.local_text,
                "owner": row.owner,
                "regions": row.regions,
                "due_on": row.target.due_on.isoformat(),
                "indicator": row.target.indicator,
                "source": row.target.source,
                "value": row.figure.value,
                "goal_value": row.figure.goal,
                "percent": row.figure.percent,
                "state": row.figure.state,
            }
            for row in board.rows
        ],
        "by_area": _groups(board.by_area),
        "by_region": _groups(board.by_region),
        "by_owner": _groups(board.by_owner),
        "calls": board.calls,
        "response_rate": board.responses.rate,
        "answers_by_region": [
            {"region": region, "called": t.total, "answered": t.answered, "rate": t.rate}
            for region, t in board.responses_by_region.items()
        ],
    }


@router.get(
    "/programs",
    response=list[ProgramSummaryOut],
    url_name="programs_list",
    summary="The adopted programs of action",
)
def program_list(request: HttpRequest) -> Any:
    return [_program(p) for p in selectors.programs_for(None)]


@router.get(
    "/programs/{program_id}/dashboard",
    response=ProgramDashboardOut,
    url_name="programs_dashboard",
    summary="An adopted program's public dashboard (public records; at-risk organizations "
    "counted, never named)",
)
def dashboard(request: HttpRequest, program_id: PathId) -> Any:
    program = selectors.program_get_for(None, program_id)
    return _dashboard(dashboard_build(program, public=True))


@router.get(
    "/internal/programs/{program_id}/dashboard",
    response=ProgramDashboardOut,
    auth=api_auth,
    url_name="programs_dashboard_internal",
    summary="A program's dashboard over every record (secretariat and officers)",
)
def dashboard_internal(request: ApiRequest, program_id: PathId) -> Any:
    user = request.auth
    selectors.require_reader(user)
    program = selectors.program_get_for(user, program_id)
    return _dashboard(dashboard_build(program, public=False, user=user))


class ProgramTargetStateIn(Schema):
    # One of the states, or a 422 that lists them (a free string reached the service: a 500).
    state: TargetState
    reason: Annotated[str, Field(max_length=2000)] = ""


class ProgramFigureIn(Schema):
    value: Count
    note: Annotated[str, Field(min_length=1, max_length=2000)]


class ProgramTargetDone(Schema):
    id: int
    state: str


@router.post(
    "/programs/{program_id}/targets/{target_id}/state",
    response=ProgramTargetDone,
    auth=api_auth,
    url_name="programs_target_state",
    openapi_extra=body_doc(ProgramTargetStateIn),
    summary="Mark a target not started, under way, done or dropped, with why (secretariat)",
)
def target_state(request: ApiRequest, program_id: PathId, target_id: PathId) -> Any:
    user = request.auth
    selectors.require_manager(user)
    program = selectors.program_get_for(user, program_id)
    target = selectors.target_get_for(user, program, target_id)
    data = read_body(request, ProgramTargetStateIn)
    target = services.target_set_state(
        target=target, state=data.state, reason=data.reason, acting_user=user
    )
    return {"id": target.pk, "state": target.state}


@router.post(
    "/programs/{program_id}/targets/{target_id}/figures",
    response={201: ProgramTargetDone},
    auth=api_auth,
    url_name="programs_target_figure",
    openapi_extra=body_doc(ProgramFigureIn),
    summary="Give a figure by hand for an indicator that does not count itself (secretariat)",
)
def target_figure(request: ApiRequest, program_id: PathId, target_id: PathId) -> Any:
    user = request.auth
    selectors.require_manager(user)
    program = selectors.program_get_for(user, program_id)
    target = selectors.target_get_for(user, program, target_id)
    data = read_body(request, ProgramFigureIn)
    services.figure_record(target=target, value=data.value, note=data.note, acting_user=user)
    return Status(201, {"id": target.pk, "state": target.state})


class ProgramReportOut(Schema):
    id: int
    period_end: str
    url: str
    content: dict[str, Any]


@router.post(
    "/programs/{program_id}/reports",
    response={201: ProgramReportOut},
    auth=api_auth,
    url_name="programs_report_draft",
    summary="Draft the chairperson's report from the records (secretariat)",
)
def report_draft(request: ApiRequest, program_id: PathId) -> Any:
    user = request.auth
    selectors.require_manager(user)
    program = selectors.program_get_for(user, program_id)
    report = services.report_draft(program=program, acting_user=user)
    return Status(
        201,
        {
            "id": report.pk,
            "period_end": report.period_end.isoformat(),
            "url": f"/programs/{program.pk}/reports/{report.pk}/",
            "content": report.content,
        },
    )
