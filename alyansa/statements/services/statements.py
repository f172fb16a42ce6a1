"""Writing statements and their translations, imported ones included.

Each function is one transaction with one audit row; a published statement is corrected by
editing it with a public correction note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.core.text import single_line
from alyansa.members import public
from alyansa.members.models import Chapter, Organization
from alyansa.statements.audit_actions import AuditAction
from alyansa.statements.errors import StatementRuleError
from alyansa.statements.models import (
    Correction,
    LegacyRedirect,
    NamedInLanguages,
    Occasion,
    Statement,
    StatementTranslation,
    StatementVersion,
    Topic,
)
from alyansa.statements.services.pages import statement_page_forget
from alyansa.statements.services.search import index_statement

Named = TypeVar("Named", bound=NamedInLanguages)
Status = Statement.Status

# Addresses under /statements/ that the pages themselves use.
RESERVED_SLUGS = frozenset(
    {"feed", "manage", "endorse", "sitemap", "topics", "occasions", "import", "endorsements"}
)


def _clean_demands(demands: Iterable[str] | None) -> list[str]:
    return [str(d).strip() for d in (demands or []) if str(d).strip()]


def _signatories(rows: Sequence[tuple[str, str, str]]) -> list[dict[str, str]]:
    return [
        {
            "name": single_line(name)[:200],
            "role": single_line(role)[:200],
            "organization": single_line(org)[:300],
        }
        for name, role, org in rows
        if single_line(name)
    ]


def printed_details(statement: Statement) -> dict[str, Any]:
    """What a statement's page prints around its text, in every language: its date and place,
    who issued it and who signed it. Kept in every version; changing it after approval or
    publication is treated like changing the text."""
    return {
        "issued_on": statement.issued_on.isoformat() if statement.issued_on else "",
        "place": statement.place,
        "issuer": statement.issuer_display(),
        "signatories": [
            ", ".join(part for part in (s["name"], s["role"], s["organization"]) if part)
            for s in statement.signatories
        ],
    }


def _snapshot(
    translation: StatementTranslation,
    *,
    acting_user: User | None,
    note: str = "",
    details: dict[str, Any] | None = None,
) -> StatementVersion:
    number = (
        translation.versions.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    return StatementVersion.objects.create(
        translation=translation,
        number=number,
        title=translation.title,
        subtitle=translation.subtitle,
        body=translation.body,
        demands=translation.demands,
        details=details if details is not None else printed_details(translation.statement),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
        note=note[:500],
    )


def _issuer(
    *,
    kind: str,
    chapter: Chapter | None,
    organizations: list[Organization],
    name: str,
    already: frozenset[int] = frozenset(),
    name_is_new: bool = True,
) -> str:
    """The issuer kind, checked: the alliance alone; one chapter; or several organizations
    jointly (at least two from the registry, or their names as they are to be printed).
    A chapter or organizations given without a kind say which kind it is."""
    errors: dict[str, str] = {}
    if chapter is not None and organizations:
        errors["issuer_organizations"] = _(
            "A statement is issued by a chapter or by organizations jointly, not both."
        )
    elif chapter is not None:
        kind = Statement.Issuer.CHAPTER
    elif organizations:
        kind = Statement.Issuer.JOINT
    if kind not in Statement.Issuer.values:
        errors["issuer_kind"] = _("Choose who issues the statement.")
    elif kind == Statement.Issuer.CHAPTER and chapter is None:
        errors["issuer_chapter"] = _("Choose the chapter that issues the statement.")
    elif kind == Statement.Issuer.JOINT and len(organizations) < 2 and not name.strip():
        errors["issuer_organizations"] = _(
            "Choose at least two organizations, or write the names of the issuing "
            "organizations as they are to be printed."
        )
    # Refused as a new joint issuer; one marked at risk after the fact (`already` an issuer)
    # stays, shown as the stand-in (Statement.issuer_display).
    if any(not public.may_name(o) and o.pk not in already for o in organizations):
        errors["issuer_organizations"] = _(
            "An organization that cannot be named in public cannot issue a statement jointly."
        )
    if name and name_is_new and public.mentions_unnameable(name):
        errors["issuer_name"] = _("This name is an organization's that cannot be named in public.")
    if errors:
        raise StatementRuleError.for_fields(errors)
    return kind


def _slug_free(slug: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug or ""):
        raise StatementRuleError(
            _("The address may only hold lower-case letters, digits and dashes.")
        )
    if slug in RESERVED_SLUGS or Statement.objects.filter(slug=slug).exists():
        raise StatementRuleError(_("Another statement already has this address."))
    return slug


@transaction.atomic
def statement_create(
    *,
    acting_user: User | None,
    slug: str,
    source_language: str,
    title: str,
    issued_on: date,
    subtitle: str = "",
    body: str = "",
    demands: Sequence[str] = (),
    place: str = "",
    issuer_kind: str = Statement.Issuer.ALLIANCE,
    issuer_name: str = "",
    issuer_chapter: Chapter | None = None,
    issuer_organizations: Iterable[Organization] = (),
    contact: str = "",
    occasion: Occasion | None = None,
    topics: Iterable[Topic] = (),
    campaign: str = "",
    open_for_endorsement: bool = False,
    signatories: Sequence[tuple[str, str, str]] = (),
) -> Statement:
    """The secretariat drafts a statement in its source language (version 1 of the source).

    The issuer is the alliance, a chapter (`issuer_chapter`) or several organizations jointly
    (`issuer_organizations`, and/or their names as printed in `issuer_name`): see `_issuer`.
    """
    title, place, issuer_name = single_line(title), single_line(place), single_line(issuer_name)
    organizations = list(issuer_organizations)
    issuer_kind = _issuer(
        kind=issuer_kind, chapter=issuer_chapter, organizations=organizations, name=issuer_name
    )
    statement = Statement.objects.create(
        slug=_slug_free(slug),
        source_language=source_language,
        issued_on=issued_on,
        place=place,
        issuer_kind=issuer_kind,
        issuer_name=issuer_name,
        issuer_chapter=issuer_chapter,
        contact=contact,
        occasion=occasion,
        campaign=campaign,
        open_for_endorsement=open_for_endorsement,
        signatories=_signatories(signatories),
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )
    statement.topics.set(list(topics))
    statement.issuer_organizations.set(organizations)
    translation = StatementTranslation.objects.create(
        statement=statement,
        language=source_language,
        title=title,
        subtitle=subtitle,
        body=body,
        demands=_clean_demands(demands),
    )
    _snapshot(translation, acting_user=acting_user, note="")
    index_statement(statement)
    audit_record(actor=acting_user, action=AuditAction.STATEMENT_CREATE, obj=statement)
    return statement


@transaction.atomic
def statement_import(
    *,
    acting_user: User | None,
    slug: str,
    source_language: str,
    title: str,
    published_at: datetime,
    subtitle: str = "",
    body: str = "",
    demands: Sequence[str] = (),
    topics: Iterable[Topic] = (),
    place: str = "",
    occasion: Occasion | None = None,
    issuer_kind: str = Statement.Issuer.ALLIANCE,
    issuer_name: str = "",
    issuer_chapter: Chapter | None = None,
    issuer_organizations: Iterable[Organization] = (),
    contact: str = "",
    campaign: str = "",
    open_for_endorsement: bool = False,
    signatories: Sequence[tuple[str, str, str]] = (),
) -> Statement:
    """A statement that was public elsewhere already (an old site's post, the archive of
    paper statements): it arrives published at its old date, without a new approval.

    Used by the importer (run on the server by an administrator, or by the secretariat).
    """
    title, place, issuer_name = single_line(title), single_line(place), single_line(issuer_name)
    organizations = list(issuer_organizations)
    # The issuer is checked as for a new statement (an at-risk organization is never made a
    # joint issuer in public, by an import either).
    issuer_kind = _issuer(
        kind=Statement.Issuer.CHAPTER if issuer_chapter else issuer_kind,
        chapter=issuer_chapter,
        organizations=organizations,
        name=issuer_name,
    )
    statement = Statement.objects.create(
        slug=_slug_free(slug),
        source_language=source_language,
        issued_on=timezone.localdate(published_at),
        status=Status.PUBLISHED,
        published_at=published_at,
        approved_at=published_at,
        place=place,
        occasion=occasion,
        issuer_kind=issuer_kind,
        issuer_name=issuer_name,
        issuer_chapter=issuer_chapter,
        contact=contact,
        campaign=campaign,
        open_for_endorsement=open_for_endorsement,
        signatories=_signatories(signatories),
    )
    statement.topics.set(list(topics))
    statement.issuer_organizations.set(organizations)
    translation = StatementTranslation.objects.create(
        statement=statement,
        language=source_language,
        title=title,
        subtitle=subtitle,
        body=body,
        demands=_clean_demands(demands),
        updated_at=published_at,
    )
    _snapshot(translation, acting_user=acting_user, note="imported")
    index_statement(statement)
    statement_page_forget(statement)
    audit_record(actor=acting_user, action=AuditAction.STATEMENT_IMPORT, obj=statement)
    return statement


@transaction.atomic
def statement_update(
    *,
    statement: Statement,
    acting_user: User,
    issued_on: date | None = None,
    place: str | None = None,
    issuer_kind: str | None = None,
    issuer_name: str | None = None,
    issuer_chapter: Chapter | bool | None = False,
    issuer_organizations: Iterable[Organization] | None = None,
    signatories: Sequence[tuple[str, str, str]] | None = None,
    contact: str | None = None,
    occasion: Occasion | bool | None = False,
    topics: Iterable[Topic] | None = None,
    campaign: str | None = None,
    open_for_endorsement: bool | None = None,
    correction_note: str = "",
) -> Statement:
    """Change the details around the text. Arguments left out stay (`issuer_chapter` and
    `occasion`: False; None clears them); a new issuer kind without its chapter or
    organizations drops the old ones.

    What the page prints (date, place, issuer, signatories: `printed_details`) follows the rules
    of the text: on an approved statement a change sends it back to review (the approval was
    for what is printed); on a published one it is a correction, with a public note, and every
    language keeps a version with the new details. The rest (reference/contact, occasion,
    topics, campaign, open for endorsement) may change at any time without either. A withdrawn
    statement cannot change.
    """
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status == Status.WITHDRAWN:
        raise StatementRuleError(_("A withdrawn statement cannot be changed."))
    before = printed_details(statement)
    old_organizations = sorted(statement.issuer_organizations.values_list("pk", flat=True))
    # The issuer: the kind, its chapter or organizations, and the name as printed, together.
    kind = statement.issuer_kind if issuer_kind is None else issuer_kind
    chapter = statement.issuer_chapter if issuer_chapter is False else issuer_chapter
    if issuer_chapter is False and issuer_kind not in (None, Statement.Issuer.CHAPTER):
        chapter = None
    if issuer_organizations is not None:
        organizations = list(issuer_organizations)
    elif issuer_kind not in (None, Statement.Issuer.JOINT):
        organizations = []
    else:
        organizations = list(statement.issuer_organizations.all())
    name = single_line(statement.issuer_name if issuer_name is None else issuer_name)[:300]
    kind = _issuer(
        kind=kind,
        chapter=chapter,  # type: ignore[arg-type]
        organizations=organizations,
        name=name,
        already=frozenset(old_organizations),
        name_is_new=name != statement.issuer_name,
    )
    values: dict[str, Any] = {
        "issued_on": issued_on,
        "place": None if place is None else single_line(place)[:200],
        "issuer_kind": kind,
        "issuer_name": name,
        "contact": None if contact is None else contact.strip()[:300],
        "campaign": None if campaign is None else campaign.strip()[:200],
        "open_for_endorsement": open_for_endorsement,
        "signatories": None if signatories is None else _signatories(signatories),
    }
    changes: dict[str, Any] = {}
    for field, value in values.items():
        if value is not None and getattr(statement, field) != value:
            changes[field] = [str(getattr(statement, field)), str(value)]
            setattr(statement, field, value)
    if statement.issuer_chapter != chapter:
        changes["issuer_chapter"] = [str(statement.issuer_chapter or ""), str(chapter or "")]
        statement.issuer_chapter = chapter  # type: ignore[assignment]
    if occasion is not False and statement.occasion != occasion:
        changes["occasion"] = [str(statement.occasion or ""), str(occasion or "")]
        statement.occasion = occasion  # type: ignore[assignment]
    statement.save()
    if sorted(o.pk for o in organizations) != old_organizations:
        statement.issuer_organizations.set(organizations)
        changes["issuer_organizations"] = [old_organizations, sorted(o.pk for o in organizations)]
    if topics is not None:
        topics = list(topics)
        statement.topics.set(topics)
        changes["topics"] = sorted(t.slug for t in topics)
    after = printed_details(statement)
    action = AuditAction.STATEMENT_UPDATE
    if after != before:
        note = correction_note.strip()
        if statement.status == Status.PUBLISHED:
            if not note:
                raise StatementRuleError(
                    _(
                        "This statement is published: say what you corrected in its date, "
                        "place, issuer or signatories; readers will see the note."
                    ),
                    field="correction_note",
                )
            Correction.objects.create(statement=statement, language="", note=note)
            statement.corrected_at = timezone.now()
            statement.save(update_fields=["corrected_at"])
            changes["correction"] = note
            action = AuditAction.STATEMENT_CORRECT
        elif statement.status == Status.APPROVED:
            statement.status = Status.IN_REVIEW
            statement.approved_at = None
            statement.approved_by = None
            statement.save(update_fields=["status", "approved_at", "approved_by"])
            changes["status"] = [Status.APPROVED, Status.IN_REVIEW]
        for translation in statement.translations.all():
            _snapshot(translation, acting_user=acting_user, note=note, details=after)
    if changes.keys() & {"issued_on", "place", "issuer_name"}:
        index_statement(
            statement
        )  # the search document holds them, and the date orders the results
    statement_page_forget(statement)
    audit_record(actor=acting_user, action=action, obj=statement, changes=changes)
    return statement


@transaction.atomic
def statement_translation_save(
    *,
    statement: Statement,
    language: str,
    acting_user: User | None,
    title: str,
    subtitle: str = "",
    body: str = "",
    demands: Sequence[str] = (),
    up_to_date: bool = True,
    correction_note: str = "",
) -> StatementTranslation:
    """Write one language of a statement, keeping the previous text as a version.

    Editing the source makes every translation out of date (until a translator saves it with
    `up_to_date`). Editing an approved statement sends it back to review: the approval was for
    the old text. Editing a published one is a correction and needs a public note.
    """
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status == Status.WITHDRAWN:
        raise StatementRuleError(_("A withdrawn statement cannot be changed."))
    translation = statement.translations.filter(language=language).first()
    created = translation is None
    # A new language of a published statement is not a correction; a changed one is.
    if statement.status == Status.PUBLISHED and not created and not correction_note.strip():
        raise StatementRuleError(
            _("This statement is published: say what you corrected, readers will see the note.")
        )
    title = single_line(title)
    if not title:
        raise StatementRuleError(_("A title is needed."))
    source = statement.translations.filter(language=statement.source_language).first()
    if translation is None:
        translation = StatementTranslation(statement=statement, language=language)
    else:
        translation.revision += 1
    translation.title = title
    translation.subtitle = subtitle.strip()
    translation.body = body
    translation.demands = _clean_demands(demands)
    translation.updated_at = timezone.now()
    if language == statement.source_language:
        translation.source_revision = translation.revision
    elif up_to_date or created:
        translation.source_revision = source.revision if source else 1
    translation.save()
    note = correction_note.strip()
    _snapshot(translation, acting_user=acting_user, note=note, details=printed_details(statement))
    index_statement(statement)
    changes: dict[str, Any] = {"language": language, "revision": translation.revision}
    if statement.status == Status.APPROVED:
        statement.status = Status.IN_REVIEW
        statement.approved_at = None
        statement.approved_by = None
        statement.save(update_fields=["status", "approved_at", "approved_by"])
        changes["status"] = [Status.APPROVED, Status.IN_REVIEW]
    if statement.status == Status.PUBLISHED and not created:
        Correction.objects.create(statement=statement, language=language, note=note)
        statement.corrected_at = timezone.now()
        statement.save(update_fields=["corrected_at"])
        changes["correction"] = note
    action = (
        AuditAction.STATEMENT_TRANSLATION_ADD if created else AuditAction.STATEMENT_TRANSLATION_EDIT
    )
    if statement.status == Status.PUBLISHED and not created:
        action = AuditAction.STATEMENT_CORRECT
    statement_page_forget(statement)
    audit_record(actor=acting_user, action=action, obj=statement, changes=changes)
    return translation


@transaction.atomic
def legacy_redirect_add(
    *, old_path: str, translation: StatementTranslation, acting_user: User | None
) -> LegacyRedirect:
    """Keep an old site's address working: it will redirect to the translation's page."""
    redirect, _created = LegacyRedirect.objects.update_or_create(
        old_path=old_path[:500], defaults={"translation": translation}
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.STATEMENT_REDIRECT_ADD,
        obj=translation.statement,
        changes={"old_path": old_path},
    )
    return redirect
