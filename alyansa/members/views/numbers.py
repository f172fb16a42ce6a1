"""The secretariat's numbers: counts, who joined and left, growth."""

from __future__ import annotations

import io

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.core.csv import csv_writer
from alyansa.members import charts
from alyansa.members.forms import CountsForm
from alyansa.members.selectors import growth_series, joined_and_left, member_counts


@require_GET
@role_required(Role.SECRETARIAT, Role.OFFICER)
def statistics(request: SignedInRequest) -> HttpResponse:
    form = CountsForm(request.GET or None)
    on, start, end = form.dates()
    joined, left = joined_and_left(start, end, request.user)
    return render(
        request,
        "members/statistics.html",
        {
            "form": form,
            "counts": member_counts(on),
            "joined": joined,
            "left": left,
            "start": start,
            "end": end,
            "on": on,
            "querystring": request.GET.urlencode(),
        },
    )


@require_GET
@role_required(Role.SECRETARIAT, Role.OFFICER)
def statistics_csv(request: SignedInRequest) -> HttpResponse:
    form = CountsForm(request.GET or None)
    on, start, end = form.dates()
    counts = member_counts(on)
    joined, left = joined_and_left(start, end, request.user)
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(["measure", "group", "value"])
    writer.writerow(["members_on", on.isoformat(), counts.total])
    for category, total in sorted(counts.by_category.items()):
        writer.writerow(["category", category, total])
    for region, total in counts.by_region:
        writer.writerow(["region", region.slug, total])
    for country, total in counts.by_country:
        writer.writerow(["country", country.code, total])
    for movement in joined:
        writer.writerow(["joined", movement.name, movement.date.isoformat()])
    for movement in left:
        writer.writerow([movement.status, movement.name, movement.date.isoformat()])
    for day, total in growth_series(start, end):
        writer.writerow(["growth", day.isoformat(), total])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="members-{on.isoformat()}.csv"'
    return response


@require_GET
@role_required(Role.SECRETARIAT, Role.OFFICER)
def growth_svg(request: SignedInRequest) -> HttpResponse:
    form = CountsForm(request.GET or None)
    _on, start, end = form.dates()
    svg = charts.growth_svg(growth_series(start, end), title=_("Members"))
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
