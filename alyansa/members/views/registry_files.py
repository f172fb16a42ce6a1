"""The registry as a file: the secretariat's export, and the import with its preview and
report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.core.csv import csv_writer
from alyansa.members import importing
from alyansa.members.exporting import export_csv, export_xlsx
from alyansa.members.forms import ImportForm
from alyansa.members.import_preview import (
    PreviewExpired,
    PreviewSummary,
    Section,
    preview_rows,
    preview_store,
    preview_summary,
)
from alyansa.members.services import MembershipRuleError, organizations_import


@require_GET
@role_required(Role.SECRETARIAT)
def export(request: SignedInRequest) -> HttpResponse:
    """Every organization with its membership, for the secretariat (CSV, or XLSX)."""
    stamp = timezone.localdate().isoformat()
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            export_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="members-{stamp}.xlsx"'
    else:
        response = HttpResponse(export_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="members-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def import_members(request: SignedInRequest) -> HttpResponse:
    """Check a member list; show the preview (kept for a while, see import_preview.py) or, when
    the dry run is off and every row is valid, write it."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = importing.read_rows(upload, upload.name)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            results = importing.check_rows(rows)
            counts = Counter(str(row.action) for row in results)
            if not form.cleaned_data["dry_run"] and not counts[importing.RowAction.ERROR]:
                try:
                    organizations_import(rows=results, acting_user=request.user, source=upload.name)
                except MembershipRuleError as error:
                    messages.error(request, str(error))
                else:
                    messages.success(
                        request,
                        _(
                            "Import done: %(created)d organizations created, %(updated)d "
                            "updated, %(unchanged)d unchanged."
                        )
                        % {
                            "created": counts[importing.RowAction.CREATE],
                            "updated": counts[importing.RowAction.UPDATE],
                            "unchanged": counts[importing.RowAction.UNCHANGED],
                        },
                    )
                    return redirect("members:directory")
            elif not form.cleaned_data["dry_run"]:
                messages.error(request, _("Some rows have errors: nothing was written."))
            summary = preview_store(results=results, user=request.user, filename=upload.name)
            return redirect("members:import_preview", token=summary.token)
    return render(request, "members/import.html", {"form": form})


PREVIEW_PAGE = 100
PREVIEW_ERRORS_PAGE = 1000


def _preview_or_expired(request: SignedInRequest, token: str) -> PreviewSummary | None:
    summary = preview_summary(token=token, user=request.user)
    if summary is None:
        messages.error(request, _("This preview has expired. Check the file again."))
    return summary


@require_GET
@role_required(Role.SECRETARIAT)
def import_preview(request: SignedInRequest, token: str) -> HttpResponse:
    """What a checked file would do: totals, every error, and the valid rows page by page."""
    summary = _preview_or_expired(request, token)
    if summary is None:
        return redirect("members:import")
    valid = [
        importing.RowAction.UPDATE,
        importing.RowAction.CREATE,
        importing.RowAction.UNCHANGED,
    ]
    show = request.GET.get("show", "")
    if show not in valid:
        show = next((str(a) for a in valid if summary.count(a)), str(importing.RowAction.CREATE))
    try:
        errors = Paginator(
            Section(summary, request.user, str(importing.RowAction.ERROR)), PREVIEW_ERRORS_PAGE
        ).get_page(request.GET.get("errors"))
        rows = Paginator(Section(summary, request.user, show), PREVIEW_PAGE).get_page(
            request.GET.get("page")
        )
    except PreviewExpired:
        messages.error(request, _("This preview has expired. Check the file again."))
        return redirect("members:import")
    return render(
        request,
        "members/import_preview.html",
        {
            "summary": summary,
            "totals": [(str(a), a.label, summary.count(a)) for a in importing.RowAction],
            "tabs": [(str(a), a.label, summary.count(a)) for a in valid],
            "show": show,
            "errors": errors,
            "rows": rows,
            "form": ImportForm(),
        },
    )


class _Echo:
    """A file-like object for a CSV writer that hands each line back (to stream it)."""

    def write(self, value: str) -> str:
        return value


@require_GET
@role_required(Role.SECRETARIAT)
def import_report(request: SignedInRequest, token: str) -> HttpResponseBase:
    """Every row of a checked file, in the file's order, with its action, changes and errors
    (CSV, streamed a chunk at a time)."""
    summary = _preview_or_expired(request, token)
    if summary is None:
        return redirect("members:import")
    writer = csv_writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(["line", "name", "action", "changes", "errors"])
        for row in preview_rows(summary=summary, user=request.user):
            errors = "; ".join(f"{column}: {message}" for column, message in row.errors)
            yield writer.writerow(
                [str(row.line), row.name, row.action, ";".join(row.changes), errors]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-report-{token}.csv"'
    response["Cache-Control"] = "no-store"
    return response
