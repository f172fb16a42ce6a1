"""The treasurer's report (page, PDF, CSV), its freezing for an assembly's agenda item, and
the Beancount file of the whole ledger."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.assemblies.models import Outcome
from alyansa.treasury import selectors, services
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.forms import FreezeForm, PeriodForm
from alyansa.treasury.models import FrozenReport
from alyansa.treasury.report_files import report_csv, report_pdf, section_titles
from alyansa.treasury.reporting import Report, default_period, report_build


def _file(
    report: Report, request: HttpRequest, *, title: str, status: str, name: str
) -> HttpResponse | None:
    """The report as the file asked for (?format=pdf or csv), or None for the page."""
    wanted = request.GET.get("format", "")
    if wanted == "pdf":
        response = HttpResponse(
            report_pdf(report, title=title, status=status), content_type="application/pdf"
        )
    elif wanted == "csv":
        response = HttpResponse(report_csv(report), content_type="text/csv; charset=utf-8")
    else:
        return None
    response["Content-Disposition"] = f'attachment; filename="{name}.{wanted}"'
    response["Cache-Control"] = "no-store"
    return response


def _context(report: Report) -> dict[str, object]:
    titles = section_titles()
    return {
        "report": report,
        "sections": [(titles[name], getattr(report, name), name) for name in titles],
        "totals": report.totals(),
    }


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The report for a period; by default since the last General Assembly."""
    selectors.require_reader(request.user)
    start, end = default_period()
    form = PeriodForm(
        request.GET if "start" in request.GET else None, initial={"start": start, "end": end}
    )
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    built = report_build(start, end)
    title = _("Treasurer's report")
    found = _file(built, request, title=title, status="", name=f"treasurers-report-{start}-{end}")
    if found is not None:
        return found
    is_treasurer = selectors.is_treasurer(request.user)
    return render(
        request,
        "treasury/report.html",
        {
            **_context(built),
            "form": form,
            "freeze_form": FreezeForm(initial={"start": start, "end": end})
            if is_treasurer
            else None,
            "frozen": selectors.frozen_reports()[:20],
            "is_treasurer": is_treasurer,
        },
    )


@require_POST
@role_required(Role.TREASURER)
def report_freeze(request: SignedInRequest) -> HttpResponse:
    form = FreezeForm(request.POST)
    if form.is_valid():
        try:
            frozen = services.report_freeze(
                item=form.cleaned_data["item"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                acting_user=request.user,
            )
        except TreasuryRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The report is put to the agenda item, as it is now."))
            return redirect("treasury:frozen_report", report_id=frozen.pk)
    else:
        messages.error(
            request,
            " ".join(str(error) for error in form.non_field_errors())
            or _("Choose an agenda item and a period."),
        )
    return redirect("treasury:report")


def frozen_status(frozen: FrozenReport) -> str:
    """What the assembly decided on the report, in words."""
    item = frozen.item
    if not item.outcome:
        return _("Put to %(assembly)s, item %(item)s: not yet decided.") % {
            "assembly": item.assembly.title,
            "item": item,
        }
    status = _("%(outcome)s by %(assembly)s, item %(item)s.") % {
        "outcome": Outcome(item.outcome).label,
        "assembly": item.assembly.title,
        "item": item,
    }
    if item.additions:
        status += " " + _("Additions: %(additions)s") % {"additions": item.additions}
    return status


@require_GET
def frozen_report(request: HttpRequest, report_id: int) -> HttpResponse:
    selectors.require_reader(request.user)
    frozen = selectors.frozen_report_get(report_id)
    built = Report.from_content(frozen.content)
    status = frozen_status(frozen)
    title = _("Treasurer's report")
    found = _file(
        built,
        request,
        title=title,
        status=status,
        name=f"treasurers-report-{frozen.item.assembly.slug}-{frozen.pk}",
    )
    if found is not None:
        return found
    superseded = FrozenReport.objects.filter(item=frozen.item, pk__gt=frozen.pk).exists()
    return render(
        request,
        "treasury/frozen_report.html",
        {**_context(built), "frozen": frozen, "status": status, "superseded": superseded},
    )


@require_GET
@role_required(Role.TREASURER)
def export(request: SignedInRequest) -> StreamingHttpResponse:
    """The whole ledger as a Beancount file, for the treasurer."""
    lines = services.ledger_export(acting_user=request.user)
    response = StreamingHttpResponse(
        (line + "\n" for line in lines), content_type="text/plain; charset=utf-8"
    )
    today: datetime.date = timezone.localdate()
    response["Content-Disposition"] = f'attachment; filename="alyansa-ledger-{today}.beancount"'
    response["Cache-Control"] = "no-store"
    return response
