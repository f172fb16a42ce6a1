"""The secretariat's report on engagements to the assembly: the page, its PDF, and its
attaching to a report item of an assembly's agenda."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from alyansa.engagements import selectors, services
from alyansa.engagements.errors import EngagementRuleError
from alyansa.engagements.forms import ReportAttachForm, ReportPeriodForm
from alyansa.engagements.reporting import Report, default_period, report_build, report_pdf


def _pdf(report: Report, *, name: str, subtitle: str = "") -> HttpResponse:
    data = report_pdf(
        report,
        title=_("Report of the secretariat on engagements"),
        language=get_language() or "en",
        subtitle=subtitle,
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    """The report for a period, by default since the last General Assembly (?format=pdf)."""
    selectors.require_reader(request.user)
    start, end = default_period()
    form = ReportPeriodForm(
        request.GET if "start" in request.GET else None, initial={"start": start, "end": end}
    )
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    built = report_build(start, end)
    if request.GET.get("format") == "pdf":
        return _pdf(built, name=f"engagements-report-{start}-{end}")
    return render(
        request,
        "engagements/report.html",
        {
            "report": built,
            "form": form,
            "attach_form": ReportAttachForm(initial={"start": start, "end": end})
            if selectors.may_manage(request.user)
            else None,
            "attached": selectors.reports()[:20],
        },
    )


@require_POST
def report_attach(request: HttpRequest) -> HttpResponse:
    selectors.require_manager(request.user)
    form = ReportAttachForm(request.POST)
    user: Any = request.user
    if form.is_valid():
        try:
            attached = services.report_attach(
                item=form.cleaned_data["item"],
                start=form.cleaned_data["start"],
                end=form.cleaned_data["end"],
                acting_user=user,
            )
        except EngagementRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The report is attached to the agenda item, as it is now."))
            return redirect("engagements:attached_report", report_id=attached.pk)
    else:
        messages.error(
            request,
            " ".join(str(error) for error in form.non_field_errors())
            or _("Choose an agenda item and a period."),
        )
    return redirect("engagements:report")


@require_GET
def attached_report(request: HttpRequest, report_id: int) -> HttpResponse:
    attached = selectors.report_get_for(request.user, report_id)
    built = Report.from_content(attached.content)
    item = attached.item
    subtitle = _("%(assembly)s, item: %(item)s") % {
        "assembly": item.assembly.title,
        "item": item.title,
    }
    if request.GET.get("format") == "pdf":
        return _pdf(
            built, name=f"engagements-report-{item.assembly.slug}-{attached.pk}", subtitle=subtitle
        )
    return render(
        request,
        "engagements/report.html",
        {"report": built, "attached_to": attached, "subtitle": subtitle},
    )
