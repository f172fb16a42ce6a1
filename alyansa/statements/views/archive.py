"""The public side: the archive, a statement's pages, its endorsers, and the old site's
addresses."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from alyansa.members import public
from alyansa.statements import selectors
from alyansa.statements.forms import EndorsementForm
from alyansa.statements.models import LegacyRedirect, Occasion, Topic


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
