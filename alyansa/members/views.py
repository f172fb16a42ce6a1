"""Pages of the member registry. Views read through selectors and write through services."""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.models import User
from alyansa.accounts.permissions import has_any_role, is_secretariat, role_required, scopes_of
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.core.csv import csv_writer
from alyansa.members import charts, importing
from alyansa.members.exporting import export_csv, export_xlsx
from alyansa.members.forms import (
    ApplicationForm,
    ChapterDetailsForm,
    ChapterForm,
    CoordinatorForm,
    CountsForm,
    DecisionForm,
    DirectoryForm,
    ImportForm,
    MembershipStepForm,
    PersonForm,
    ProfileForm,
)
from alyansa.members.import_preview import (
    PreviewExpired,
    PreviewSummary,
    Section,
    preview_rows,
    preview_store,
    preview_summary,
)
from alyansa.members.models import (
    Application,
    Country,
    Language,
    MembershipStatus,
    Organization,
    Region,
    Sector,
)
from alyansa.members.selectors import (
    DirectoryFilters,
    can_manage,
    chapter_public,
    chapters_public,
    coordinators_of,
    growth_series,
    joined_and_left,
    member_counts,
    membership_history,
    nationalities_reach,
    organization_get_for,
    organization_public,
    organizations_coordinated_by,
    people_of,
    person_get_for,
)
from alyansa.members.selectors import (
    directory as directory_query,
)
from alyansa.members.selectors import (
    review_queue as review_queue_query,
)
from alyansa.members.services import (
    MembershipRuleError,
    application_confirm,
    application_submit,
    chapter_create,
    chapter_set_organizations,
    chapter_update,
    coordinator_appoint,
    coordinator_remove,
    membership_admit,
    membership_category_change,
    membership_decline,
    membership_record,
    organization_update,
    organizations_import,
    person_create,
    person_erase,
    person_export,
)
from alyansa.members.throttle import application_rate_limited

PAGE_SIZE = 50


def _directory_choices() -> dict[str, list[object]]:
    """Only the values the listed members show: short lists, and no hint of hidden members."""
    listed = Organization.objects.listed()
    return {
        "region": list(Region.objects.filter(organizations__in=listed).distinct()),
        "country": list(Country.objects.filter(organizations__in=listed).distinct()),
        "sector": list(Sector.objects.filter(organizations__in=listed).distinct()),
        "nationality": list(Country.objects.filter(organizations_reaching__in=listed).distinct()),
        "language": list(Language.objects.filter(organizations__in=listed).distinct()),
    }


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryForm(request.GET or None, choices=_directory_choices())
    filters = DirectoryFilters()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = DirectoryFilters(
            region=data["region"],
            country=data["country"],
            sector=data["sector"],
            nationality=data["nationality"],
            language=data["language"],
            query=data["q"],
        )
    page = Paginator(directory_query(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    user = request.user
    return render(
        request,
        "members/directory.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "staff_links": is_secretariat(user),
            "numbers_link": has_any_role(user, [Role.SECRETARIAT, Role.OFFICER]),
            "coordinates": bool(scopes_of(user, Role.COORDINATOR)),
        },
    )


@require_GET
def nationalities(request: HttpRequest) -> HttpResponse:
    return render(request, "members/nationalities.html", {"reach": nationalities_reach()})


@require_GET
def organization(request: HttpRequest, slug: str) -> HttpResponse:
    org = organization_public(slug, request.user)
    return render(
        request,
        "members/organization.html",
        {
            "org": org,
            "can_manage": can_manage(request.user, org),
        },
    )


@require_GET
@login_required
def mine(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "members/mine.html",
        {
            "organizations": organizations_coordinated_by(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def organization_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    org = organization_get_for(request.user, slug)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(org))
    if request.method == "POST" and form.is_valid():
        try:
            organization_update(organization=org, changes=form.changes(), acting_user=request.user)
        except MembershipRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The profile was saved."))
            return redirect("members:organization_manage", slug=org.slug)
    return render(request, "members/organization_edit.html", {"org": org, "form": form})


@require_GET
@login_required
def organization_manage(request: SignedInRequest, slug: str) -> HttpResponse:
    """The organization's private page: its membership history and its people (and, for the
    secretariat, its coordinators)."""
    org = organization_get_for(request.user, slug)
    secretariat = is_secretariat(request.user)
    return render(
        request,
        "members/organization_manage.html",
        {
            "org": org,
            "history": membership_history(org),
            "people": people_of(request.user, org),
            "person_form": PersonForm(),
            "step_form": MembershipStepForm(initial={"date": timezone.localdate()})
            if secretariat
            else None,
            "coordinators": coordinators_of(request.user, org) if secretariat else None,
            "coordinator_form": CoordinatorForm() if secretariat else None,
        },
    )


@require_POST
@role_required(Role.SECRETARIAT)
def coordinator_add(request: SignedInRequest, slug: str) -> HttpResponse:
    """The secretariat makes someone an organization's coordinator (an imported organization
    has none until then); they get an e-mail with a link to sign in."""
    org = organization_get_for(request.user, slug)
    form = CoordinatorForm(request.POST)
    if form.is_valid():
        try:
            coordinator_appoint(
                organization=org,
                email=form.cleaned_data["email"],
                display_name=form.cleaned_data["display_name"],
                acting_user=request.user,
            )
        except MembershipRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("The coordinator was appointed and told by e-mail how to sign in.")
            )
    else:
        messages.error(request, _("Give a name and an e-mail address."))
    return redirect("members:organization_manage", slug=org.slug)


@require_POST
@role_required(Role.SECRETARIAT)
def coordinator_remove_view(request: SignedInRequest, slug: str, user_id: int) -> HttpResponse:
    org = organization_get_for(request.user, slug)
    account = get_object_or_404(User, pk=user_id)
    try:
        coordinator_remove(organization=org, user=account, acting_user=request.user)
    except MembershipRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The account no longer coordinates the organization."))
    return redirect("members:organization_manage", slug=org.slug)


@require_POST
@role_required(Role.SECRETARIAT)
def membership_step(request: SignedInRequest, slug: str) -> HttpResponse:
    org = organization_get_for(request.user, slug)
    form = MembershipStepForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["status"] == "category":
                membership_category_change(
                    organization=org,
                    category=data["category"] or "",
                    date=data["date"],
                    decided_by=data["decided_by"],
                    note=data["note"],
                    acting_user=request.user,
                )
            else:
                membership_record(
                    organization=org,
                    status=MembershipStatus(data["status"]),
                    date=data["date"],
                    decided_by=data["decided_by"],
                    note=data["note"],
                    category=data["category"] or None,
                    acting_user=request.user,
                )
        except MembershipRuleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The step was recorded."))
    else:
        messages.error(request, _("Give the step, the date and who decided it."))
    return redirect("members:organization_manage", slug=org.slug)


@require_POST
@login_required
def person_add(request: SignedInRequest, slug: str) -> HttpResponse:
    org = organization_get_for(request.user, slug)
    form = PersonForm(request.POST)
    if form.is_valid():
        person_create(
            display_name=form.cleaned_data["display_name"],
            organization=org,
            contact=form.cleaned_data["contact"],
            acting_user=request.user,
        )
        messages.success(request, _("The person was added."))
    else:
        messages.error(request, _("Give at least a display name."))
    return redirect("members:organization_manage", slug=org.slug)


@require_GET
@login_required
def person_download(request: SignedInRequest, person_id: int) -> HttpResponse:
    person = person_get_for(request.user, person_id)
    response = HttpResponse(
        json.dumps(person_export(person=person), indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="person-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def person_erase_view(request: SignedInRequest, person_id: int) -> HttpResponse:
    person = person_get_for(request.user, person_id)
    organization = person.organization
    person_erase(person=person, acting_user=request.user)
    messages.success(request, _("The person's name and contact were erased."))
    if organization is not None:
        return redirect("members:organization_manage", slug=organization.slug)
    return redirect("members:directory")


# ---------------------------------------------------------------------------------------------
# Admission


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and application_rate_limited():
        form.add_error(None, _("Too many applications from your network. Try again in an hour."))
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application_submit(
                profile=form.profile(),
                contact_name=data["contact_name"],
                contact_email=data["contact_email"],
                category=data["category"],
                motivation=data["motivation"],
            )
        except MembershipRuleError as error:
            form.add_error(None, str(error))
        else:
            return redirect("members:apply_sent")
    return render(request, "members/apply.html", {"form": form})


@require_GET
def apply_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "members/apply_sent.html")


@require_http_methods(["GET", "POST"])
def apply_confirm(request: HttpRequest, secret: str) -> HttpResponse:
    """GET shows a button; POST confirms (mail scanners that open links confirm nothing)."""
    if request.method == "POST":
        application = application_confirm(secret=secret)
        if application is None:
            raise Http404
        return render(request, "members/apply_confirmed.html", {"application": application})
    return render(request, "members/apply_confirm.html")


@require_GET
@role_required(Role.SECRETARIAT)
def review_queue(request: SignedInRequest) -> HttpResponse:
    return render(
        request,
        "members/review_queue.html",
        {
            "applications": review_queue_query(),
            "form": DecisionForm(),
        },
    )


@require_POST
@role_required(Role.SECRETARIAT)
def application_decide(request: SignedInRequest, application_id: int) -> HttpResponse:
    application = get_object_or_404(
        Application.objects.select_related("organization"), pk=application_id
    )
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision, say who decided it and when."))
        return redirect("members:review_queue")
    data = form.cleaned_data
    step = membership_admit if data["decision"] == "admit" else membership_decline
    try:
        step(
            organization=application.organization,
            decided_by=data["decided_by"],
            date=data["date"],
            note=data["note"],
            acting_user=request.user,
        )
    except MembershipRuleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The decision was recorded."))
    return redirect("members:review_queue")


# ---------------------------------------------------------------------------------------------
# The secretariat's numbers


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


# ---------------------------------------------------------------------------------------------
# Chapters


@require_GET
def chapters(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "members/chapters.html",
        {
            "chapters": chapters_public(),
            "may_manage": is_secretariat(request.user),
        },
    )


@require_GET
def chapter(request: HttpRequest, slug: str) -> HttpResponse:
    group = chapter_public(slug)
    members = group.organizations.listed().select_related("country").order_by("name")
    return render(
        request,
        "members/chapter.html",
        {
            "chapter": group,
            "members": members,
            "former_names": group.former_names.all(),
            "may_manage": is_secretariat(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def chapter_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    """The secretariat renames a chapter or changes its details; the old name is kept."""
    group = chapter_public(slug)
    form = ChapterDetailsForm(request.POST or None, initial=ChapterDetailsForm.initial_for(group))
    if request.method == "POST" and form.is_valid():
        try:
            chapter_update(
                chapter=group,
                changes=form.changes(),
                renamed_on=form.cleaned_data["renamed_on"],
                acting_user=request.user,
            )
        except MembershipRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The chapter was saved."))
            return redirect("members:chapter", slug=group.slug)
    return render(
        request,
        "members/chapter_edit.html",
        {"form": form, "chapter": group, "former_names": group.former_names.all()},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def chapter_new(request: SignedInRequest) -> HttpResponse:
    """The secretariat forms a chapter or regional coordinating body from member organizations."""
    form = ChapterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            group = chapter_create(
                name=data["name"],
                acronym=data["acronym"],
                kind=data["kind"],
                region=data["region"],
                country=data["country"],
                email=data["email"],
                organizations=data["organizations"],
                acting_user=request.user,
            )
        except MembershipRuleError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The chapter was created."))
            return redirect("members:chapter", slug=group.slug)
    return render(request, "members/chapter_form.html", {"form": form, "chapter": None})


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def chapter_members(request: SignedInRequest, slug: str) -> HttpResponse:
    group = chapter_public(slug)
    form = ChapterForm(
        request.POST or None,
        initial={
            "name": group.name,
            "acronym": group.acronym,
            "kind": group.kind,
            "region": group.region,
            "country": group.country,
            "email": group.email,
            "organizations": list(group.organizations.all()),
        },
    )
    # Only the member list changes here; the other fields are shown for context.
    for name, field in form.fields.items():
        if name != "organizations":
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        chapter_set_organizations(
            chapter=group,
            organizations=form.cleaned_data["organizations"],
            acting_user=request.user,
        )
        messages.success(request, _("The chapter's members were saved."))
        return redirect("members:chapter", slug=group.slug)
    return render(request, "members/chapter_form.html", {"form": form, "chapter": group})
