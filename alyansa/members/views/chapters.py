"""Chapters: their public pages and the secretariat's forms."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from alyansa.accounts.permissions import is_secretariat, role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.members.forms import ChapterDetailsForm, ChapterForm
from alyansa.members.selectors import chapter_public, chapters_public
from alyansa.members.services import (
    MembershipRuleError,
    chapter_create,
    chapter_set_organizations,
    chapter_update,
)


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
