"""JSON API: read published statements (anyone); the secretariat's and officers' workflow, the
details around a statement's text and the topics' names (the secretariat).

The routes stay in this module, in the order their paths must be matched ("/topics" before
"/{slug}"): the OpenAPI document names each operation after its module, and clients may know
those names. What they read and answer is in schemas.py, topics.py and details.py.
"""
# No "from __future__ import annotations": django-ninja reads the parameter annotations.

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from alyansa.accounts.api import OPTIONAL_AUTH_DOC, api_auth, optional_auth
from alyansa.accounts.models import User
from alyansa.accounts.permissions import require_role
from alyansa.accounts.requests import ApiRequest
from alyansa.accounts.roles import Role
from alyansa.core.api_input import body_doc, read_body
from alyansa.statements import selectors, services
from alyansa.statements.api.details import DetailsIn, DetailsOut, details_answer, details_changes
from alyansa.statements.api.schemas import (
    LIST_FIELDS,
    ArchiveQuery,
    EndorserOut,
    LanguageCode,
    NoteIn,
    PublishIn,
    StatementIn,
    StatementOut,
    StatementSummary,
    TranslationIn,
    TranslationOut,
    statement_answer,
    statement_summary,
    translation_answer,
)
from alyansa.statements.api.topics import TopicIn, TopicOut, topic_answer
from alyansa.statements.models import Occasion, Topic

router = Router(tags=["statements"])


def _user(request: HttpRequest) -> User | AnonymousUser:
    """The reader of a route open to all (optional_auth): the account, or the anonymous one."""
    auth = getattr(request, "auth", None)
    return auth if auth is not True and auth is not None else request.user


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
        statement_summary(s)
        for s in selectors.with_translations(selectors.statements_public(archive))[:1000]
    ]


@router.post(
    "/",
    response={201: StatementOut},
    auth=api_auth,
    summary="Draft a statement (secretariat)",
    openapi_extra=body_doc(StatementIn),
)
def statement_create(request: ApiRequest) -> Any:
    require_role(request.auth, Role.SECRETARIAT)
    payload = read_body(request, StatementIn, list_fields=LIST_FIELDS)
    occasion = Occasion.objects.filter(slug=payload.occasion).first() if payload.occasion else None
    statement = services.statement_create(
        acting_user=request.auth,
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
    return Status(201, statement_answer(statement))


# --- topics (secretariat) ------------------------------------------------------------------------
# Before "/{slug}": "topics" is a reserved address, never a statement's.


@router.get(
    "/topics",
    response=list[TopicOut],
    auth=api_auth,
    url_name="statement_topics",
    summary="Every topic with its names per language and its number of statements (secretariat)",
)
def topics(request: ApiRequest) -> Any:
    return [topic_answer(topic) for topic in selectors.named_for_staff(request.auth, Topic)]


@router.put(
    "/topics/{slug}",
    response=TopicOut,
    auth=api_auth,
    url_name="statement_topic_update",
    openapi_extra=body_doc(TopicIn),
    summary="Rename a topic: its default name and its names per language (secretariat)",
)
def topic_update(request: ApiRequest, slug: str) -> Any:
    """The address stays, so links and feeds filtered by the topic keep working."""
    user = request.auth
    topic = selectors.named_get_for_edit(user, Topic, slug)
    require_role(user, Role.SECRETARIAT)
    payload = read_body(request, TopicIn)
    services.topic_update(topic=topic, acting_user=user, name=payload.name, names=payload.names)
    return topic_answer(selectors.named_for_staff(user, Topic).get(pk=topic.pk))


# --- the details around the text (secretariat) -------------------------------------------------


@router.get(
    "/{slug}/details",
    response=DetailsOut,
    auth=api_auth,
    url_name="statement_details",
    summary="The details around a statement's text: date, place, issuer, signatories, ... "
    "(secretariat)",
)
def statement_details(request: ApiRequest, slug: str) -> Any:
    user = request.auth
    statement = selectors.statement_get_for_edit(user, slug)
    require_role(user, Role.SECRETARIAT)
    return details_answer(statement)


@router.patch(
    "/{slug}/details",
    response=DetailsOut,
    auth=api_auth,
    url_name="statement_details_update",
    openapi_extra=body_doc(DetailsIn),
    summary="Change the details around a statement's text (secretariat)",
)
def statement_details_update(request: ApiRequest, slug: str) -> Any:
    """What the page prints (date, place, issuer, signatories) follows the text's rules: on an
    approved statement a change sends it back to review; on a published one it needs a
    `correction_note` (else 422, code "rule"). The reference, occasion, topics, campaign and
    sign-on change at any time. A withdrawn statement changes no more (docs/statements.md)."""
    user = request.auth
    statement = selectors.statement_get_for_edit(user, slug)
    require_role(user, Role.SECRETARIAT)
    payload = read_body(request, DetailsIn, list_fields=("issuer_organizations", "topics"))
    statement = services.statement_update(
        statement=statement,
        acting_user=user,
        correction_note=payload.correction_note,
        **details_changes(statement, payload),
    )
    return details_answer(statement)


@router.get(
    "/{slug}",
    response=StatementOut,
    url_name="statement_detail",
    auth=optional_auth,
    openapi_extra=OPTIONAL_AUTH_DOC,
    summary="One statement with all its translations",
)
def statement_detail(request: HttpRequest, slug: str) -> Any:
    return statement_answer(selectors.statement_get_for(_user(request), slug))


@router.put(
    "/{slug}/translations/{language}",
    response=TranslationOut,
    auth=api_auth,
    url_name="statement_translation",
    summary="Write one language of a statement (secretariat)",
    openapi_extra=body_doc(TranslationIn),
)
def statement_translation(request: ApiRequest, slug: str, language: LanguageCode) -> Any:
    user = request.auth
    statement = selectors.statement_get_for_edit(user, slug)
    require_role(user, Role.SECRETARIAT)
    payload = read_body(request, TranslationIn, list_fields=LIST_FIELDS)
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
    source = statement.translations.filter(language=statement.source_language).first()
    return translation_answer(translation, source)


# Who may take each step of the workflow (as on the pages).
STEP_ROLES = {
    "submit": (Role.SECRETARIAT,),
    "approve": (Role.OFFICER,),
    "publish": (Role.SECRETARIAT, Role.OFFICER),
    "withdraw": (Role.SECRETARIAT, Role.OFFICER),
}


def _act(request: ApiRequest, slug: str, action: str, **kwargs: Any) -> Any:
    user = request.auth
    statement = selectors.statement_get_for_edit(user, slug)
    require_role(user, *STEP_ROLES[action])
    service = getattr(services, f"statement_{action}")
    statement = service(statement=statement, acting_user=user, **kwargs)
    return statement_answer(statement)


@router.post(
    "/{slug}/submit",
    response=StatementOut,
    auth=api_auth,
    url_name="statement_submit",
    summary="Send a draft for review (secretariat)",
)
def statement_submit(request: ApiRequest, slug: str) -> Any:
    return _act(request, slug, "submit")


@router.post(
    "/{slug}/approve",
    response=StatementOut,
    auth=api_auth,
    url_name="statement_approve",
    summary="Approve a statement in review (officer)",
)
def statement_approve(request: ApiRequest, slug: str) -> Any:
    return _act(request, slug, "approve")


@router.post(
    "/{slug}/publish",
    response=StatementOut,
    auth=api_auth,
    url_name="statement_publish",
    summary="Publish an approved statement now or at a set time",
    openapi_extra=body_doc(PublishIn),
)
def statement_publish(request: ApiRequest, slug: str) -> Any:
    selectors.statement_get_for_edit(request.auth, slug)
    return _act(request, slug, "publish", at=read_body(request, PublishIn).at)


@router.post(
    "/{slug}/withdraw",
    response=StatementOut,
    auth=api_auth,
    url_name="statement_withdraw",
    summary="Withdraw a published statement, with a public note",
    openapi_extra=body_doc(NoteIn),
)
def statement_withdraw(request: ApiRequest, slug: str) -> Any:
    selectors.statement_get_for_edit(request.auth, slug)
    return _act(request, slug, "withdraw", note=read_body(request, NoteIn).note)


@router.get(
    "/{slug}/endorsements",
    response=list[EndorserOut],
    auth=optional_auth,
    openapi_extra=OPTIONAL_AUTH_DOC,
    url_name="statement_endorsements",
    summary="The shown endorsers of a statement",
)
@paginate
def statement_endorsements(request: HttpRequest, slug: str) -> Any:
    return selectors.statement_endorsements_listed(_user(request), slug)
