"""JSON API: read published statements (anyone); the secretariat's and officers' workflow."""
# No "from __future__ import annotations": django-ninja reads the parameter annotations.

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from alyansa.accounts.api import api_auth
from alyansa.accounts.permissions import require_role
from alyansa.accounts.roles import Role
from alyansa.core.api_input import body_doc, read_body
from alyansa.statements import selectors, services
from alyansa.statements.models import Occasion, Statement, StatementTranslation, Topic

router = Router(tags=["statements"])


def _anonymous(request: HttpRequest) -> Any:
    """Lets a request without credentials through, as the anonymous public."""
    return True


optional_auth = [*api_auth, _anonymous]


def _user(request: HttpRequest) -> Any:
    auth = getattr(request, "auth", None)
    return auth if auth is not True and auth is not None else request.user


class TranslationOut(Schema):
    language: str
    title: str
    subtitle: str
    body: str
    demands: list[str]
    is_source: bool
    outdated: bool
    updated_at: datetime
    url: str


class StatementSummary(Schema):
    slug: str
    status: str
    source_language: str
    issued_on: date
    issuer_kind: str
    issuer_name: str
    published_at: datetime | None
    languages: list[str]
    title: str


class StatementOut(StatementSummary):
    place: str
    contact: str
    campaign: str
    occasion: str | None
    topics: list[str]
    translations: list[TranslationOut]
    endorsement_count: int
    withdrawal_note: str
    corrections: list[dict[str, Any]]


class ArchiveQuery(Schema):
    q: str = ""
    year: int | None = None
    issuer: str = ""
    topic: str = ""
    occasion: str = ""
    language: str = ""


class StatementIn(Schema):
    slug: str
    source_language: str
    title: str
    issued_on: date
    subtitle: str = ""
    body: str = ""
    demands: list[str] = []
    place: str = ""
    issuer_kind: str = Statement.Issuer.ALLIANCE
    issuer_name: str = ""
    contact: str = ""
    occasion: str = ""
    topics: list[str] = []
    campaign: str = ""
    open_for_endorsement: bool = False


class TranslationIn(Schema):
    title: str
    subtitle: str = ""
    body: str = ""
    demands: list[str] = []
    up_to_date: bool = True
    correction_note: str = ""


class PublishIn(Schema):
    at: datetime | None = None


class NoteIn(Schema):
    note: str = ""


class EndorserOut(Schema):
    organization_name: str
    country: str
    kind: str


def _summary(statement: Statement) -> dict[str, Any]:
    translations = list(statement.translations.all())
    _chosen, source = selectors.pick_translation(statement, statement.source_language, translations)
    return {
        "slug": statement.slug,
        "status": statement.status,
        "source_language": statement.source_language,
        "issued_on": statement.issued_on,
        "issuer_kind": statement.issuer_kind,
        "issuer_name": statement.issuer_name,
        "published_at": statement.published_at,
        "languages": [t.language for t in translations],
        "title": source.title if source else "",
    }


def _translation(t: StatementTranslation, source: StatementTranslation | None) -> dict[str, Any]:
    return {
        "language": t.language,
        "title": t.title,
        "subtitle": t.subtitle,
        "body": t.body,
        "demands": t.demands,
        "is_source": t.is_source,
        "outdated": t.is_outdated(source),
        "updated_at": t.updated_at,
        "url": t.get_absolute_url(),
    }


def _full(statement: Statement) -> dict[str, Any]:
    translations = list(statement.translations.all())
    _chosen, source = selectors.pick_translation(statement, statement.source_language, translations)
    return {
        **_summary(statement),
        "place": statement.place,
        "contact": statement.contact,
        "campaign": statement.campaign,
        "occasion": statement.occasion.slug if statement.occasion else None,
        "topics": [t.slug for t in statement.topics.all()],
        "translations": [_translation(t, source) for t in translations],
        "endorsement_count": statement.endorsement_count,
        "withdrawal_note": statement.withdrawal_note,
        "corrections": [
            {"language": c.language, "note": c.note, "at": c.created_at.isoformat()}
            for c in statement.corrections.all()
        ],
    }


def _invalid(error: ValidationError) -> HttpError:
    return HttpError(422, " ".join(error.messages))


# Form fields that carry several values (plain HTML forms and the test client).
LIST_FIELDS = ("demands", "topics")


@router.get(
    "/",
    response=list[StatementSummary],
    url_name="statements_list",
    auth=None,
    summary="Published statements, newest first",
)
@paginate
def statements_list(request: HttpRequest, filters: Query[ArchiveQuery]) -> Any:
    archive = selectors.ArchiveFilters(
        query=filters.q[:200],
        year=filters.year,
        issuer=filters.issuer,
        topic=filters.topic,
        occasion=filters.occasion,
        language=filters.language,
    )
    return [
        _summary(s)
        for s in selectors.with_translations(selectors.statements_public(archive))[:1000]
    ]


@router.post(
    "/",
    response={201: StatementOut},
    auth=api_auth,
    summary="Draft a statement (secretariat)",
    openapi_extra=body_doc(StatementIn),
)
def statement_create(request: HttpRequest) -> Any:
    require_role(request.auth, Role.SECRETARIAT)  # type: ignore[attr-defined]
    payload = read_body(request, StatementIn, list_fields=LIST_FIELDS)
    occasion = Occasion.objects.filter(slug=payload.occasion).first() if payload.occasion else None
    try:
        statement = services.statement_create(
            acting_user=request.auth,  # type: ignore[attr-defined]
            slug=payload.slug,
            source_language=payload.source_language,
            title=payload.title,
            issued_on=payload.issued_on,
            subtitle=payload.subtitle,
            body=payload.body,
            demands=payload.demands,
            place=payload.place,
            issuer_kind=payload.issuer_kind,
            issuer_name=payload.issuer_name,
            contact=payload.contact,
            occasion=occasion,
            topics=Topic.objects.filter(slug__in=payload.topics),
            campaign=payload.campaign,
            open_for_endorsement=payload.open_for_endorsement,
        )
    except ValidationError as error:
        raise _invalid(error) from error
    return Status(201, _full(statement))


@router.get(
    "/{slug}",
    response=StatementOut,
    url_name="statement_detail",
    auth=optional_auth,
    summary="One statement with all its translations",
)
def statement_detail(request: HttpRequest, slug: str) -> Any:
    return _full(selectors.statement_get_for(_user(request), slug))


@router.put(
    "/{slug}/translations/{language}",
    response=TranslationOut,
    auth=api_auth,
    url_name="statement_translation",
    summary="Write one language of a statement (secretariat)",
    openapi_extra=body_doc(TranslationIn),
)
def statement_translation(request: HttpRequest, slug: str, language: str) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    statement = selectors.statement_get_for_edit(user, slug)
    require_role(user, Role.SECRETARIAT)
    payload = read_body(request, TranslationIn, list_fields=LIST_FIELDS)
    try:
        translation = services.statement_translation_save(
            statement=statement,
            language=language,
            acting_user=user,
            title=payload.title,
            subtitle=payload.subtitle,
            body=payload.body,
            demands=payload.demands,
            up_to_date=payload.up_to_date,
            correction_note=payload.correction_note,
        )
    except ValidationError as error:
        raise _invalid(error) from error
    source = statement.translations.filter(language=statement.source_language).first()
    return _translation(translation, source)


def _act(request: HttpRequest, slug: str, action: str, **kwargs: Any) -> Any:
    user = request.auth  # type: ignore[attr-defined]
    statement = selectors.statement_get_for_edit(user, slug)
    service = getattr(services, f"statement_{action}")
    try:
        statement = service(statement=statement, acting_user=user, **kwargs)
    except ValidationError as error:
        raise _invalid(error) from error
    return _full(statement)


@router.post(
    "/{slug}/submit",
    response=StatementOut,
    auth=api_auth,
    url_name="statement_submit",
    summary="Send a draft for review (secretariat)",
)
def statement_submit(request: HttpRequest, slug: str) -> Any:
    return _act(request, slug, "submit")


@router.post(
    "/{slug}/approve",
    response=StatementOut,
    auth=api_auth,
    url_name="statement_approve",
    summary="Approve a statement in review (officer)",
)
def statement_approve(request: HttpRequest, slug: str) -> Any:
    return _act(request, slug, "approve")


@router.post(
    "/{slug}/publish",
    response=StatementOut,
    auth=api_auth,
    url_name="statement_publish",
    summary="Publish an approved statement now or at a set time",
    openapi_extra=body_doc(PublishIn),
)
def statement_publish(request: HttpRequest, slug: str) -> Any:
    selectors.statement_get_for_edit(request.auth, slug)  # type: ignore[attr-defined]
    return _act(request, slug, "publish", at=read_body(request, PublishIn).at)


@router.post(
    "/{slug}/withdraw",
    response=StatementOut,
    auth=api_auth,
    url_name="statement_withdraw",
    summary="Withdraw a published statement, with a public note",
    openapi_extra=body_doc(NoteIn),
)
def statement_withdraw(request: HttpRequest, slug: str) -> Any:
    selectors.statement_get_for_edit(request.auth, slug)  # type: ignore[attr-defined]
    return _act(request, slug, "withdraw", note=read_body(request, NoteIn).note)


@router.get(
    "/{slug}/endorsements",
    response=list[EndorserOut],
    auth=optional_auth,
    url_name="statement_endorsements",
    summary="The shown endorsers of a statement",
)
@paginate
def statement_endorsements(request: HttpRequest, slug: str) -> Any:
    _statement, endorsements = selectors.statement_endorsers(_user(request), slug)
    return endorsements
