"""The public directory of members and an organization's public page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from alyansa.accounts.permissions import has_any_role, is_secretariat, scopes_of
from alyansa.accounts.roles import Role
from alyansa.members.forms import DirectoryForm
from alyansa.members.models import Country, Language, Organization, Region, Sector
from alyansa.members.selectors import (
    DirectoryFilters,
    can_manage,
    nationalities_reach,
    organization_public,
)
from alyansa.members.selectors import directory as directory_query

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
