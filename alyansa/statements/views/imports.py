"""Importing an old site's statements from the web: upload, check, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.statements import selectors, services, uploads
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.forms import ImportForm
from alyansa.statements.models import ImportJob, ImportProblem
from alyansa.statements.views.common import show_beside


@csrf_exempt  # checked below: the upload handler must be set before anything reads the body
@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def import_start(request: SignedInRequest) -> HttpResponse:
    """Upload a WordPress export or Markdown files; they are checked in the background."""
    handler = uploads.DataFolderUploadHandler(request)
    if request.method == "POST":
        # Straight to disk under the data folder, whatever its size, and no further than the
        # limit: a large export never sits in memory.
        request.upload_handlers = [handler]
    return _import_start(request, handler)


@csrf_protect
def _import_start(
    request: SignedInRequest, handler: uploads.DataFolderUploadHandler
) -> HttpResponse:
    form = ImportForm(
        request.POST or None,
        request.FILES or None,
        initial={"default_language": get_language()},
        max_mb=uploads.MAX_UPLOAD_MB,
    )
    if request.method == "POST":
        if handler.too_large:
            form.is_valid()
            form.errors.pop("files", None)
            form.add_error(
                "files",
                _("The upload is larger than %(size)d MB.") % {"size": uploads.MAX_UPLOAD_MB},
            )
        elif form.is_valid():
            try:
                job = services.import_job_create(
                    acting_user=request.user,
                    files=form.cleaned_data["files"],
                    default_language=form.cleaned_data["default_language"],
                    language=get_language() or "en",
                )
            except StatementRuleError as refusal:
                show_beside(form, refusal)
            else:
                return redirect("statements:import_job", job_id=job.pk)
    jobs = Paginator(selectors.import_jobs_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "statements/import.html", {"form": form, "page": jobs})


@require_GET
@role_required(Role.SECRETARIAT)
def import_job(request: SignedInRequest, job_id: int) -> HttpResponse:
    """An upload: being checked, the check's report (to confirm), the import and its outcome."""
    job = selectors.import_job_get_for(request.user, job_id)
    phase = ImportProblem.Phase.RUN if job.confirmed_at else ImportProblem.Phase.CHECK
    check_problems = Paginator(job.problems.filter(phase=ImportProblem.Phase.CHECK), 100)
    run_problems = Paginator(job.problems.filter(phase=ImportProblem.Phase.RUN), 100)
    number = request.GET.get("page")
    Status = ImportJob.Status
    return render(
        request,
        "statements/import_job.html",
        {
            "job": job,
            "report": job.check_report,
            "check_problems": check_problems.get_page(
                number if phase == ImportProblem.Phase.CHECK else 1
            ),
            "run_problems": run_problems.get_page(number) if job.confirmed_at else None,
            "stalled": job.is_stalled(),
            "refresh": job.is_running and not job.is_stalled(),
            "may_confirm": job.status == Status.CHECKED,
            "may_resume": job.status == Status.FAILED or job.is_stalled(),
            "may_discard": job.status in (Status.CHECKING, Status.CHECKED, Status.FAILED)
            or (job.status == Status.IMPORTING and job.is_stalled()),
        },
    )


def _import_step(request: SignedInRequest, job_id: int, step: str) -> HttpResponse:
    job = selectors.import_job_get_for(request.user, job_id)
    try:
        if step == "confirm":
            services.import_job_confirm(job=job, acting_user=request.user)
            messages.success(request, _("The import has started."))
        elif step == "resume":
            services.import_job_resume(job=job, acting_user=request.user)
            messages.success(request, _("Started again."))
        else:
            services.import_job_discard(job=job, acting_user=request.user)
            messages.success(request, _("Discarded: the uploaded file is deleted."))
    except StatementRuleError as refusal:
        messages.error(request, str(refusal))
    return redirect("statements:import_job", job_id=job.pk)


@require_POST
@role_required(Role.SECRETARIAT)
def import_confirm(request: SignedInRequest, job_id: int) -> HttpResponse:
    return _import_step(request, job_id, "confirm")


@require_POST
@role_required(Role.SECRETARIAT)
def import_resume(request: SignedInRequest, job_id: int) -> HttpResponse:
    return _import_step(request, job_id, "resume")


@require_POST
@role_required(Role.SECRETARIAT)
def import_discard(request: SignedInRequest, job_id: int) -> HttpResponse:
    return _import_step(request, job_id, "discard")
