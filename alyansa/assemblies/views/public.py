"""The public pages: the assemblies and one assembly's agenda."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alyansa.accounts.permissions import has_any_role
from alyansa.accounts.roles import Role
from alyansa.assemblies import selectors


@require_GET
def assembly_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "assemblies/list.html", {"assemblies": list(selectors.assemblies_public())}
    )


@require_GET
def assembly_detail(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = selectors.assembly_public_get(slug, request.user)
    return render(
        request,
        "assemblies/detail.html",
        {
            "assembly": assembly,
            "items": selectors.agenda(assembly),
            "is_chair": selectors.is_chair(request.user),
            "may_register": has_any_role(request.user, (Role.SECRETARIAT, Role.COORDINATOR)),
        },
    )
