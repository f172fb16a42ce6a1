"""JSON API: read published statements (anyone); the secretariat's and officers' workflow, the
details around a statement's text and the topics' names (the secretariat)."""
# No "from __future__ import annotations": django-ninja reads the parameter annotations.

from datetime import date, datetime
from typing import Annotated, Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import paginate

from alyansa.accounts.api import OPTIONAL_AUTH_DOC, api_auth, optional_auth
from alyansa.accounts.models import User
from alyansa.accounts.permissions import require_role
from alyansa.accounts.requests import ApiRequest
from alyansa.accounts.roles import Role
from alyansa.core.api_input import body_doc, read_body
from alyansa.core.bounds import Day, Moment, Year
from alyansa.members.models import Chapter, Organization
from alyansa.statements import selectors, services
from alyansa.statements.models import Occasion, Statement, StatementTranslation, Topic

router = Router(tags=["statements"])


def _user(request: HttpRequest) -> User | AnonymousUser:
    """The reader of a route open to all (optional_auth): the account, or the anonymous one."""
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
    year: Year | None = None
    issuer: str = ""
    topic: str = ""
    occasion: str = ""
    language: str = ""


# A statement is written in one of the site's languages (the forms offer only these).
LanguageCode = Annotated[
    str, Field(pattern="^(" + "|".join(code for code, _name in settings.LANGUAGES) + ")$")
]


class StatementIn(Schema):
    slug: str
    source_language: LanguageCode
    title: str
    issued_on: Day
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
    at: Moment | None = None


class NoteIn(Schema):
    note: str = ""


class EndorserOut(Schema):
    """One shown endorsement. An organization that cannot be named appears as the stand-in
    ("a member organization that cannot be named"), without its country."""

    organization_name: str
    country: str
    kind: str

    @staticmethod
    def resolve_organization_name(obj: Any) -> str:
        return obj.shown_name

    @staticmethod
    def resolve_country(obj: Any) -> str:
        return "" if obj.unnamed else obj.country


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
    return Status(201, _full(statement))


# --- topics (secretariat) ------------------------------------------------------------------------
# Before "/{slug}": "topics" is a reserved address, never a statement's.


class TopicOut(Schema):
    slug: str
    name: str
    # The topic's own name per language code; other languages show `name`.
    names: dict[str, str]
    statement_count: int


class TopicIn(Schema):
    name: str = Field(max_length=120, description="The default name, for every other language.")
    names: dict[str, str] = Field(
        default={},
        description="The name per language code of the site; a language left out or empty "
        "shows the default name.",
    )


def _topic(topic: Topic) -> dict[str, Any]:
    return {
        "slug": topic.slug,
        "name": topic.name,
        "names": topic.names,
        # Counted by selectors.named_for_staff.
        "statement_count": topic.statement_count,  # type: ignore[attr-defined]
    }


@router.get(
    "/topics",
    response=list[TopicOut],
    auth=api_auth,
    url_name="statement_topics",
    summary="Every topic with its names per language and its number of statements (secretariat)",
)
def topics(request: ApiRequest) -> Any:
    return [_topic(topic) for topic in selectors.named_for_staff(request.auth, Topic)]


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
    return _topic(selectors.named_for_staff(user, Topic).get(pk=topic.pk))


# --- the details around the text (secretariat) -------------------------------------------------


class SignatoryOut(Schema):
    name: str
    role: str
    organization: str


class DetailsOut(Schema):
    slug: str
    status: str
    issued_on: date
    place: str
    issuer_kind: str
    issuer_name: str
    issuer_chapter: str | None
    issuer_organizations: list[str]
    signatories: list[SignatoryOut]
    contact: str
    occasion: str | None
    topics: list[str]
    campaign: str
    open_for_endorsement: bool
    corrections: list[dict[str, Any]]


class DetailsIn(Schema):
    """Only the details sent change. `issuer_chapter` and `occasion` sent as null clear them; a
    new `issuer_kind` without its chapter or organizations drops the old ones."""

    issued_on: Day | None = None
    place: str | None = Field(None, max_length=200)
    issuer_kind: str | None = Field(
        None, description=f"One of: {', '.join(Statement.Issuer.values)}."
    )
    issuer_name: str | None = Field(None, max_length=300)
    issuer_chapter: str | None = Field(None, description="A chapter's address (slug).")
    issuer_organizations: list[str] | None = Field(
        None, description="Member organizations' addresses (slugs), for a joint statement."
    )
    signatories: list[dict[str, str]] | None = Field(
        None,
        description='Each {"name", "role", "organization"}; the list replaces the old one.',
    )
    contact: str | None = Field(None, max_length=300)
    occasion: str | None = Field(None, description="An occasion's address (slug).")
    topics: list[str] | None = Field(None, description="Topics' addresses (slugs).")
    campaign: str | None = Field(None, max_length=200)
    open_for_endorsement: bool | None = None
    correction_note: str = Field(
        "",
        max_length=1000,
        description="Needed when a published statement's date, place, issuer or signatories "
        "change; readers see it.",
    )


def _details(statement: Statement) -> dict[str, Any]:
    return {
        "slug": statement.slug,
        "status": statement.status,
        "issued_on": statement.issued_on,
        "place": statement.place,
        "issuer_kind": statement.issuer_kind,
        "issuer_name": statement.issuer_name,
        "issuer_chapter": statement.issuer_chapter.slug if statement.issuer_chapter else None,
        "issuer_organizations": [o.slug for o in statement.issuer_organizations.all()],
        "signatories": [
            {
                "name": s.get("name", ""),
                "role": s.get("role", ""),
                "organization": s.get("organization", ""),
            }
            for s in statement.signatories
        ],
        "contact": statement.contact,
        "occasion": statement.occasion.slug if statement.occasion else None,
        "topics": [t.slug for t in statement.topics.all()],
        "campaign": statement.campaign,
        "open_for_endorsement": statement.open_for_endorsement,
        "corrections": [
            {"language": c.language, "note": c.note, "at": c.created_at.isoformat()}
            for c in statement.corrections.all()
        ],
    }


def _by_slugs(queryset: Any, field: str, slugs: list[str]) -> list[Any]:
    """The objects with these addresses; any unknown one is a 422 that names it."""
    found = {obj.slug: obj for obj in queryset.filter(slug__in=slugs)}
    unknown = [slug for slug in slugs if slug not in found]
    if unknown:
        message = _("Select a valid choice. %(value)s is not one of the available choices.")
        raise NinjaValidationError(
            [{"loc": [field], "msg": message % {"value": slug}} for slug in unknown]
        )
    return [found[slug] for slug in dict.fromkeys(slugs)]


def _details_changes(statement: Statement, payload: DetailsIn) -> dict[str, Any]:
    """The service's arguments for what was sent: references looked up by their addresses."""
    sent = payload.model_fields_set
    changes: dict[str, Any] = {
        name: getattr(payload, name)
        for name in (
            "issued_on",
            "place",
            "issuer_kind",
            "issuer_name",
            "contact",
            "campaign",
            "open_for_endorsement",
        )
        if name in sent
    }
    if "issuer_chapter" in sent:
        slug = payload.issuer_chapter
        changes["issuer_chapter"] = (
            _by_slugs(Chapter.objects.all(), "issuer_chapter", [slug])[0] if slug else None
        )
    if "occasion" in sent:
        slug = payload.occasion
        changes["occasion"] = (
            _by_slugs(Occasion.objects.all(), "occasion", [slug])[0] if slug else None
        )
    if payload.issuer_organizations is not None:
        # As on the page: the member organizations, and those that issued it (even if they
        # have left the alliance since).
        choosable = Organization.objects.filter(
            Q(pk__in=Organization.objects.current_members().values("pk"))
            | Q(pk__in=statement.issuer_organizations.values("pk"))
        )
        changes["issuer_organizations"] = _by_slugs(
            choosable, "issuer_organizations", payload.issuer_organizations
        )
    if payload.topics is not None:
        changes["topics"] = _by_slugs(Topic.objects.all(), "topics", payload.topics)
    if payload.signatories is not None:
        changes["signatories"] = [
            (row.get("name", ""), row.get("role", ""), row.get("organization", ""))
            for row in payload.signatories
        ]
    return changes


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
    return _details(statement)


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
        **_details_changes(statement, payload),
    )
    return _details(statement)


@router.get(
    "/{slug}",
    response=StatementOut,
    url_name="statement_detail",
    auth=optional_auth,
    openapi_extra=OPTIONAL_AUTH_DOC,
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
    return _translation(translation, source)


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
    return _full(statement)


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
