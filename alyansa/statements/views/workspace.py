"""The staff workspace: drafting, translating, the workflow's steps, versions, pictures and
the details around the text."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from alyansa.accounts.permissions import has_role, role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.statements import selectors, services
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.forms import (
    ImageForm,
    NoteForm,
    PublishForm,
    StatementCreateForm,
    StatementDetailsForm,
    TranslationForm,
)
from alyansa.statements.models import Statement
from alyansa.statements.views.common import STAFF, show_beside


@require_GET
@role_required(*STAFF)
def manage(request: SignedInRequest) -> HttpResponse:
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
def create(request: SignedInRequest) -> HttpResponse:
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
            show_beside(form, refusal)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("statements:workflow", slug=statement.slug)
    return render(request, "statements/create.html", {"form": form})


@require_GET
@role_required(*STAFF)
def workflow(request: SignedInRequest, slug: str) -> HttpResponse:
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
def edit(request: SignedInRequest, slug: str, language: str) -> HttpResponse:
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
            show_beside(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("statements:workflow", slug=statement.slug)
    return render(
        request,
        "statements/edit.html",
        {"statement": statement, "translation": translation, "language": language, "form": form},
    )


def _transition(request: SignedInRequest, slug: str, action: str) -> HttpResponse:
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
def submit(request: SignedInRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "submit")


@require_POST
@role_required(Role.OFFICER)
def approve(request: SignedInRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "approve")


@require_POST
@role_required(Role.OFFICER)
def return_to_draft(request: SignedInRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "return")


@require_POST
@role_required(*STAFF)
def publish(request: SignedInRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "publish")


@require_POST
@role_required(*STAFF)
def withdraw(request: SignedInRequest, slug: str) -> HttpResponse:
    return _transition(request, slug, "withdraw")


@require_GET
@role_required(*STAFF)
def versions(request: SignedInRequest, slug: str, language: str) -> HttpResponse:
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
def image_upload(request: SignedInRequest, slug: str) -> HttpResponse:
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


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def details(request: SignedInRequest, slug: str) -> HttpResponse:
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
            show_beside(form, refusal)
        else:
            messages.success(request, _("Saved."))
            return redirect("statements:workflow", slug=statement.slug)
    return render(request, "statements/details.html", {"statement": statement, "form": form})
