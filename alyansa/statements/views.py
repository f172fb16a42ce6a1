"""Statement pages: the public archive and statement pages, sign-on, and the staff workspace.

Views only read the request, call a selector or a service, and render.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import has_role, role_required
from alyansa.accounts.roles import Role
from alyansa.core.bounds import param_id
from alyansa.core.ratelimit import rate_limited
from alyansa.core.request_context import client_ip
from alyansa.members import public
from alyansa.members.selectors import organizations_coordinated_by
from alyansa.statements import selectors, services, uploads
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.forms import (
    EndorsementForm,
    ImageForm,
    ImportForm,
    NamedForm,
    NoteForm,
    OccasionForm,
    PublishForm,
    StatementCreateForm,
    StatementDetailsForm,
    TopicForm,
    TranslationForm,
)
from alyansa.statements.models import (
    ImportJob,
    ImportProblem,
    LegacyRedirect,
    Occasion,
    Statement,
    Topic,
)

STAFF = (Role.SECRETARIAT, Role.OFFICER)


def _show_beside(form: BaseForm, refusal: StatementRuleError) -> None:
    """A service's refusal shown with the form: each reason beside the field it concerns, or
    above the form when it concerns the whole change."""
    for field, reason in refusal.reasons.items():
        form.add_error(field or None, reason)


# --- public ---------------------------------------------------------------------------------


@require_GET
def archive(request: HttpRequest) -> HttpResponse:
    filters = selectors.ArchiveFilters.from_params(request.GET)
    page = selectors.ArchivePaginator(filters).get_page(request.GET.get("page"))
    language = get_language() or "en"
    rows = []
    for statement in page:
        translation, source = selectors.pick_translation(
            statement, filters.language or language, list(statement.translations.all())
        )
        rows.append((statement, translation or source, statement.translations.all()))
    query = filters.as_query()
    return render(
        request,
        "statements/archive.html",
        {
            "page": page,
            "cap": selectors.SEARCH_COUNT_CAP,
            "rows": rows,
            "filters": filters,
            "query_string": urlencode(query),
            "feed_query": urlencode(
                {k: v for k, v in query.items() if k in ("language", "topic", "issuer", "occasion")}
            ),
            "facets": selectors.archive_facets(),
            "topics": selectors.names_sorted(Topic),
            "occasions": selectors.names_sorted(Occasion),
        },
    )


def _statement_response(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    page = selectors.statement_page(request.user, slug, language)
    return render(
        request,
        "statements/detail.html",
        {
            "p": page,
            "page_url": request.build_absolute_uri(page.translation.get_absolute_url()),
            "endorse_form": EndorsementForm() if page.can_endorse else None,
        },
    )


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    return _statement_response(request, slug, get_language() or "en")


@require_GET
def detail_language(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    return _statement_response(request, slug, language)


@require_GET
def endorsers(request: HttpRequest, slug: str) -> HttpResponse:
    statement, endorsements, unnamed = selectors.statement_endorsers(request.user, slug)
    page = Paginator(endorsements, 200).get_page(request.GET.get("page"))
    translation, source = selectors.pick_translation(statement, get_language() or "en")
    return render(
        request,
        "statements/endorsers.html",
        {
            "statement": statement,
            "translation": translation or source,
            "page": page,
            "unnamed": public.unnamed_label(unnamed),
        },
    )


@require_http_methods(["GET", "POST"])
def endorse(request: HttpRequest, slug: str) -> HttpResponse:
    statement = selectors.statement_get_for(request.user, slug)
    form = EndorsementForm(request.POST or None)
    if request.method == "POST":
        ip = client_ip(request) or "unknown"
        if form.is_bot():
            # Say the same as for a real submission: the bot learns nothing.
            return render(request, "statements/endorse_sent.html", {"statement": statement})
        if rate_limited("endorse", ip, limit=10, seconds=600):
            return render(
                request,
                "statements/endorse.html",
                {
                    "statement": statement,
                    "form": form,
                    "error": _(
                        "Too many endorsements from your network. Try again in a few minutes."
                    ),
                },
                status=429,
            )
        if form.is_valid():
            if rate_limited(
                "endorse-mail", form.cleaned_data["email"].lower(), limit=3, seconds=3600
            ):
                return render(
                    request,
                    "statements/endorse.html",
                    {
                        "statement": statement,
                        "form": form,
                        "error": _("Too many requests for this address. Try again later."),
                    },
                    status=429,
                )
            try:
                services.endorsement_submit(
                    statement=statement,
                    organization_name=form.cleaned_data["organization_name"],
                    email=form.cleaned_data["email"],
                    country=form.cleaned_data["country"],
                    kind=form.cleaned_data["kind"],
                    language=get_language() or "en",
                )
            except StatementRuleError as refusal:
                _show_beside(form, refusal)
            else:
                return render(request, "statements/endorse_sent.html", {"statement": statement})
    if not statement.open_for_endorsement:
        raise Http404
    return render(
        request,
        "statements/endorse.html",
        {
            "statement": statement,
            "form": form,
            "coordinated": organizations_coordinated_by(request.user),
        },
    )


@require_POST
@login_required
def endorse_member(request: HttpRequest, slug: str) -> HttpResponse:
    """A signed-in coordinator endorses in the organization's name (the only way an at-risk
    member endorses: it is then counted, never named)."""
    statement = selectors.statement_get_for(request.user, slug)
    organization = (
        organizations_coordinated_by(request.user)
        .filter(pk=param_id(request.POST, "organization") or 0)
        .first()
    )
    if organization is None:
        raise Http404
    try:
        services.endorsement_by_coordinator(
            statement=statement, organization=organization, acting_user=request.user
        )
    except StatementRuleError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Your organization's endorsement is recorded."))
    return redirect(reverse("statements:endorse", args=[statement.slug]))


@require_http_methods(["GET", "POST"])
def endorse_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows a button; only the POST confirms (mail scanners follow links, people press)."""
    if request.method == "POST":
        endorsement = services.endorsement_confirm(token=token)
        if endorsement is None:
            raise Http404
        return render(request, "statements/endorse_confirmed.html", {"endorsement": endorsement})
    return render(request, "statements/endorse_confirm.html", {"token": token})


def legacy_redirect(request: HttpRequest, path: str) -> HttpResponse:
    """Old addresses from an imported site; everything else is a plain 404."""
    full = "/" + path
    target = (
        LegacyRedirect.objects.filter(old_path__in=[full, full.rstrip("/"), full.rstrip("/") + "/"])
        .select_related("translation__statement")
        .first()
    )
    if target is not None:
        return HttpResponseRedirect(target.translation.get_absolute_url(), status=301)
    if not full.endswith("/"):
        # This catch-all hides APPEND_SLASH from CommonMiddleware: do its work here.
        try:
            match = resolve(full + "/")
        except Resolver404:
            match = None
        if match is not None and match.func is not legacy_redirect:
            query = request.META.get("QUERY_STRING", "")
            return HttpResponseRedirect(full + "/" + (f"?{query}" if query else ""), status=301)
    raise Http404


# --- staff workspace --------------------------------------------------------------------------


@require_GET
@role_required(*STAFF)
def manage(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    statements = selectors.statements_for_staff(request.user, status)
    page = Paginator(statements, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "statements/manage.html",
        {
            "page": page,
            "status": status,
            "statuses": Statement.Status.choices,
            "may_edit": has_role(request.user, Role.SECRETARIAT),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def create(request: HttpRequest) -> HttpResponse:
    form = StatementCreateForm(request.POST or None, initial={"source_language": get_language()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            statement = services.statement_create(
                acting_user=request.user,
                slug=data["slug"],
                source_language=data["source_language"],
                title=data["title"],
                subtitle=data["subtitle"],
                body=data["body"],
                demands=form.demand_list(),
                issued_on=data["issued_on"],
                place=data["place"],
                issuer_kind=data["issuer_kind"],
                issuer_name=data["issuer_name"],
                issuer_chapter=data["issuer_chapter"],
                issuer_organizations=data["issuer_organizations"],
                contact=data["contact"],
                occasion=data["occasion"],
                topics=data["topics"],
                campaign=data["campaign"],
                open_for_endorsement=data["open_for_endorsement"],
                signatories=form.signatory_list(),
            )
        except StatementRuleError as refusal:
            _show_beside(form, refusal)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("statements:workflow", slug=statement.slug)
    return render(request, "statements/create.html", {"form": form})


@require_GET
@role_required(*STAFF)
def workflow(request: HttpRequest, slug: str) -> HttpResponse:
    statement = selectors.statement_get_for_edit(request.user, slug)
    translations = list(statement.translations.all())
    _shown, source = selectors.pick_translation(statement, statement.source_language, translations)
    return render(
        request,
        "statements/workflow.html",
        {
            "statement": statement,
            "translations": translations,
            "source": source,
            "publish_form": PublishForm(),
            "note_form": NoteForm(),
            "image_form": ImageForm(),
            "add_languages": settings.LANGUAGES,
            "topics": list(statement.topics.all()),
            "may_edit": has_role(request.user, Role.SECRETARIAT),
            "may_approve": has_role(request.user, Role.OFFICER),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def edit(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    statement, translation = selectors.translation_get_for_edit(request.user, slug, language)
    initial = {}
    if translation is not None:
        initial = {
            "title": translation.title,
            "subtitle": translation.subtitle,
            "body": translation.body,
            "demands": "\n".join(translation.demands),
        }
    form = TranslationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.statement_translation_save(
                statement=statement,
                language=language,
                acting_user=request.user,
                title=data["title"],
                subtitle=data["subtitle"],
                body=data["body"],
                demands=form.demand_list(),
                up_to_date=data["up_to_date"],
                correction_note=data["correction_note"],
            )
        except StatementRuleError as refusal:
            _show_beside(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("statements:workflow", slug=statement.slug)
    return render(
        request,
        "statements/edit.html",
        {"statement": statement, "translation": translation, "language": language, "form": form},
    )


def _transition(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    statement = selectors.statement_get_for_edit(request.user, slug)
    try:
        if action == "submit":
            services.statement_submit(statement=statement, acting_user=request.user)
        elif action == "approve":
            services.statement_approve(statement=statement, acting_user=request.user)
        elif action == "return":
            services.statement_return_to_draft(
                statement=statement, acting_user=request.user, note=request.POST.get("note", "")
            )
        elif action == "publish":
            form = PublishForm(request.POST)
            at = form.cleaned_data["at"] if form.is_valid() else None
            if at is not None and timezone.is_naive(at):
                at = timezone.make_aware(at)
            services.statement_publish(statement=statement, acting_user=request.user, at=at)
        elif action == "withdraw":
            services.statement_withdraw(
                statement=statement, acting_user=request.user, note=request.POST.get("note", "")
            )
    except StatementRuleError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("Done."))
    return redirect("statements:workflow", slug=statement.slug)


@require_POST
@role_required(Role.SECRETARIAT)
def submit(request: HttpRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "submit")


@require_POST
@role_required(Role.OFFICER)
def approve(request: HttpRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "approve")


@require_POST
@role_required(Role.OFFICER)
def return_to_draft(request: HttpRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "return")


@require_POST
@role_required(*STAFF)
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "publish")


@require_POST
@role_required(*STAFF)
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "withdraw")


@require_GET
@role_required(*STAFF)
def versions(request: HttpRequest, slug: str, language: str) -> HttpResponse:
    statement, translation, versions = selectors.versions_for(request.user, slug, language)
    diff = []
    old, new = request.GET.get("old", ""), request.GET.get("new", "")
    by_number = {str(v.number): v for v in versions}
    if old in by_number and new in by_number:
        diff = selectors.version_diff(by_number[old], by_number[new])
    elif len(versions) >= 2:
        old, new = str(versions[1].number), str(versions[0].number)
        diff = selectors.version_diff(versions[1], versions[0])
    return render(
        request,
        "statements/versions.html",
        {
            "statement": statement,
            "translation": translation,
            "versions": versions,
            "diff": diff,
            "old": old,
            "new": new,
        },
    )


@require_POST
@role_required(Role.SECRETARIAT)
def image_upload(request: HttpRequest, slug: str) -> HttpResponse:
    statement = selectors.statement_get_for_edit(request.user, slug)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            image = services.statement_image_upload(
                data=form.cleaned_data["image"].read(),
                alt=form.cleaned_data["alt"],
                acting_user=request.user,
                statement=statement,
            )
        except StatementRuleError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                _("Uploaded. Put this in the text: %(snippet)s")
                % {"snippet": f"![{image.alt}]({image.image.url})"},
            )
    else:
        messages.error(request, _("Choose a picture and describe it."))
    return redirect("statements:workflow", slug=statement.slug)


@require_GET
@role_required(Role.SECRETARIAT)
def moderation(request: HttpRequest) -> HttpResponse:
    queue = selectors.endorsements_awaiting_moderation(request.user)
    page = Paginator(queue, 100).get_page(request.GET.get("page"))
    words = public.unnameable_words()
    for endorsement in page:
        endorsement.unnameable = services.endorsement_names_unnameable(endorsement, words)  # type: ignore[attr-defined]
    return render(
        request,
        "statements/moderation.html",
        {"page": page, "unnameable_note": services.UNNAMEABLE_ENDORSEMENT},
    )


@require_POST
@role_required(Role.SECRETARIAT)
def moderate(request: HttpRequest, endorsement_id: int) -> HttpResponse:
    endorsement = selectors.endorsement_get_for_moderation(request.user, endorsement_id)
    try:
        services.endorsement_moderate(
            endorsement=endorsement,
            acting_user=request.user,
            approve=request.POST.get("decision") == "approve",
        )
    except StatementRuleError as refusal:
        messages.error(request, str(refusal))
    return redirect(reverse("statements:moderation"))


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def details(request: HttpRequest, slug: str) -> HttpResponse:
    """Everything around the text: date and place, issuer, signatories, reference, topics..."""
    statement = selectors.statement_get_for_edit(request.user, slug)
    form = StatementDetailsForm(request.POST or None, statement=statement)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.statement_update(
                statement=statement,
                acting_user=request.user,
                issued_on=data["issued_on"],
                place=data["place"],
                issuer_kind=data["issuer_kind"],
                issuer_name=data["issuer_name"],
                issuer_chapter=data["issuer_chapter"],
                issuer_organizations=data["issuer_organizations"],
                signatories=form.signatory_list(),
                contact=data["contact"],
                occasion=data["occasion"],
                topics=data["topics"],
                campaign=data["campaign"],
                open_for_endorsement=data["open_for_endorsement"],
                correction_note=data.get("correction_note", ""),
            )
        except StatementRuleError as refusal:
            _show_beside(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("statements:workflow", slug=statement.slug)
    return render(request, "statements/details.html", {"statement": statement, "form": form})


# --- topics and occasions -------------------------------------------------------------------


# The words that differ between the topics pages and the occasions pages, by page kind.
NAMED_TEXTS = {
    "title": {"topics": gettext_lazy("Topics"), "occasions": gettext_lazy("Occasions")},
    "intro": {
        "topics": gettext_lazy(
            "Readers see a topic's name in their language, or its default name when it has "
            "none in theirs."
        ),
        "occasions": gettext_lazy(
            "The days the alliance speaks on. Readers see an occasion's name in their "
            "language, or its default name when it has none in theirs."
        ),
    },
    "empty": {
        "topics": gettext_lazy("No topics yet."),
        "occasions": gettext_lazy("No occasions yet."),
    },
    "new": {"topics": gettext_lazy("New topic"), "occasions": gettext_lazy("New occasion")},
    "add": {"topics": gettext_lazy("Add the topic"), "occasions": gettext_lazy("Add the occasion")},
    "saved": {
        "topics": gettext_lazy("The topic “%(name)s” is saved."),
        "occasions": gettext_lazy("The occasion “%(name)s” is saved."),
    },
    "one": {"topics": gettext_lazy("Topic"), "occasions": gettext_lazy("Occasion")},
    "heading": {
        "topics": gettext_lazy("Topic: %(name)s"),
        "occasions": gettext_lazy("Occasion: %(name)s"),
    },
    "back": {
        "topics": gettext_lazy("Back to the topics"),
        "occasions": gettext_lazy("Back to the occasions"),
    },
}


@dataclass(frozen=True)
class NamedPages:
    """What differs between the topics pages and the occasions pages (the rest is shared):
    `kind` is also the start of their URL names (statements:topics, statements:topic_edit)."""

    kind: str
    model: type[Topic | Occasion]
    form: type[NamedForm]
    create: Callable[..., Topic | Occasion]
    update: Callable[..., Topic | Occasion]

    @property
    def texts(self) -> dict[str, Any]:
        return {key: by_kind[self.kind] for key, by_kind in NAMED_TEXTS.items()}

    @property
    def list_url(self) -> str:
        return f"statements:{self.kind}"

    @property
    def edit_url(self) -> str:
        return f"statements:{self.kind.removesuffix('s')}_edit"


# urls.py names the kind of each page.
NAMED_PAGES = {
    "topics": NamedPages(
        "topics",
        Topic,
        TopicForm,
        services.topic_create,
        lambda named, **kwargs: services.topic_update(topic=named, **kwargs),
    ),
    "occasions": NamedPages(
        "occasions",
        Occasion,
        OccasionForm,
        services.occasion_create,
        lambda named, **kwargs: services.occasion_update(occasion=named, **kwargs),
    ),
}


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def named_list(request: HttpRequest, kind: str) -> HttpResponse:
    """Every topic (or occasion) with its names and number of statements; a form for a new
    one."""
    pages = NAMED_PAGES[kind]
    named_list = selectors.named_for_staff(request.user, pages.model)
    form = pages.form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            named = pages.create(
                slug=form.cleaned_data["slug"],
                name=form.cleaned_data["name"],
                names=form.names(),
                acting_user=request.user,
            )
        except StatementRuleError as refusal:
            _show_beside(form, refusal)
        else:
            messages.success(request, pages.texts["saved"] % {"name": named.name})
            return redirect(pages.list_url)
    return render(
        request,
        "statements/named_list.html",
        {"named_list": named_list, "form": form, "pages": pages, "texts": pages.texts},
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def named_edit(request: HttpRequest, kind: str, slug: str) -> HttpResponse:
    """A topic's (or an occasion's) default name and its names per language."""
    pages = NAMED_PAGES[kind]
    named = selectors.named_get_for_edit(request.user, pages.model, slug)
    form = pages.form(request.POST or None, instance=named)
    if request.method == "POST" and form.is_valid():
        try:
            pages.update(
                named,
                acting_user=request.user,
                name=form.cleaned_data["name"],
                names=form.names(),
            )
        except StatementRuleError as refusal:
            _show_beside(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect(pages.list_url)
    return render(
        request,
        "statements/named_edit.html",
        {
            "named": named,
            "form": form,
            "pages": pages,
            "texts": pages.texts,
            "heading": pages.texts["heading"] % {"name": named.name},
        },
    )


# --- importing ----------------------------------------------------------------------------------


@csrf_exempt  # checked below: the upload handler must be set before anything reads the body
@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def import_start(request: HttpRequest) -> HttpResponse:
    """Upload a WordPress export or Markdown files; they are checked in the background."""
    handler = uploads.DataFolderUploadHandler(request)
    if request.method == "POST":
        # Straight to disk under the data folder, whatever its size, and no further than the
        # limit: a large export never sits in memory.
        request.upload_handlers = [handler]
    return _import_start(request, handler)


@csrf_protect
def _import_start(request: HttpRequest, handler: uploads.DataFolderUploadHandler) -> HttpResponse:
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
                _show_beside(form, refusal)
            else:
                return redirect("statements:import_job", job_id=job.pk)
    jobs = Paginator(selectors.import_jobs_for(request.user), 20).get_page(request.GET.get("page"))
    return render(request, "statements/import.html", {"form": form, "page": jobs})


@require_GET
@role_required(Role.SECRETARIAT)
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
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


def _import_step(request: HttpRequest, job_id: int, step: str) -> HttpResponse:
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
def import_confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    return _import_step(request, job_id, "confirm")


@require_POST
@role_required(Role.SECRETARIAT)
def import_resume(request: HttpRequest, job_id: int) -> HttpResponse:
    return _import_step(request, job_id, "resume")


@require_POST
@role_required(Role.SECRETARIAT)
def import_discard(request: HttpRequest, job_id: int) -> HttpResponse:
    return _import_step(request, job_id, "discard")
