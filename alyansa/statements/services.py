"""Every change to statements, their translations and their endorsements.

Each function is one transaction with one audit row. The workflow is
draft → in review → approved (by an officer) → published (now or later) → withdrawn;
a published statement is corrected by editing it with a public correction note.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from io import BytesIO
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alyansa.accounts.permissions import require_role
from alyansa.accounts.roles import Role
from alyansa.audit.services import audit_record
from alyansa.core.languages import per_language
from alyansa.core.markdown import markdown_to_text
from alyansa.core.search import FullTextIndex
from alyansa.core.text import single_line
from alyansa.members import public
from alyansa.members.models import Chapter, Organization
from alyansa.statements import uploads
from alyansa.statements.models import (
    Correction,
    Endorsement,
    ImportGroup,
    ImportJob,
    ImportProblem,
    LegacyRedirect,
    NamedInLanguages,
    Occasion,
    Statement,
    StatementImage,
    StatementTranslation,
    StatementVersion,
    Topic,
)

SEARCH_INDEX = FullTextIndex("statements_search")
Named = TypeVar("Named", bound=NamedInLanguages)
Status = Statement.Status
# A pending endorsement whose link was not followed in this many days is deleted (it holds an
# e-mail address, and nothing else needs it).
ENDORSEMENT_CONFIRM_DAYS = 14
# The public page's data is cached (selectors.statement_page) until a service here forgets it.
PAGE_CACHE_SECONDS = 6 * 3600


def page_cache_key(slug: str) -> str:
    return f"alyansa:statements:page:{slug}"


FACETS_CACHE_KEY = "alyansa:statements:facets"


def statement_page_forget(statement: Statement) -> None:
    """Drop the cached public page (and the archive's facets) once the change is committed,
    and now, for this process."""
    keys = [page_cache_key(statement.slug), FACETS_CACHE_KEY]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


# Addresses under /statements/ that the pages themselves use.
RESERVED_SLUGS = frozenset(
    {"feed", "manage", "endorse", "sitemap", "topics", "occasions", "import", "endorsements"}
)


# --- statements and translations -----------------------------------------------------------


def _search_document(statement: Statement) -> str:
    """Every language of the statement in one search document, with its issuer and place."""
    parts = [statement.issuer_name, statement.place]
    for translation in statement.translations.all():
        parts += [
            translation.title,
            translation.subtitle,
            markdown_to_text(translation.body),
            *[str(d) for d in translation.demands],
        ]
    return "\n".join(parts)


def _index(statement: Statement) -> None:
    """Re-index the statement: after any change to a translation, its date, issuer or place."""
    SEARCH_INDEX.put(
        owner_id=statement.pk, day=statement.issued_on, text=_search_document(statement)
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
    acting_user: Any,
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
        raise ValidationError(errors)
    return kind


def _slug_free(slug: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug or ""):
        raise ValidationError(_("The address may only hold lower-case letters, digits and dashes."))
    if slug in RESERVED_SLUGS or Statement.objects.filter(slug=slug).exists():
        raise ValidationError(_("Another statement already has this address."))
    return slug


@transaction.atomic
def statement_create(
    *,
    acting_user: Any,
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
    check_permission: bool = True,
) -> Statement:
    """The secretariat drafts a statement in its source language (version 1 of the source).

    The issuer is the alliance, a chapter (`issuer_chapter`) or several organizations jointly
    (`issuer_organizations`, and/or their names as printed in `issuer_name`): see `_issuer`.
    """
    if check_permission:
        require_role(acting_user, Role.SECRETARIAT)
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
    _index(statement)
    audit_record(actor=acting_user, action="statement.create", obj=statement)
    return statement


@transaction.atomic
def statement_import(
    *,
    acting_user: Any,
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
    if acting_user is not None:
        require_role(acting_user, Role.SECRETARIAT)
    title, place, issuer_name = single_line(title), single_line(place), single_line(issuer_name)
    statement = Statement.objects.create(
        slug=_slug_free(slug),
        source_language=source_language,
        issued_on=timezone.localdate(published_at),
        status=Status.PUBLISHED,
        published_at=published_at,
        approved_at=published_at,
        place=place,
        occasion=occasion,
        issuer_kind=Statement.Issuer.CHAPTER if issuer_chapter else issuer_kind,
        issuer_name=issuer_name,
        issuer_chapter=issuer_chapter,
        contact=contact,
        campaign=campaign,
        open_for_endorsement=open_for_endorsement,
        signatories=_signatories(signatories),
    )
    statement.topics.set(list(topics))
    if issuer_organizations:
        statement.issuer_organizations.set(list(issuer_organizations))
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
    _index(statement)
    statement_page_forget(statement)
    audit_record(actor=acting_user, action="statement.import", obj=statement)
    return statement


@transaction.atomic
def statement_update(
    *,
    statement: Statement,
    acting_user: Any,
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
    require_role(acting_user, Role.SECRETARIAT)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status == Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn statement cannot be changed."))
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
        kind=kind,  # type: ignore[arg-type]
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
    action = "statement.update"
    if after != before:
        note = correction_note.strip()
        if statement.status == Status.PUBLISHED:
            if not note:
                raise ValidationError(
                    {
                        "correction_note": _(
                            "This statement is published: say what you corrected in its date, "
                            "place, issuer or signatories; readers will see the note."
                        )
                    }
                )
            Correction.objects.create(statement=statement, language="", note=note)
            statement.corrected_at = timezone.now()
            statement.save(update_fields=["corrected_at"])
            changes["correction"] = note
            action = "statement.correct"
        elif statement.status == Status.APPROVED:
            statement.status = Status.IN_REVIEW
            statement.approved_at = None
            statement.approved_by = None
            statement.save(update_fields=["status", "approved_at", "approved_by"])
            changes["status"] = [Status.APPROVED, Status.IN_REVIEW]
        for translation in statement.translations.all():
            _snapshot(translation, acting_user=acting_user, note=note, details=after)
    if changes.keys() & {"issued_on", "place", "issuer_name"}:
        _index(statement)  # the search document holds them, and the date orders the results
    statement_page_forget(statement)
    audit_record(actor=acting_user, action=action, obj=statement, changes=changes)
    return statement


@transaction.atomic
def statement_translation_save(
    *,
    statement: Statement,
    language: str,
    acting_user: Any,
    title: str,
    subtitle: str = "",
    body: str = "",
    demands: Sequence[str] = (),
    up_to_date: bool = True,
    correction_note: str = "",
    check_permission: bool = True,
) -> StatementTranslation:
    """Write one language of a statement, keeping the previous text as a version.

    Editing the source makes every translation out of date (until a translator saves it with
    `up_to_date`). Editing an approved statement sends it back to review: the approval was for
    the old text. Editing a published one is a correction and needs a public note.
    """
    if check_permission:
        require_role(acting_user, Role.SECRETARIAT)
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.status == Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn statement cannot be changed."))
    translation = statement.translations.filter(language=language).first()
    created = translation is None
    # A new language of a published statement is not a correction; a changed one is.
    if statement.status == Status.PUBLISHED and not created and not correction_note.strip():
        raise ValidationError(
            _("This statement is published: say what you corrected, readers will see the note.")
        )
    title = single_line(title)
    if not title:
        raise ValidationError(_("A title is needed."))
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
    _index(statement)
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
    action = "statement.translation_add" if created else "statement.translation_edit"
    if statement.status == Status.PUBLISHED and not created:
        action = "statement.correct"
    statement_page_forget(statement)
    audit_record(actor=acting_user, action=action, obj=statement, changes=changes)
    return translation


def _move(statement: Statement, *, expected: Iterable[str], to: str) -> tuple[Statement, bool]:
    """Lock the row and check the step is allowed. Returns (statement, False) when it is in the
    target state already: a double click or a retried request changes nothing."""
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    if locked.status == to:
        return locked, False
    if locked.status not in set(expected):
        raise ValidationError(
            _("This cannot be done while the statement is “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    locked.status = to
    return locked, True


@transaction.atomic
def statement_submit(*, statement: Statement, acting_user: Any) -> Statement:
    """The secretariat sends a draft to the officers for review."""
    require_role(acting_user, Role.SECRETARIAT)
    statement, moved = _move(statement, expected=[Status.DRAFT], to=Status.IN_REVIEW)
    if not moved:
        return statement
    statement.save(update_fields=["status"])
    audit_record(actor=acting_user, action="statement.submit", obj=statement)
    return statement


@transaction.atomic
def statement_return_to_draft(
    *, statement: Statement, acting_user: Any, note: str = ""
) -> Statement:
    """An officer sends a statement in review (or approved, not yet published) back to draft."""
    require_role(acting_user, Role.OFFICER)
    statement, moved = _move(
        statement, expected=[Status.IN_REVIEW, Status.APPROVED], to=Status.DRAFT
    )
    if not moved:
        return statement
    statement.approved_at = None
    statement.approved_by = None
    statement.save(update_fields=["status", "approved_at", "approved_by"])
    statement_page_forget(statement)
    audit_record(
        actor=acting_user, action="statement.return", obj=statement, changes={"note": note}
    )
    return statement


@transaction.atomic
def statement_approve(*, statement: Statement, acting_user: Any) -> Statement:
    """Only an officer approves, and only a statement that is in review."""
    require_role(acting_user, Role.OFFICER)
    statement, moved = _move(statement, expected=[Status.IN_REVIEW], to=Status.APPROVED)
    if not moved:
        return statement
    statement.approved_at = timezone.now()
    statement.approved_by = acting_user
    statement.save(update_fields=["status", "approved_at", "approved_by"])
    audit_record(actor=acting_user, action="statement.approve", obj=statement)
    return statement


@transaction.atomic
def statement_publish(
    *, statement: Statement, acting_user: Any, at: datetime | None = None
) -> Statement:
    """Publish an approved statement now, or at `at` (it becomes public when that time passes).

    A scheduled statement can be re-scheduled by publishing it again before its time.
    """
    require_role(acting_user, Role.SECRETARIAT, Role.OFFICER)
    locked = Statement.objects.select_for_update().get(pk=statement.pk)
    rescheduling = locked.status == Status.PUBLISHED and locked.is_scheduled
    if locked.status == Status.PUBLISHED and not rescheduling and at is None:
        return locked  # public already: publishing twice changes nothing
    if locked.status != Status.APPROVED and not rescheduling:
        raise ValidationError(_("Only an approved statement can be published."))
    if at is not None and timezone.is_naive(at):
        raise ValidationError(_("The publication time needs a time zone."))
    now = timezone.now()
    locked.status = Status.PUBLISHED
    locked.published_at = at if at is not None and at > now else now
    locked.save(update_fields=["status", "published_at"])
    statement_page_forget(locked)
    audit_record(
        actor=acting_user,
        action="statement.publish",
        obj=locked,
        changes={"published_at": locked.published_at.isoformat()},
    )
    return locked


@transaction.atomic
def statement_withdraw(*, statement: Statement, acting_user: Any, note: str) -> Statement:
    """Withdraw a published statement. Its page stays, with the public note saying why."""
    require_role(acting_user, Role.SECRETARIAT, Role.OFFICER)
    if not note.strip():
        raise ValidationError(_("Say why the statement is withdrawn; readers will see it."))
    statement, moved = _move(statement, expected=[Status.PUBLISHED], to=Status.WITHDRAWN)
    if not moved:
        return statement
    statement.withdrawn_at = timezone.now()
    statement.withdrawal_note = note.strip()
    statement.open_for_endorsement = False
    statement.save(
        update_fields=["status", "withdrawn_at", "withdrawal_note", "open_for_endorsement"]
    )
    statement_page_forget(statement)
    audit_record(
        actor=acting_user, action="statement.withdraw", obj=statement, changes={"note": note}
    )
    return statement


# What a topic's or an occasion's form says when the name or the address is missing.
_NAME_MISSING = {
    Topic: (gettext_lazy("Give the topic a name."), gettext_lazy("Give the topic an address.")),
    Occasion: (
        gettext_lazy("Give the occasion a name."),
        gettext_lazy("Give the occasion an address."),
    ),
}
# How a statement refers to each (the filter that finds the statements filed under one).
_FILED_UNDER = {Topic: "topics", Occasion: "occasion"}


def _named_create(
    model: type[Named], *, name: str, slug: str, acting_user: Any, names: dict[str, str] | None
) -> Named:
    """Topics and occasions alike: made by their address, or returned as they are."""
    if acting_user is not None:
        require_role(acting_user, Role.SECRETARIAT)
    no_name, no_slug = _NAME_MISSING[model]
    name = single_line(name)[:120]
    if not name:
        raise ValidationError({"name": str(no_name)})
    slug = slug.strip()[:80]
    if not slug:
        raise ValidationError({"slug": str(no_slug)})
    named, created = model._default_manager.get_or_create(
        slug=slug,
        defaults={"name": name, "names": per_language(names, max_length=120, default=name)},
    )
    if created:
        audit_record(actor=acting_user, action=f"{model._meta.model_name}.create", obj=named)
    return named


def _named_update(named: Named, *, acting_user: Any, name: str, names: dict[str, str]) -> Named:
    """Topics and occasions alike: a new default name and names per language, the address
    kept. The cached pages of the statements filed under it are forgotten."""
    require_role(acting_user, Role.SECRETARIAT)
    model = type(named)
    named = model._default_manager.select_for_update().get(pk=named.pk)
    name = single_line(name)[:120]
    if not name:
        raise ValidationError({"name": str(_NAME_MISSING[model][0])})
    cleaned = per_language(names, max_length=120, default=name)
    changes: dict[str, Any] = {}
    if named.name != name:
        changes["name"] = [named.name, name]
    if named.names != cleaned:
        changes["names"] = [named.names, cleaned]
    if not changes:
        return named
    named.name, named.names = name, cleaned
    named.save(update_fields=["name", "names"])
    # Statement pages are cached with their topics and occasion: forget those that show it.
    slugs = list(
        Statement.objects.filter(**{_FILED_UNDER[model]: named}).values_list("slug", flat=True)
    )
    keys = [page_cache_key(slug) for slug in slugs] + [FACETS_CACHE_KEY]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
    audit_record(
        actor=acting_user, action=f"{model._meta.model_name}.update", obj=named, changes=changes
    )
    return named


@transaction.atomic
def topic_create(
    *, name: str, slug: str, acting_user: Any, names: dict[str, str] | None = None
) -> Topic:
    """A topic by its slug, with its default name and its names in other languages; an
    existing one is returned as it is (the importer asks for each post's topics)."""
    return _named_create(Topic, name=name, slug=slug, acting_user=acting_user, names=names)


@transaction.atomic
def topic_update(*, topic: Topic, acting_user: Any, name: str, names: dict[str, str]) -> Topic:
    """Rename a topic: its default name and its names in other languages (`names`, by language
    code; a language left out or empty shows the default name). The address stays, so links
    and feeds filtered by the topic keep working."""
    return _named_update(topic, acting_user=acting_user, name=name, names=names)


@transaction.atomic
def occasion_create(
    *, name: str, slug: str, acting_user: Any, names: dict[str, str] | None = None
) -> Occasion:
    """An occasion (International Migrants Day, May Day, ...) by its slug, with its default
    name and its names in other languages; an existing one is returned as it is."""
    return _named_create(Occasion, name=name, slug=slug, acting_user=acting_user, names=names)


@transaction.atomic
def occasion_update(
    *, occasion: Occasion, acting_user: Any, name: str, names: dict[str, str]
) -> Occasion:
    """Rename an occasion, as topic_update renames a topic: the address (`?occasion=`) stays."""
    return _named_update(occasion, acting_user=acting_user, name=name, names=names)


@transaction.atomic
def legacy_redirect_add(
    *, old_path: str, translation: StatementTranslation, acting_user: Any
) -> LegacyRedirect:
    """Keep an old site's address working: it will redirect to the translation's page."""
    redirect, _created = LegacyRedirect.objects.update_or_create(
        old_path=old_path[:500], defaults={"translation": translation}
    )
    audit_record(
        actor=acting_user,
        action="statement.redirect_add",
        obj=translation.statement,
        changes={"old_path": old_path},
    )
    return redirect


def search_index_rebuild() -> int:
    """Re-index every statement (after a restore, which does not carry the index)."""
    count = 0
    statements = Statement.objects.prefetch_related("translations").order_by("pk")
    with transaction.atomic():
        SEARCH_INDEX.clear()
        batch: list[tuple[int, date | None, str]] = []
        for statement in statements.iterator(chunk_size=500):
            batch.append((statement.pk, statement.issued_on, _search_document(statement)))
            if len(batch) == 500:
                SEARCH_INDEX.put_many(batch)
                batch = []
            count += 1
        SEARCH_INDEX.put_many(batch)
    return count


# --- endorsements --------------------------------------------------------------------------


def normalize_organization_name(name: str) -> str:
    """Case, accents, punctuation and spacing folded, so one organization is one endorsement."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if ch.isalnum()).casefold()[:300]


def _email_hash(email: str) -> str:
    return salted_hmac("alyansa.statements.endorsement", email.strip().lower()).hexdigest()


def endorsement_confirmation_token(endorsement: Endorsement) -> str:
    """The secret of the e-mailed link: '<id>.<HMAC of id and nonce>'."""
    mac = salted_hmac(
        "alyansa.statements.endorsement-confirm", f"{endorsement.pk}:{endorsement.nonce}"
    ).hexdigest()[:40]
    return f"{endorsement.pk}.{mac}"


def _send_confirmation(endorsement_id: int) -> None:
    from alyansa.statements.tasks import send_endorsement_confirmation

    send_endorsement_confirmation.enqueue(endorsement_id=endorsement_id)


@transaction.atomic
def endorsement_submit(
    *,
    statement: Statement,
    organization_name: str,
    email: str,
    country: str = "",
    kind: str = Endorsement.Kind.ALLY,
    language: str = "en",
) -> Endorsement:
    """An organization asks to sign on. Nothing is shown until the link in the e-mail is
    followed and the secretariat approves it.

    The pending row is committed before the e-mail is queued (on commit), so a crash in between
    loses nothing: submitting again sends a fresh link. The same organization (by its folded
    name) or the same address signing again is the same endorsement, never a second one.
    """
    if not statement.is_public() or not statement.open_for_endorsement:
        raise ValidationError(_("This statement is not open for endorsement."))
    name = single_line(organization_name)[:300]
    normalized = normalize_organization_name(name)
    if not normalized:
        raise ValidationError(_("Give the organization's name."))
    # Never an at-risk member: the form must not turn a typed acronym into its name, nor
    # answer differently when it matches one (the name stays as typed, and moderation
    # refuses to show it: endorsement_moderate).
    member = (
        Organization.objects.current_members()
        .exclude(public.hidden())
        .filter(Q(name__iexact=name) | Q(acronym__iexact=name))
        .first()
    )
    if member is not None:
        # A member organization, by its name or its acronym: one endorsement either way.
        name, kind = member.name, Endorsement.Kind.MEMBER
        normalized = normalize_organization_name(member.name)
    email = email.strip()
    email_hash = _email_hash(email)
    existing = (
        Endorsement.objects.select_for_update()
        .filter(statement=statement, normalized_name=normalized)
        .first()
        or Endorsement.objects.select_for_update()
        .filter(statement=statement, email_hash=email_hash)
        .first()
    )
    if existing is None:
        try:
            with transaction.atomic():
                endorsement = Endorsement.objects.create(
                    statement=statement,
                    organization_name=name,
                    organization=member,
                    normalized_name=normalized,
                    country=country.strip()[:100],
                    kind=kind,
                    email=email,
                    email_hash=email_hash,
                    nonce=secrets.token_hex(16),
                    language=language,
                )
        except IntegrityError:
            # A double click: the other request created it a moment ago.
            return Endorsement.objects.get(statement=statement, normalized_name=normalized)
        audit_record(actor=None, action="endorsement.submit", obj=endorsement)
    else:
        endorsement = existing
        if endorsement.status != Endorsement.Status.PENDING or endorsement.email_hash != email_hash:
            # Already signed (or another address claims the name): no second row, no mail,
            # and the page says the same thing as always, so nothing is revealed.
            return endorsement
        endorsement.nonce = secrets.token_hex(16)
        endorsement.save(update_fields=["nonce"])
        audit_record(actor=None, action="endorsement.resend", obj=endorsement)
    endorsement_id = endorsement.pk
    transaction.on_commit(lambda: _send_confirmation(endorsement_id))
    return endorsement


@transaction.atomic
def endorsement_confirm(*, token: str) -> Endorsement | None:
    """Follow the e-mailed link: the endorsement goes to the moderation queue, and the e-mail
    address is forgotten (only its keyed hash stays). Confirming twice changes nothing."""
    endorsement_id, _dot, _mac = token.partition(".")
    if not endorsement_id.isdigit():
        return None
    endorsement = (
        Endorsement.objects.select_for_update()
        .select_related("statement")
        .filter(pk=int(endorsement_id))
        .first()
    )
    if endorsement is None or not constant_time_compare(
        token, endorsement_confirmation_token(endorsement)
    ):
        return None
    if endorsement.status != Endorsement.Status.PENDING:
        return endorsement
    if endorsement.created_at < timezone.now() - timedelta(days=ENDORSEMENT_CONFIRM_DAYS):
        return None
    endorsement.status = Endorsement.Status.CONFIRMED
    endorsement.confirmed_at = timezone.now()
    endorsement.email = ""
    endorsement.save(update_fields=["status", "confirmed_at", "email"])
    audit_record(actor=None, action="endorsement.confirm", obj=endorsement)
    return endorsement


def _recount_endorsements(statement_id: int) -> None:
    shown = Endorsement.objects.filter(statement_id=statement_id).public().count()
    Statement.objects.filter(pk=statement_id).update(endorsement_count=shown)


@transaction.atomic
def endorsement_record(
    *,
    statement: Statement,
    organization_name: str,
    acting_user: Any,
    country: str = "",
    organization: Organization | None = None,
) -> Endorsement:
    """The secretariat records an endorsement that came another way (a signed letter, a call
    at an assembly): shown at once, no e-mail involved. Recording it twice changes nothing."""
    if acting_user is not None:
        require_role(acting_user, Role.SECRETARIAT)
    name = organization.name if organization else single_line(organization_name)[:300]
    normalized = normalize_organization_name(name)
    if not normalized:
        raise ValidationError(_("Give the organization's name."))
    endorsement, created = Endorsement.objects.get_or_create(
        statement=statement,
        normalized_name=normalized,
        defaults={
            "organization_name": name,
            "organization": organization,
            "kind": Endorsement.Kind.MEMBER if organization else Endorsement.Kind.ALLY,
            "country": country[:100],
            # No address: a keyed hash of the name keeps the unique constraint meaningful.
            "email_hash": _email_hash(f"recorded:{normalized}"),
            "nonce": secrets.token_hex(16),
            "status": Endorsement.Status.APPROVED,
            "confirmed_at": timezone.now(),
            "moderated_at": timezone.now(),
            "moderated_by": acting_user,
        },
    )
    if created:
        _recount_endorsements(statement.pk)
        statement_page_forget(endorsement.statement)
        audit_record(actor=acting_user, action="endorsement.record", obj=endorsement)
    return endorsement


@transaction.atomic
def endorsement_moderate(
    *, endorsement: Endorsement, acting_user: Any, approve: bool
) -> Endorsement:
    """The secretariat shows (or rejects) a confirmed endorsement. A typed name that is an
    at-risk organization's cannot be shown: anyone may type it, so showing it (or counting it)
    would confirm that the organization exists. Its coordinator endorses while signed in."""
    require_role(acting_user, Role.SECRETARIAT)
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.status == Endorsement.Status.PENDING:
        raise ValidationError(_("This endorsement has not been confirmed by e-mail yet."))
    if approve and endorsement_names_unnameable(endorsement):
        raise ValidationError(UNNAMEABLE_ENDORSEMENT)
    endorsement.status = Endorsement.Status.APPROVED if approve else Endorsement.Status.REJECTED
    endorsement.moderated_at = timezone.now()
    endorsement.moderated_by = acting_user
    endorsement.save(update_fields=["status", "moderated_at", "moderated_by"])
    _recount_endorsements(endorsement.statement_id)
    statement_page_forget(endorsement.statement)
    audit_record(
        actor=acting_user,
        action="endorsement.approve" if approve else "endorsement.reject",
        obj=endorsement,
    )
    return endorsement


UNNAMEABLE_ENDORSEMENT = _(
    "This name is an organization's that cannot be named in public: it cannot be shown. "
    "Reject it; the organization's coordinator can endorse while signed in."
)


def endorsement_names_unnameable(endorsement: Endorsement, words: list[str] | None = None) -> bool:
    """A typed name (no registry organization behind it) that names an at-risk organization."""
    return endorsement.organization_id is None and public.mentions_unnameable(
        endorsement.organization_name, words
    )


@transaction.atomic
def endorsement_by_coordinator(
    *, statement: Statement, organization: Organization, acting_user: Any
) -> Endorsement:
    """A signed-in coordinator endorses in the organization's name: shown at once (no e-mail,
    no moderation: the account is the proof). An at-risk organization's endorsement is counted
    and shown as one of "N organizations that cannot be named". Endorsing twice changes
    nothing."""
    require_role(acting_user, Role.COORDINATOR, scope=organization)
    if not statement.is_public() or not statement.open_for_endorsement:
        raise ValidationError(_("This statement is not open for endorsement."))
    normalized = normalize_organization_name(organization.name)
    endorsement = (
        Endorsement.objects.select_for_update()
        .filter(statement=statement)
        .filter(Q(organization=organization) | Q(normalized_name=normalized))
        .first()
    )
    if endorsement is None:
        endorsement = Endorsement.objects.create(
            statement=statement,
            organization_name=organization.name,
            organization=organization,
            normalized_name=normalized,
            kind=Endorsement.Kind.MEMBER,
            email_hash=_email_hash(f"coordinator:{organization.pk}"),
            nonce=secrets.token_hex(16),
            status=Endorsement.Status.APPROVED,
            confirmed_at=timezone.now(),
            moderated_at=timezone.now(),
            moderated_by=acting_user,
        )
    elif endorsement.status != Endorsement.Status.APPROVED:
        # Someone typed the name before: the coordinator's word settles it.
        endorsement.organization = organization
        endorsement.organization_name = organization.name
        endorsement.kind = Endorsement.Kind.MEMBER
        endorsement.status = Endorsement.Status.APPROVED
        endorsement.email = ""
        endorsement.moderated_at = timezone.now()
        endorsement.moderated_by = acting_user
        endorsement.save(
            update_fields=[
                "organization",
                "organization_name",
                "kind",
                "status",
                "email",
                "moderated_at",
                "moderated_by",
            ]
        )
    else:
        return endorsement
    _recount_endorsements(statement.pk)
    statement_page_forget(statement)
    audit_record(actor=acting_user, action="endorsement.by_coordinator", obj=endorsement)
    return endorsement


@transaction.atomic
def endorsement_forget_unconfirmed(*, now: datetime | None = None) -> int:
    """Delete pending endorsements older than ENDORSEMENT_CONFIRM_DAYS (they hold an address)."""
    cutoff = (now or timezone.now()) - timedelta(days=ENDORSEMENT_CONFIRM_DAYS)
    deleted, _detail = Endorsement.objects.filter(
        status=Endorsement.Status.PENDING, created_at__lt=cutoff
    ).delete()
    if deleted:
        audit_record(
            actor=None, action="endorsement.forget_unconfirmed", changes={"count": deleted}
        )
    return deleted


# --- images --------------------------------------------------------------------------------

MAX_IMAGE_SIDE = 1600
MAX_IMAGE_BYTES = 15 * 1024 * 1024


def _in_srgb(picture: Any) -> Any:
    """The pixels in sRGB, so that the colour profile need not travel with them (a phone's
    Display P3 photo would look dull once its profile is dropped)."""
    from PIL import ImageCms

    icc = picture.info.get("icc_profile")
    if not icc or picture.mode not in ("RGB", "L"):
        return picture
    try:
        source = ImageCms.ImageCmsProfile(BytesIO(icc))
        converted = ImageCms.profileToProfile(
            picture, source, ImageCms.createProfile("sRGB"), outputMode=picture.mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return picture  # a broken profile: keep the pixels as they are
    return converted or picture


def _reencode(data: bytes) -> tuple[bytes, tuple[int, int]]:
    """Decode and re-encode as JPEG: nothing but pixels is kept (no EXIF, GPS, XMP, ICC
    profile, Photoshop or IPTC data, no comment)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    # Pillow's own limit (about 89 megapixels) refuses decompression bombs.
    try:
        with Image.open(BytesIO(data)) as probe:
            probe.verify()
        with Image.open(BytesIO(data)) as opened:
            # Turn it upright by its EXIF orientation, before the EXIF is dropped.
            picture: Image.Image = ImageOps.exif_transpose(opened)
            picture.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
            if picture.mode not in ("RGB", "L"):
                background = Image.new("RGB", picture.size, "white")
                rgba = picture.convert("RGBA")
                background.paste(rgba, mask=rgba.getchannel("A"))
                background.info = picture.info
                picture = background
            picture = _in_srgb(picture)
            # Pillow writes the source's comment (`info["comment"]`) back unless told not to:
            # the decoded image's metadata is dropped, and only pixels are written.
            picture.info = {}
            out = BytesIO()
            picture.save(out, format="JPEG", quality=82, optimize=True, progressive=True)
            return out.getvalue(), picture.size
    except (
        UnidentifiedImageError,
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
    ) as error:
        raise ValidationError(_("This file is not a picture we can read.")) from error


@transaction.atomic
def statement_image_upload(
    *, data: bytes, alt: str, acting_user: Any, statement: Statement | None = None
) -> StatementImage:
    """Store an uploaded picture, resized and stripped of EXIF/GPS, on our own host.

    Done at once rather than in a background task on purpose: the original, with its location
    data, is never written to disk.
    """
    require_role(acting_user, Role.SECRETARIAT)
    if len(data) > MAX_IMAGE_BYTES:
        raise ValidationError(_("The picture is too large (at most 15 MB)."))
    clean, (width, height) = _reencode(data)
    image = StatementImage(
        key=secrets.token_hex(8), alt=alt[:300], statement=statement, width=width, height=height
    )
    image.image.save(f"{image.key}.jpg", ContentFile(clean), save=False)
    image.save()
    audit_record(actor=acting_user, action="statement.image_upload", obj=image)
    return image


# --- imports from the web ------------------------------------------------------------------
# The file is checked (a dry run) and, once someone confirms, imported, both by background
# tasks (tasks.py); the functions below are the steps, each a transaction with its audit row.
# An upload nobody confirms is forgotten after IMPORT_KEEP_DAYS.

IMPORT_KEEP_DAYS = 7
ImportStatus = ImportJob.Status


class ImportStopped(Exception):
    """The job this task works for was resumed by another task, or discarded: stop quietly."""


def _enqueue_import(job_id: int, attempt: int, *, run: bool) -> None:
    from alyansa.statements.tasks import import_job_check, import_job_run

    (import_job_run if run else import_job_check).enqueue(job_id=job_id, attempt=attempt)


@transaction.atomic
def import_job_create(
    *,
    acting_user: Any,
    files: Sequence[Any],
    default_language: str,
    language: str = "en",
) -> ImportJob:
    """The secretariat uploads a WordPress export or Markdown files. They are kept on disk under
    the data folder (a large export is read as a stream later, never into memory) and checked in
    the background: a dry run that saves no statement and reports what the import would do."""
    require_role(acting_user, Role.SECRETARIAT)
    if default_language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError({"default_language": _("Choose one of the site's languages.")})
    import_jobs_forget_stale()
    stored = uploads.store_upload(files)
    try:
        job = ImportJob.objects.create(
            kind=stored.kind,
            filename=stored.filename,
            size=stored.size,
            folder=stored.folder,
            default_language=default_language,
            language=language[:10],
            created_by=acting_user,
        )
        audit_record(
            actor=acting_user,
            action="statement.import_upload",
            obj=job,
            changes={"file": stored.filename, "size": stored.size, "kind": stored.kind},
        )
    except BaseException:
        uploads.remove_folder(stored.folder)
        raise
    transaction.on_commit(lambda: _enqueue_import(job.pk, job.attempt, run=False))
    return job


def import_job_progress(*, job_id: int, attempt: int, position: int) -> None:
    """How far the check has read: shown on the page, and a sign of life. No audit row: nobody
    changed anything. Raises ImportStopped when the job was discarded or resumed meanwhile."""
    updated = ImportJob.objects.filter(
        pk=job_id, attempt=attempt, status=ImportStatus.CHECKING
    ).update(position=position, heartbeat_at=timezone.now())
    if not updated:
        raise ImportStopped


@transaction.atomic
def import_job_checked(
    *, job_id: int, attempt: int, summary: dict[str, Any], problems: Sequence[tuple[str, str]]
) -> ImportJob | None:
    """The dry run is over: keep its report and every problem, and wait for a confirmation."""
    job = (
        ImportJob.objects.select_for_update()
        .filter(pk=job_id, attempt=attempt, status=ImportStatus.CHECKING)
        .first()
    )
    if job is None:
        return None
    job.check_report = summary
    job.status = ImportStatus.CHECKED
    job.checked_at = job.heartbeat_at = timezone.now()
    job.save(update_fields=["check_report", "status", "checked_at", "heartbeat_at"])
    job.problems.filter(phase=ImportProblem.Phase.CHECK).delete()
    ImportProblem.objects.bulk_create(
        [
            ImportProblem(
                job=job, phase=ImportProblem.Phase.CHECK, where=where[:300], message=message
            )
            for where, message in problems
        ],
        batch_size=500,
    )
    counts = {k: v for k, v in summary.items() if isinstance(v, int)}
    audit_record(actor=None, action="statement.import_check", obj=job, changes=counts)
    return job


@transaction.atomic
def import_job_confirm(*, job: ImportJob, acting_user: Any) -> ImportJob:
    """Someone of the secretariat has read the check and imports the file: the import runs in
    the background. Confirming twice (a double click) imports once."""
    require_role(acting_user, Role.SECRETARIAT)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status in (ImportStatus.IMPORTING, ImportStatus.DONE):
        return job
    if job.status != ImportStatus.CHECKED:
        raise ValidationError(_("Only a file that has been checked can be imported."))
    job.status = ImportStatus.IMPORTING
    job.attempt += 1
    job.position = 0
    job.heartbeat_at = job.confirmed_at = timezone.now()
    job.confirmed_by = acting_user
    job.save(
        update_fields=[
            "status",
            "attempt",
            "position",
            "heartbeat_at",
            "confirmed_at",
            "confirmed_by",
        ]
    )
    audit_record(actor=acting_user, action="statement.import_confirm", obj=job)
    attempt = job.attempt
    transaction.on_commit(lambda: _enqueue_import(job.pk, attempt, run=True))
    return job


@transaction.atomic  # a savepoint within the item's transaction, and safe on its own
def import_job_item_done(*, job_id: int, attempt: int, position: int, result: Any) -> None:
    """Called by the import inside each item's transaction: the job's place and counts move with
    the item, so a resumed import starts exactly after the last item saved. No audit row of its
    own: the statement, translation and redirect services write theirs.

    `result` is what the item became (importing.Outcome), a problem (where, why), or None.
    """
    from alyansa.statements.importing import Outcome

    counts: dict[str, Any] = {"position": position, "heartbeat_at": timezone.now()}
    if result is None:
        counts["skipped"] = F("skipped") + 1
    elif isinstance(result, Outcome):
        field = "statements" if result.kind == Outcome.STATEMENT else "translations"
        counts[field] = F(field) + 1
        counts["redirects"] = F("redirects") + len(result.redirects)
    updated = ImportJob.objects.filter(
        pk=job_id, attempt=attempt, status=ImportStatus.IMPORTING
    ).update(**counts)
    if not updated:
        raise ImportStopped
    if isinstance(result, tuple):
        where, message = result
        ImportProblem.objects.create(
            job_id=job_id, phase=ImportProblem.Phase.RUN, where=where[:300], message=message
        )
    elif isinstance(result, Outcome):
        if result.item.group:
            group, created = ImportGroup.objects.get_or_create(
                job_id=job_id,
                key=result.item.group[:200],
                defaults={"statement_id": result.statement_id, "languages": ""},
            )
            if result.kind == Outcome.STATEMENT and not created:
                group.statement_id, group.languages = result.statement_id, ""
            group.languages = f"{group.languages} {result.item.language}".strip()[:200]
            group.save(update_fields=["statement", "languages"])
        if result.new_topics:
            job = ImportJob.objects.select_for_update().get(pk=job_id)
            job.new_topics = [*job.new_topics, *sorted(result.new_topics.items())]
            job.save(update_fields=["new_topics"])


@transaction.atomic
def import_job_finish(*, job_id: int, attempt: int) -> ImportJob | None:
    """The import has read the whole file: the upload is deleted, the report stays."""
    job = (
        ImportJob.objects.select_for_update()
        .filter(pk=job_id, attempt=attempt, status=ImportStatus.IMPORTING)
        .first()
    )
    if job is None:
        return None
    job.status = ImportStatus.DONE
    job.finished_at = job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "finished_at", "heartbeat_at"])
    job.groups.all().delete()  # needed only to resume
    folder = job.folder
    transaction.on_commit(lambda: uploads.remove_folder(folder))
    audit_record(
        actor=None,
        action="statement.import_finish",
        obj=job,
        changes={
            "statements": job.statements,
            "translations": job.translations,
            "redirects": job.redirects,
            "problems": job.problems.filter(phase=ImportProblem.Phase.RUN).count(),
        },
    )
    return job


@transaction.atomic
def import_job_fail(*, job_id: int, attempt: int, error: str) -> ImportJob | None:
    """The check or the import stopped on an error it could not report per item (a file that
    cannot be opened, a database that went away). What was imported stays; it can be resumed."""
    job = (
        ImportJob.objects.select_for_update()
        .filter(
            pk=job_id, attempt=attempt, status__in=[ImportStatus.CHECKING, ImportStatus.IMPORTING]
        )
        .first()
    )
    if job is None:
        return None
    job.status = ImportStatus.FAILED
    job.error = error[:2000]
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["status", "error", "heartbeat_at"])
    audit_record(actor=None, action="statement.import_fail", obj=job, changes={"error": job.error})
    return job


@transaction.atomic
def import_job_resume(*, job: ImportJob, acting_user: Any) -> ImportJob:
    """Start again a check or an import that stopped: on an error, or because nothing was heard
    of it for a while (the worker was not running, or restarted). A check starts over; an import
    goes on after the last item it saved, so nothing is imported twice."""
    require_role(acting_user, Role.SECRETARIAT)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportStatus.FAILED and not job.is_stalled():
        raise ValidationError(_("This import is not stopped: there is nothing to resume."))
    run = job.confirmed_at is not None
    job.status = ImportStatus.IMPORTING if run else ImportStatus.CHECKING
    job.attempt += 1
    job.error = ""
    job.heartbeat_at = timezone.now()
    if not run:
        job.position = 0
    job.save(update_fields=["status", "attempt", "error", "heartbeat_at", "position"])
    audit_record(
        actor=acting_user,
        action="statement.import_resume",
        obj=job,
        changes={"from_item": job.position + 1 if run else 1},
    )
    attempt = job.attempt
    transaction.on_commit(lambda: _enqueue_import(job.pk, attempt, run=run))
    return job


@transaction.atomic
def import_job_discard(*, job: ImportJob, acting_user: Any) -> ImportJob:
    """Drop an upload that will not be imported (or not further): its file is deleted. What an
    import that stopped halfway had saved stays; the report says how much that was."""
    require_role(acting_user, Role.SECRETARIAT)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status in (ImportStatus.DISCARDED, ImportStatus.DONE):
        return job
    if job.status == ImportStatus.IMPORTING and not job.is_stalled():
        raise ValidationError(_("The import is running; wait until it has finished."))
    job.status = ImportStatus.DISCARDED
    job.attempt += 1  # a task still queued for it will stop
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "attempt", "finished_at"])
    job.groups.all().delete()
    folder = job.folder
    transaction.on_commit(lambda: uploads.remove_folder(folder))
    audit_record(actor=acting_user, action="statement.import_discard", obj=job)
    return job


@transaction.atomic
def import_jobs_forget_stale(*, now: datetime | None = None) -> int:
    """Delete the files of uploads checked but not imported within IMPORT_KEEP_DAYS, and those
    no job owns (an upload cut off halfway). Their reports stay."""
    cutoff = (now or timezone.now()) - timedelta(days=IMPORT_KEEP_DAYS)
    stale = list(
        ImportJob.objects.select_for_update().filter(
            status__in=[ImportStatus.CHECKED, ImportStatus.FAILED], heartbeat_at__lt=cutoff
        )
    )
    for job in stale:
        job.status = ImportStatus.DISCARDED
        job.attempt += 1
        job.finished_at = now or timezone.now()
        job.save(update_fields=["status", "attempt", "finished_at"])
    kept = set(
        ImportJob.objects.exclude(
            status__in=[ImportStatus.DISCARDED, ImportStatus.DONE]
        ).values_list("folder", flat=True)
    )
    forget = [job.folder for job in stale] + [
        folder for folder in uploads.folders_on_disk() if folder not in kept
    ]

    def remove() -> None:
        for folder in forget:
            uploads.remove_folder(folder)

    transaction.on_commit(remove)
    uploads.remove_old_temporary_files(older_than_seconds=86400)
    if stale:
        audit_record(
            actor=None,
            action="statement.import_forget_stale",
            changes={"jobs": [job.pk for job in stale]},
        )
    return len(stale)
