"""Chapters: national chapters and regional coordinating bodies, their names over time and
their member organizations."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record, model_changes
from alyansa.core.text import single_line
from alyansa.members.audit_actions import Action
from alyansa.members.models import Chapter, ChapterName, Country, Organization, Region
from alyansa.members.services.common import MembershipRuleError
from alyansa.members.services.organizations import SINGLE_LINE_FIELDS, unique_slug


@transaction.atomic
def chapter_create(
    *,
    name: str,
    kind: Chapter.Kind | str,
    region: Region,
    acting_user: User | None,
    acronym: str = "",
    country: Country | None = None,
    organizations: Iterable[Organization] = (),
    email: str = "",
    description: dict[str, str] | None = None,
) -> Chapter:
    """A national chapter or regional coordinating body: a group of members that acts and
    publishes in its own name."""
    if Chapter.Kind(kind) == Chapter.Kind.NATIONAL and country is None:
        raise MembershipRuleError(_("A national chapter needs its country."))
    chapter = Chapter.objects.create(
        name=single_line(name),
        acronym=single_line(acronym),
        kind=kind,
        region=region,
        country=country,
        slug=unique_slug(Chapter, acronym or name),
        email=email,
        description=description or {},
    )
    chapter.organizations.set(list(organizations))
    audit_record(
        actor=acting_user,
        action=Action.CHAPTER_CREATE,
        obj=chapter,
        changes={"organizations": chapter.organizations.count()},
    )
    return chapter


CHAPTER_FIELDS = ["name", "acronym", "kind", "region", "country", "email", "description"]


@transaction.atomic
def chapter_update(
    *,
    chapter: Chapter,
    changes: dict[str, Any],
    acting_user: User,
    renamed_on: datetime.date | None = None,
) -> Chapter:
    """Rename a chapter or change its details (kind, region, country, e-mail, description).

    The address (slug) stays, so that links to the chapter and to what it published keep
    working. A new name or acronym keeps the old ones among the chapter's former names, used
    until the day before `renamed_on` (today if not given); renamings follow each other in
    time. A national chapter keeps a country."""
    unknown = set(changes) - set(CHAPTER_FIELDS)
    if unknown:
        raise ValueError(f"Not chapter fields: {sorted(unknown)}")
    # One change at a time; and the values compared are the database's, not a stale copy's.
    Chapter.objects.select_for_update().filter(pk=chapter.pk).first()
    chapter.refresh_from_db(fields=CHAPTER_FIELDS)
    before = {name: getattr(chapter, name) for name in CHAPTER_FIELDS}
    for name, value in changes.items():
        if name == "description":
            value = {k: v.strip() for k, v in (value or {}).items() if v and v.strip()}
        elif name in SINGLE_LINE_FIELDS:
            value = single_line(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(chapter, name, value)
    if not chapter.name:
        raise MembershipRuleError(_("A chapter needs a name."))
    if Chapter.Kind(chapter.kind) == Chapter.Kind.NATIONAL and chapter.country is None:
        raise MembershipRuleError(_("A national chapter needs its country."))
    diff = model_changes(chapter, before, CHAPTER_FIELDS)
    if not diff:
        return chapter
    if "name" in diff or "acronym" in diff:
        today = timezone.localdate()
        day = renamed_on or today
        if day > today + datetime.timedelta(days=1):
            raise MembershipRuleError(_("A renaming cannot be recorded for a future date."))
        last = chapter.former_names.order_by("-until").first()
        if last is not None and day <= last.until + datetime.timedelta(days=1):
            raise MembershipRuleError(
                _("The chapter was already renamed on %(date)s: a new name comes after it.")
                % {"date": (last.until + datetime.timedelta(days=1)).isoformat()}
            )
        ChapterName.objects.create(
            chapter=chapter,
            name=before["name"],
            acronym=before["acronym"],
            until=day - datetime.timedelta(days=1),
        )
        diff["renamed_on"] = day.isoformat()
    chapter.save(update_fields=[name for name in CHAPTER_FIELDS if name in diff])
    audit_record(actor=acting_user, action=Action.CHAPTER_UPDATE, obj=chapter, changes=diff)
    return chapter


@transaction.atomic
def chapter_set_organizations(
    *, chapter: Chapter, organizations: Iterable[Organization], acting_user: User
) -> Chapter:
    old = set(chapter.organizations.values_list("pk", flat=True))
    new_list = list(organizations)
    chapter.organizations.set(new_list)
    new = {org.pk for org in new_list}
    audit_record(
        actor=acting_user,
        action=Action.CHAPTER_ORGANIZATIONS,
        obj=chapter,
        changes={"added": sorted(new - old), "removed": sorted(old - new)},
    )
    return chapter
