"""What the statements' API reads and answers: a statement, its translations, the workflow's
steps and its endorsers, and how a statement becomes an answer."""
# No "from __future__ import annotations": django-ninja and pydantic read the annotations.

from datetime import date, datetime
from typing import Annotated, Any

from django.conf import settings
from ninja import Field, Schema

from alyansa.core.bounds import Day, Moment, Year
from alyansa.statements import selectors
from alyansa.statements.models import Statement, StatementTranslation


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


def statement_summary(statement: Statement) -> dict[str, Any]:
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


def translation_answer(
    t: StatementTranslation, source: StatementTranslation | None
) -> dict[str, Any]:
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


def statement_answer(statement: Statement) -> dict[str, Any]:
    translations = list(statement.translations.all())
    _chosen, source = selectors.pick_translation(statement, statement.source_language, translations)
    return {
        **statement_summary(statement),
        "place": statement.place,
        "contact": statement.contact,
        "campaign": statement.campaign,
        "occasion": statement.occasion.slug if statement.occasion else None,
        "topics": [t.slug for t in statement.topics.all()],
        "translations": [translation_answer(t, source) for t in translations],
        "endorsement_count": statement.endorsement_count,
        "withdrawal_note": statement.withdrawal_note,
        "corrections": [
            {"language": c.language, "note": c.note, "at": c.created_at.isoformat()}
            for c in statement.corrections.all()
        ],
    }


# Form fields that carry several values (plain HTML forms and the test client).
LIST_FIELDS = ("demands", "topics")
