"""Public pages of governing bodies and the constitution."""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from alyansa.governance import selectors


def _day(request: HttpRequest) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()


@require_GET
def bodies(request: HttpRequest) -> HttpResponse:
    day = _day(request)
    return render(
        request,
        "governance/bodies.html",
        {
            "day": day,
            "compositions": selectors.compositions(day),
        },
    )


@require_GET
def body(request: HttpRequest, slug: str) -> HttpResponse:
    day = _day(request)
    found = selectors.body_get(slug)
    return render(
        request,
        "governance/body.html",
        {
            "body": found,
            "day": day,
            "lines": selectors.composition(found, day),
            "terms": selectors.terms_of(found),
        },
    )


@require_GET
def constitution(request: HttpRequest) -> HttpResponse:
    versions = list(selectors.constitution_versions())
    current = selectors.constitution_version() if versions else None
    return render(
        request,
        "governance/constitution.html",
        {
            "version": current,
            "versions": versions,
        },
    )


@require_GET
def constitution_version(request: HttpRequest, number: int) -> HttpResponse:
    return render(
        request,
        "governance/constitution.html",
        {
            "version": selectors.constitution_version(number),
            "versions": list(selectors.constitution_versions()),
        },
    )
