"""An assembly's set-up and status (the secretariat)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from alyansa.accounts.permissions import role_required
from alyansa.accounts.requests import SignedInRequest
from alyansa.accounts.roles import Role
from alyansa.assemblies import selectors, services
from alyansa.assemblies.forms import AssemblyForm, StatusForm
from alyansa.assemblies.services import AssemblyRuleError
from alyansa.assemblies.views.common import fail


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def assembly_create(request: SignedInRequest) -> HttpResponse:
    form = AssemblyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            assembly = services.assembly_create(**form.setup(), acting_user=request.user)
        except (AssemblyRuleError, ValueError) as error:
            fail(request, error)
        else:
            messages.success(request, _("The assembly is prepared. Announce it when ready."))
            return redirect("assemblies:console", slug=assembly.slug)
    return render(request, "assemblies/edit.html", {"form": form, "assembly": None})


@require_http_methods(["GET", "POST"])
@role_required(Role.SECRETARIAT)
def assembly_edit(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    form = AssemblyForm.for_assembly(assembly, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.assembly_update(
                assembly=assembly, changes=form.setup(), acting_user=request.user
            )
        except (AssemblyRuleError, ValueError) as error:
            fail(request, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("assemblies:console", slug=assembly.slug)
    return render(request, "assemblies/edit.html", {"form": form, "assembly": assembly})


@require_POST
@role_required(Role.SECRETARIAT)
def assembly_status(request: SignedInRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_for_secretariat(request.user, slug)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.assembly_set_status(
                assembly=assembly, status=form.cleaned_data["status"], acting_user=request.user
            )
        except AssemblyRuleError as error:
            fail(request, error)
    return redirect("assemblies:console", slug=assembly.slug)
