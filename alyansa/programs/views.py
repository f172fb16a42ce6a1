"""The program's pages: the public dashboard, the internal one, a target with the records
behind its figure, and the chairperson's report (HTML and PDF). Views check the role, call the
services and render; rule violations become form errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.core.markdown import render_markdown
from alyansa.programs import selectors, services
from alyansa.programs.dashboard import dashboard_html
from alyansa.programs.errors import ProgramRuleError
from alyansa.programs.forms import (
    AreaForm,
    ChangeForm,
    DraftForm,
    FigureForm,
    GoalForm,
    PresentForm,
    ReportEditForm,
    StateForm,
    TargetForm,
)
from alyansa.programs.indicators import figures
from alyansa.programs.models import Area, Goal, Program, Target
from alyansa.programs.records import records_behind
from alyansa.programs.reporting import report_pdf, shown_text


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    programs = selectors.programs_for(request.user)
    return render(
        request,
        "programs/index.html",
        {"programs": programs, "manager": selectors.may_manage(request.user)},
    )


def _dashboard(request: HttpRequest, program_id: int, *, public: bool) -> HttpResponse:
    program = selectors.program_get_for(request.user, program_id)
    board_html = dashboard_html(program, public=public, user=request.user)
    return render(
        request,
        "programs/dashboard.html",
        {
            "program": program,
            "board_html": board_html,
            "public": public,
            "internal_reader": selectors.may_read_internal(request.user),
            "manager": selectors.may_manage(request.user),
            "reports": selectors.reports_for(request.user, program),
        },
    )


@require_GET
def program(request: HttpRequest, program_id: int) -> HttpResponse:
    """The public dashboard: public records only, at-risk organizations counted, not named."""
    return _dashboard(request, program_id, public=True)


@require_GET
def internal(request: HttpRequest, program_id: int) -> HttpResponse:
    """The dashboard over every record, for the secretariat and officers."""
    selectors.require_reader(request.user)
    return _dashboard(request, program_id, public=False)


@require_GET
def target(request: HttpRequest, program_id: int, target_id: int) -> HttpResponse:
    """A target, its figure and the records behind it (every record for the secretariat and
    officers, public ones for everyone else)."""
    program = selectors.program_get_for(request.user, program_id)
    found = selectors.target_get_for(request.user, program, target_id)
    public = not selectors.may_read_internal(request.user)
    return _target_page(request, program, found, public=public)


def _target_page(request, program, found, *, public, state_form=None, figure_form=None):  # type: ignore[no-untyped-def]
    manager = selectors.may_manage(request.user) and program.is_adopted
    return render(
        request,
        "programs/target.html",
        {
            "program": program,
            "target": found,
            "figure": figures(program, [found], public=public)[found.pk],
            "behind": records_behind(found, program, public=public, user=request.user),
            "manual_figures": found.manual_figures.all()[:20],
            "state_form": (state_form or StateForm(initial={"state": found.state}))
            if manager
            else None,
            "figure_form": (figure_form or FigureForm())
            if manager and not found.counts_itself
            else None,
        },
        status=400 if (state_form or figure_form) else 200,
    )


Saved = TypeVar("Saved")


def _applied(
    form: forms.Form, save: Callable[[], Saved], *, field: str | None = None
) -> Saved | None:
    """What the service returned, once the bound form is valid; else None, and the form says why
    (its own errors, or the rule that refused, beside `field` or above the form). Every service
    used here returns the record it saved."""
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return save()
    except ProgramRuleError as error:
        form.add_error(field, str(error))
        return None


@require_POST
def target_state(request: SignedInRequest, program_id: int, target_id: int) -> HttpResponse:
    selectors.require_manager(request.user)
    program = selectors.program_get_for(request.user, program_id)
    found = selectors.target_get_for(request.user, program, target_id)
    form = StateForm(request.POST)
    saved = _applied(
        form,
        lambda: services.target_set_state(
            target=found,
            state=form.cleaned_data["state"],
            reason=form.cleaned_data["reason"],
            acting_user=request.user,
        ),
    )
    if saved is not None:
        messages.success(request, _("The target's state is saved."))
        return redirect("programs:target", program_id=program.pk, target_id=found.pk)
    return _target_page(request, program, found, public=False, state_form=form)


@require_POST
def target_figure(request: SignedInRequest, program_id: int, target_id: int) -> HttpResponse:
    selectors.require_manager(request.user)
    program = selectors.program_get_for(request.user, program_id)
    found = selectors.target_get_for(request.user, program, target_id)
    form = FigureForm(request.POST)
    saved = _applied(
        form,
        lambda: services.figure_record(
            target=found,
            value=form.cleaned_data["value"],
            note=form.cleaned_data["note"],
            acting_user=request.user,
        ),
    )
    if saved is not None:
        messages.success(request, _("The figure is recorded."))
        return redirect("programs:target", program_id=program.pk, target_id=found.pk)
    return _target_page(request, program, found, public=False, figure_form=form)


@require_POST
def report_draft(request: SignedInRequest, program_id: int) -> HttpResponse:
    """Draft the chairperson's report from the records as they are today."""
    selectors.require_manager(request.user)
    program = selectors.program_get_for(request.user, program_id)
    try:
        report = services.report_draft(program=program, acting_user=request.user)
    except ProgramRuleError as error:
        messages.error(request, str(error))
        return redirect("programs:program", program_id=program.pk)
    return redirect("programs:report", program_id=program.pk, report_id=report.pk)


def _report_page(request, program, report, *, edit_form=None, present_form=None):  # type: ignore[no-untyped-def]
    manager = selectors.may_manage(request.user) and not report.is_frozen
    return render(
        request,
        "programs/report.html",
        {
            "program": program,
            "report": report,
            "text": render_markdown(shown_text(report, request.user)),
            "edit_form": (edit_form or ReportEditForm(initial={"text": report.text}))
            if manager
            else None,
            "present_form": (present_form or PresentForm(initial={"item": report.item_id}))
            if manager
            else None,
        },
        status=400 if (edit_form or present_form) else 200,
    )


@require_GET
def report(request: HttpRequest, program_id: int, report_id: int) -> HttpResponse:
    program = selectors.program_get_for(request.user, program_id)
    found = selectors.report_get_for(request.user, program, report_id)
    return _report_page(request, program, found)


@require_GET
def report_document(request: HttpRequest, program_id: int, report_id: int) -> HttpResponse:
    program = selectors.program_get_for(request.user, program_id)
    found = selectors.report_get_for(request.user, program, report_id)
    response = HttpResponse(
        report_pdf(found, language=get_language() or "en", user=request.user),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="chairperson-report-{found.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["POST"])
def report_edit(request: SignedInRequest, program_id: int, report_id: int) -> HttpResponse:
    selectors.require_manager(request.user)
    program = selectors.program_get_for(request.user, program_id)
    found = selectors.report_get_for(request.user, program, report_id)
    form = ReportEditForm(request.POST)
    saved = _applied(
        form,
        lambda: services.report_edit(
            report=found,
            text=form.cleaned_data["text"],
            acting_user=request.user,
        ),
    )
    if saved is not None:
        messages.success(request, _("The report is saved."))
        return redirect("programs:report", program_id=program.pk, report_id=found.pk)
    return _report_page(request, program, found, edit_form=form)


@require_POST
def report_present(request: SignedInRequest, program_id: int, report_id: int) -> HttpResponse:
    """Put the report to a report item ("report of the chairperson") of an assembly."""
    selectors.require_manager(request.user)
    program = selectors.program_get_for(request.user, program_id)
    found = selectors.report_get_for(request.user, program, report_id)
    form = PresentForm(request.POST)
    saved = _applied(
        form,
        lambda: services.report_present(
            report=found,
            item=form.cleaned_data["item"],
            acting_user=request.user,
        ),
        field="item",
    )
    if saved is not None:
        messages.success(request, _("The report is on the assembly's agenda."))
        return redirect("programs:report", program_id=program.pk, report_id=found.pk)
    return _report_page(request, program, found, present_form=form)


# Drafting and changing the program's text: the secretariat's pages. A draft changes freely;
# an adopted program's forms name the decision that amends it; a rejected one shows no forms.


def _posted(request: HttpRequest) -> Any:
    """The form's data on a POST (an empty one too, so that it says what is missing)."""
    return request.POST if request.method == "POST" else None


@role_required(Role.SECRETARIAT)
@require_http_methods(["GET", "POST"])
def program_new(request: SignedInRequest) -> HttpResponse:
    """Draft a program for a motion of an assembly that is not decided yet."""
    form = DraftForm(_posted(request))
    program = _applied(
        form,
        lambda: services.program_draft(
            item=form.cleaned_data["item"],
            title=form.cleaned_data["title"],
            starts_on=form.cleaned_data["starts_on"],
            ends_on=form.cleaned_data["ends_on"],
            acting_user=request.user,
        ),
    )
    if program is not None:
        messages.success(request, _("The program is drafted with the four usual areas."))
        return redirect("programs:edit", program_id=program.pk)
    return render(
        request,
        "programs/draft.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


@role_required(Role.SECRETARIAT)
@require_GET
def program_edit(request: SignedInRequest, program_id: int) -> HttpResponse:
    """The program's text (areas, goals, targets), each with its form's address."""
    program = selectors.program_get_for(request.user, program_id)
    return render(
        request,
        "programs/edit.html",
        {
            "program": program,
            "areas": selectors.program_text(program),
            "editable": program.status != Program.Status.REJECTED,
            "area_form": AreaForm(program=program)
            if program.status != Program.Status.REJECTED
            else None,
        },
    )


def _change_page(
    request: SignedInRequest,
    program: Program,
    form: ChangeForm,
    *,
    heading: str,
    context: str = "",
) -> HttpResponse:
    return render(
        request,
        "programs/change.html",
        {"program": program, "form": form, "heading": heading, "context": context},
        status=400 if form.is_bound else 200,
    )


def _changeable(request: SignedInRequest, program_id: int) -> Program:
    """The program whose text the secretariat changes; a rejected one has no forms (404)."""
    program = selectors.program_get_for(request.user, program_id)
    if program.status == Program.Status.REJECTED:
        raise Http404
    return program


def _save(
    request: SignedInRequest, program: Program, form: ChangeForm, save: Callable[[], object]
) -> HttpResponse | None:
    """Run `save` (the service) once the posted form is valid and go back to the text (None:
    show the form again, with why)."""
    if _applied(form, save) is None:
        return None
    if program.is_adopted:
        messages.success(request, _("The program is amended: a new version keeps its text."))
    else:
        messages.success(request, _("The draft is saved."))
    return redirect("programs:edit", program_id=program.pk)


@role_required(Role.SECRETARIAT)
@require_http_methods(["GET", "POST"])
def area_change(
    request: SignedInRequest, program_id: int, area_id: int | None = None
) -> HttpResponse:
    """Add an area to the program, or rename one."""
    program = _changeable(request, program_id)
    area = get_object_or_404(Area, pk=area_id, program=program) if area_id else None
    initial = {"title": area.title} if area else None
    form = AreaForm(_posted(request), initial=initial, program=program)
    saved = _save(
        request,
        program,
        form,
        lambda: services.area_save(
            program=program,
            title=form.cleaned_data["title"],
            area=area,
            amendment=form.amendment(),
            acting_user=request.user,
        ),
    )
    if saved is not None:
        return saved
    heading = _("Rename the area") if area else _("Add an area")
    return _change_page(request, program, form, heading=heading)


@role_required(Role.SECRETARIAT)
@require_http_methods(["GET", "POST"])
def goal_change(
    request: SignedInRequest,
    program_id: int,
    area_id: int | None = None,
    goal_id: int | None = None,
) -> HttpResponse:
    """Add a goal to an area, or change a goal's text."""
    program = _changeable(request, program_id)
    goal = (
        get_object_or_404(Goal.objects.select_related("area"), pk=goal_id, area__program=program)
        if goal_id
        else None
    )
    area = goal.area if goal else get_object_or_404(Area, pk=area_id, program=program)
    form = GoalForm(
        _posted(request), initial={"text": goal.text} if goal else None, program=program
    )
    saved = _save(
        request,
        program,
        form,
        lambda: services.goal_save(
            area=area,
            text=form.cleaned_data["text"],
            goal=goal,
            amendment=form.amendment(),
            acting_user=request.user,
        ),
    )
    if saved is not None:
        return saved
    heading = _("Change the goal") if goal else _("Add a goal")
    return _change_page(request, program, form, heading=heading, context=area.local_title)


def _target_initial(target: Target) -> dict[str, Any]:
    return {
        "text": target.text,
        "owner": target.owner,
        "owner_body": target.owner_body_id,
        "owner_region": target.owner_region_id,
        "owner_chapter": target.owner_chapter_id,
        "owner_organizations": [o.pk for o in target.owner_organizations.all()],
        "due_on": target.due_on,
        "indicator": target.indicator,
        "source": target.source,
        "source_kind": target.source_kind,
        "source_topic": target.source_topic_id,
        "goal_value": target.goal_value,
    }


@role_required(Role.SECRETARIAT)
@require_http_methods(["GET", "POST"])
def target_change(
    request: SignedInRequest,
    program_id: int,
    goal_id: int | None = None,
    target_id: int | None = None,
) -> HttpResponse:
    """Add a target to a goal, or change what a target says."""
    program = _changeable(request, program_id)
    target = (
        get_object_or_404(
            Target.objects.select_related("goal__area"), pk=target_id, goal__area__program=program
        )
        if target_id
        else None
    )
    goal = (
        target.goal
        if target
        else get_object_or_404(
            Goal.objects.select_related("area"), pk=goal_id, area__program=program
        )
    )
    initial = _target_initial(target) if target else {"due_on": program.ends_on}
    form = TargetForm(_posted(request), initial=initial, program=program, user=request.user)
    saved = _save(
        request,
        program,
        form,
        lambda: services.target_save(
            goal=goal,
            fields=form.target_fields(),
            target=target,
            amendment=form.amendment(),
            acting_user=request.user,
        ),
    )
    if saved is not None:
        return saved
    heading = _("Change the target") if target else _("Add a target")
    return _change_page(request, program, form, heading=heading, context=goal.local_text)
