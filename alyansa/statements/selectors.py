"""Reads that check access: the public sees what is published; staff see their work."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, TypeVar

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Max, Min, Prefetch, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from alyansa.accounts.models import User
from alyansa.accounts.permissions import has_role
from alyansa.accounts.roles import Role
from alyansa.core.markdown import render_markdown
from alyansa.core.search import SearchResults, query_words
from alyansa.members import public
from alyansa.members.models import Chapter
from alyansa.statements.models import (
    Correction,
    Endorsement,
    ImportJob,
    NamedInLanguages,
    Statement,
    StatementQuerySet,
    StatementTranslation,
    StatementVersion,
)
from alyansa.statements.services import (
    FACETS_CACHE_KEY,
    PAGE_CACHE_SECONDS,
    SEARCH_INDEX,
    page_cache_key,
)

ENDORSERS_ON_PAGE = 60
Named = TypeVar("Named", bound=NamedInLanguages)


def is_statement_staff(user: User | AnonymousUser) -> bool:
    return has_role(user, Role.SECRETARIAT) or has_role(user, Role.OFFICER)


def statement_get_for(user: User | AnonymousUser, slug: str) -> Statement:
    """A statement the user may read: public ones for everyone, any for secretariat/officers."""
    queryset = Statement.objects.select_related("occasion", "issuer_chapter")
    if not is_statement_staff(user):
        queryset = queryset.readable()
    statement = queryset.filter(slug=slug).first()
    if statement is None:
        raise Http404
    return statement


def statement_get_for_edit(user: User | AnonymousUser, slug: str) -> Statement:
    if not is_statement_staff(user):
        raise Http404
    return statement_get_for(user, slug)


@dataclass
class ArchiveFilters:
    query: str = ""
    year: int | None = None
    issuer: str = ""
    topic: str = ""
    occasion: str = ""
    language: str = ""

    @classmethod
    def from_params(cls, params: Any) -> ArchiveFilters:
        year = str(params.get("year", "")).strip()
        return cls(
            query=str(params.get("q", "")).strip()[:200],
            year=int(year) if year.isdigit() and 1900 < int(year) < 2200 else None,
            issuer=str(params.get("issuer", "")).strip()[:40],
            topic=str(params.get("topic", "")).strip()[:80],
            occasion=str(params.get("occasion", "")).strip()[:80],
            language=str(params.get("language", "")).strip()[:10],
        )

    def as_query(self) -> dict[str, str]:
        pairs = {
            "q": self.query,
            "year": str(self.year or ""),
            "issuer": self.issuer,
            "topic": self.topic,
            "occasion": self.occasion,
            "language": self.language,
        }
        return {key: value for key, value in pairs.items() if value}


# A search that matches more statements than this says "more than N" and shows the newest
# N + 1: reading every match of a frequent word would cost more than the page itself.
SEARCH_COUNT_CAP = 1000


def statements_public(
    filters: ArchiveFilters | None = None, *, now: Any = None
) -> StatementQuerySet:
    """The public archive, newest first, narrowed by the filters and the full-text search (a
    search keeps the newest SEARCH_COUNT_CAP + 1 matches)."""
    filters = filters or ArchiveFilters()
    queryset = Statement.objects.published(now)
    if filters.year:
        queryset = queryset.filter(
            issued_on__gte=date(filters.year, 1, 1), issued_on__lte=date(filters.year, 12, 31)
        )
    if filters.issuer:
        queryset = _filter_issuer(queryset, filters.issuer)
    if filters.topic:
        queryset = queryset.filter(topics__slug=filters.topic)
    if filters.occasion:
        queryset = queryset.filter(occasion__slug=filters.occasion)
    if filters.language:
        queryset = queryset.filter(translations__language=filters.language)
    if filters.query:
        queryset = SEARCH_INDEX.filter(queryset, filters.query, limit=SEARCH_COUNT_CAP + 1)
    return queryset.order_by("-issued_on", "-id")


class ArchivePaginator(Paginator):
    """Pages of the archive, 20 statements each, with their translations. A search pages
    through the index newest first, and its count stops at SEARCH_COUNT_CAP + 1."""

    def __init__(self, filters: ArchiveFilters, per_page: int = 20) -> None:
        self.capped = bool(query_words(filters.query))
        if self.capped:
            unsearched = replace(filters, query="")
            statements: Any = SearchResults(
                SEARCH_INDEX,
                with_translations(statements_public(unsearched)),
                filters.query,
                cap=SEARCH_COUNT_CAP,
            )
        else:
            statements = with_translations(statements_public(filters))
        super().__init__(statements, per_page)

    @property
    def more_than_cap(self) -> bool:
        return self.capped and self.count > SEARCH_COUNT_CAP


def _filter_issuer(queryset: StatementQuerySet, issuer: str) -> StatementQuerySet:
    """'alliance', 'chapter', 'joint', or 'chapter-<id>' / 'organization-<id>' (registry)."""
    kind, _dash, number = issuer.partition("-")
    if number.isdigit() and kind == "chapter":
        return queryset.filter(issuer_chapter_id=int(number))
    if number.isdigit() and kind == "organization":
        # An at-risk issuer's statements are not found by it: the filter answers as for an
        # organization that does not exist.
        return queryset.filter(issuer_organizations__id=int(number)).exclude(
            public.hidden("issuer_organizations")
        )
    if issuer in Statement.Issuer.values:
        return queryset.filter(issuer_kind=issuer)
    return queryset.none()


def with_translations(queryset: StatementQuerySet) -> StatementQuerySet:
    """For lists: each statement's translations in one more query (title, language links)."""
    return queryset.select_related("issuer_chapter").prefetch_related(
        "issuer_organizations",
        "issuer_chapter__former_names",
        Prefetch(
            "translations",
            queryset=StatementTranslation.objects.only(
                "id", "statement_id", "language", "title", "subtitle", "updated_at"
            ),
        ),
    )


def pick_translation(
    statement: Statement, language: str, translations: list[StatementTranslation] | None = None
) -> tuple[StatementTranslation | None, StatementTranslation | None]:
    """(the translation in `language` or None, the source translation)."""
    items = translations if translations is not None else list(statement.translations.all())
    by_language = {t.language: t for t in items}
    return by_language.get(language), by_language.get(statement.source_language)


def archive_facets() -> dict[str, Any]:
    """The archive's year and issuer choices. Cached: computing them reads every published
    statement; the services forget them when a statement is published or withdrawn."""
    facets = cache.get(FACETS_CACHE_KEY)
    if facets is None:
        published = Statement.objects.published()
        bounds = published.aggregate(first=Min("issued_on"), last=Max("issued_on"))
        years = (
            list(range(bounds["last"].year, bounds["first"].year - 1, -1)) if bounds["last"] else []
        )
        chapter_ids = published.filter(issuer_chapter__isnull=False).values("issuer_chapter")
        chapters = Chapter.objects.filter(pk__in=chapter_ids).order_by("name")
        issuers = [
            *[(value, str(label)) for value, label in Statement.Issuer.choices],
            *[(f"chapter-{c.pk}", c.name) for c in chapters],
        ]
        facets = {"years": years, "issuers": issuers}
        cache.set(FACETS_CACHE_KEY, facets, 600)
    return facets


@dataclass
class StatementPage:
    statement: Statement
    translation: StatementTranslation
    source: StatementTranslation
    requested_language: str
    fallback: bool
    outdated: bool
    translations: list[StatementTranslation]
    topics: list[Any]
    corrections: list[Correction]
    signatories: list[Any]
    endorsers: list[Endorsement]
    endorser_count: int
    unnamed_endorsers: str
    can_endorse: bool
    is_staff: bool
    body_html: str = ""


@dataclass
class _Bundle:
    """What every visitor of one public statement sees, in any language, kept in the cache."""

    statement: Statement
    translations: list[StatementTranslation]
    body_html: dict[str, str]
    topics: list[Any]
    corrections: list[Correction]
    signatories: list[Any]
    endorsers: list[Endorsement]
    endorser_count: int
    unnamed_endorsers: int
    # What the public could see named when the bundle was made (members/public.py).
    naming: str | None


def _bundle(statement: Statement, naming: str | None) -> _Bundle:
    translations = list(statement.translations.all())
    # The counters on the statement spare the queries when there is nothing to show.
    endorsers: list[Endorsement] = []
    unnamed = 0
    if statement.endorsement_count:
        endorsers = list(
            statement.endorsements.named().only(
                "id", "organization_name", "country", "kind", "statement_id"
            )[:ENDORSERS_ON_PAGE]
        )
        unnamed = statement.endorsements.unnamed().count()
    return _Bundle(
        statement=statement,
        translations=translations,
        body_html={t.language: str(render_markdown(t.body)) for t in translations},
        topics=list(statement.topics.all()),
        corrections=list(statement.corrections.all()) if statement.corrected_at else [],
        signatories=statement.signatories,
        endorsers=endorsers,
        endorser_count=statement.endorsement_count,
        unnamed_endorsers=unnamed,
        naming=naming,
    )


def statement_page(user: User | AnonymousUser, slug: str, language: str) -> StatementPage:
    """Everything the statement page shows, in a fixed number of queries.

    For the public the whole bundle comes from the cache (the services forget it whenever the
    statement or its endorsers change); whether it is public *now* is checked on every request,
    so a scheduled statement still appears exactly at its time. Staff always read the database.
    """
    is_staff = is_statement_staff(user)
    key = page_cache_key(slug)
    # One round trip for the page and the naming generation (a flag set after the fact).
    cached = {} if is_staff else cache.get_many([key, public.GENERATION_KEY])
    naming = cached.get(public.GENERATION_KEY)
    bundle = cached.get(key)
    if bundle is None or bundle.naming != naming or not bundle.statement.is_public():
        bundle = _bundle(statement_get_for(user, slug), naming)
        if not is_staff and bundle.statement.is_public():
            cache.set(page_cache_key(slug), bundle, PAGE_CACHE_SECONDS)
    statement = bundle.statement
    translation, source = pick_translation(statement, language, bundle.translations)
    if source is None:
        raise Http404
    shown = translation or source
    return StatementPage(
        statement=statement,
        translation=shown,
        source=source,
        requested_language=language,
        fallback=translation is None,
        outdated=shown.is_outdated(source),
        translations=bundle.translations,
        topics=bundle.topics,
        corrections=bundle.corrections,
        signatories=bundle.signatories,
        endorsers=bundle.endorsers,
        endorser_count=bundle.endorser_count,
        unnamed_endorsers=public.unnamed_label(bundle.unnamed_endorsers),
        can_endorse=statement.open_for_endorsement and statement.is_public(),
        is_staff=is_staff,
        body_html=bundle.body_html[shown.language],
    )


def statement_endorsers(user: User | AnonymousUser, slug: str) -> tuple[Statement, Any, int]:
    """The endorsers shown by name, and how many others cannot be named (members/public.py)."""
    statement = statement_get_for(user, slug)
    named = statement.endorsements.named().only(
        "organization_name", "country", "kind", "statement_id"
    )
    return statement, named, statement.endorsements.unnamed().count()


def statement_endorsements_listed(user: User | AnonymousUser, slug: str) -> Any:
    """Every shown endorsement for the API, one row each: an at-risk member's as the stand-in
    (after the named ones, so that its place in the order says nothing of its name)."""
    statement = statement_get_for(user, slug)
    return (
        statement.endorsements.public()
        .annotate(
            shown_name=public.name_or_stand_in("organization", "organization_name"),
            unnamed=Case(
                When(public.hidden("organization"), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            ),
        )
        .order_by("unnamed", "shown_name", "id")
    )


def statements_for_staff(user: User | AnonymousUser, status: str = "") -> StatementQuerySet:
    if not is_statement_staff(user):
        raise Http404
    queryset = Statement.objects.all()
    if status in Statement.Status.values:
        queryset = queryset.filter(status=status)
    return with_translations(
        queryset.annotate(
            waiting=Count(
                "endorsements", filter=Q(endorsements__status=Endorsement.Status.CONFIRMED)
            )
        )
    ).order_by("-created_at", "-id")


def endorsements_awaiting_moderation(user: User | AnonymousUser) -> Any:
    if not has_role(user, Role.SECRETARIAT):
        raise Http404
    return (
        Endorsement.objects.awaiting_moderation()
        .select_related("statement")
        .order_by("confirmed_at", "id")
    )


def endorsement_get_for_moderation(user: User | AnonymousUser, pk: int) -> Endorsement:
    endorsement = endorsements_awaiting_moderation(user).filter(pk=pk).first()
    if endorsement is None:
        endorsement = (
            Endorsement.objects.filter(pk=pk).first() if has_role(user, Role.SECRETARIAT) else None
        )
    if endorsement is None:
        raise Http404
    return endorsement


def translation_get_for_edit(
    user: User | AnonymousUser, slug: str, language: str
) -> tuple[Statement, StatementTranslation | None]:
    statement = statement_get_for_edit(user, slug)
    return statement, statement.translations.filter(language=language).first()


def versions_for(
    user: User | AnonymousUser, slug: str, language: str
) -> tuple[Statement, StatementTranslation, list[StatementVersion]]:
    statement = statement_get_for_edit(user, slug)
    translation = statement.translations.filter(language=language).first()
    if translation is None:
        raise Http404
    return statement, translation, list(translation.versions.select_related("created_by"))


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def version_diff(old: StatementVersion, new: StatementVersion) -> list[DiffLine]:
    """A line diff of two versions of one translation, for reviewers."""
    lines: list[DiffLine] = []
    for line in difflib.ndiff(old.as_text().splitlines(), new.as_text().splitlines()):
        tag, text = line[:2], line[2:]
        if tag == "? ":
            continue
        kind = {"+ ": "added", "- ": "removed"}.get(tag, "same")
        lines.append(DiffLine(kind=kind, text=text))
    return lines


def feed_items(
    *,
    language: str = "",
    topic: str = "",
    issuer: str = "",
    occasion: str = "",
    limit: int = 30,
) -> list[tuple[Statement, StatementTranslation, list[StatementTranslation]]]:
    """(statement, the translation shown, all its translations) for a feed: the newest
    published statements, in `language` (only those translated into it) or in their source."""
    filters = ArchiveFilters(language=language, topic=topic, issuer=issuer, occasion=occasion)
    statements = list(
        with_translations(statements_public(filters))
        .select_related("occasion")
        .prefetch_related("topics")
        .order_by("-published_at", "-id")[:limit]
    )
    bodies = {
        t.pk: t
        for t in StatementTranslation.objects.filter(statement__in=statements).only(
            "id", "body", "demands", "statement_id", "language"
        )
    }
    items = []
    for statement in statements:
        translations = list(statement.translations.all())
        chosen, source = pick_translation(
            statement, language or statement.source_language, translations
        )
        shown = chosen or source
        if shown is None:
            continue
        full = bodies.get(shown.pk)
        if full is not None:
            shown.body = full.body
            shown.demands = full.demands
        items.append((statement, shown, translations))
    return items


def now() -> Any:
    return timezone.now()


def names_sorted(model: type[Named], language: str | None = None) -> list[Named]:
    """Every topic (or occasion), in the alphabetical order of its name in the reader's
    language (the database cannot sort by a name chosen in Python)."""
    return sorted(
        model._default_manager.all(), key=lambda named: named.name_in(language).casefold()
    )


def named_for_staff(user: User | AnonymousUser, model: type[Named]) -> QuerySet[Named]:
    """Topics or occasions with the number of statements filed under each (the secretariat's
    page that names them)."""
    if not has_role(user, Role.SECRETARIAT):
        raise Http404
    return model._default_manager.annotate(statement_count=Count("statements")).order_by("name")


def named_get_for_edit(user: User | AnonymousUser, model: type[Named], slug: str) -> Named:
    if not has_role(user, Role.SECRETARIAT):
        raise Http404
    named = model._default_manager.filter(slug=slug).first()
    if named is None:
        raise Http404
    return named


def import_jobs_for(user: User | AnonymousUser) -> Any:
    """The uploads to import statements from, newest first (the secretariat's)."""
    if not has_role(user, Role.SECRETARIAT):
        raise Http404
    return ImportJob.objects.select_related("created_by", "confirmed_by")


def import_job_get_for(user: User | AnonymousUser, job_id: int) -> ImportJob:
    job = import_jobs_for(user).filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job
