"""Writing a checked import file (alyansa.members.importing) to the registry in bulk: all or
nothing."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record
from alyansa.members import public
from alyansa.members.audit_actions import Action
from alyansa.members.models import Membership, MembershipEvent, Organization
from alyansa.members.services.common import MembershipRuleError
from alyansa.members.services.organizations import (
    RESERVED_SLUGS,
    at_risk_slug,
    public_fields_kept,
)

# Rows per INSERT: fewer round trips; SQLite's variable limit is handled by Django itself.
IMPORT_BATCH = 5000


@transaction.atomic
def organizations_import(*, rows: list[Any], acting_user: User | None, source: str = "") -> int:
    """Write checked rows (alyansa.members.importing.check_rows) in bulk: all or nothing.
    Returns how many organizations were created or updated.

    A new organization's history starts with the imported status on its date, decided by the
    body the row names. An organization already in the registry gets the file's values for the
    columns the file has, and a new status or category as the next step of its history. Refuses
    if any row has an error, and if a membership changed since the rows were checked, so that
    the dry run's preview is what gets written."""
    bad = [row for row in rows if not row.ok]
    if bad:
        raise MembershipRuleError(
            _("%(count)d rows have errors; nothing was written.") % {"count": len(bad)}
        )
    now = timezone.now()
    new_rows = [row for row in rows if row.organization_id is None]
    changed_rows = [row for row in rows if row.organization_id is not None and row.changes]
    _import_new(new_rows, now=now, recorded_by=acting_user)
    _import_changes(changed_rows, now=now, recorded_by=acting_user)
    audit_record(
        actor=acting_user,
        action=Action.ORGANIZATION_IMPORT,
        changes={
            "count": len(new_rows) + len(changed_rows),
            "created": len(new_rows),
            "updated": sorted(row.organization_id for row in changed_rows),
            "unchanged": len(rows) - len(new_rows) - len(changed_rows),
            "source": source[:200],
        },
    )
    return len(new_rows) + len(changed_rows)


_RELATION_COLUMN = {
    "sectors": "sector_id",
    "nationalities": "country_id",
    "languages": "language_id",
}


def _import_new(rows: list[Any], *, now: datetime.datetime, recorded_by: User | None) -> None:
    if not rows:
        return
    taken = set(Organization.objects.values_list("slug", flat=True))
    organizations = []
    for row in rows:
        v = row.values
        if v["at_risk"]:
            slug = at_risk_slug()
        else:
            base = slugify(v["acronym"] or v["name"])[:70] or "org"
            slug, number = base, 1
            while slug in taken or slug in RESERVED_SLUGS:
                number += 1
                slug = f"{base}-{number}"
            taken.add(slug)
        organizations.append(
            Organization(
                name=v["name"],
                acronym=v["acronym"],
                slug=slug,
                country=v["country"],
                city=v["city"],
                region=v["region"],
                website=v["website"],
                email=v["email"],
                description=v["description"],
                at_risk=v["at_risk"],
                public_fields=public_fields_kept(None),
                created_at=now,
                updated_at=now,
            )
        )
    # PostgreSQL and SQLite (3.35+) both return the new primary keys from bulk_create.
    Organization.objects.bulk_create(organizations, batch_size=IMPORT_BATCH)
    for relation, column in _RELATION_COLUMN.items():
        through = getattr(Organization, relation).through
        through.objects.bulk_create(
            [
                through(organization_id=organization.pk, **{column: item.pk})
                for organization, row in zip(organizations, rows, strict=True)
                for item in row.values[relation]
            ],
            batch_size=IMPORT_BATCH,
        )
    memberships = [
        Membership(
            organization=organization,
            category=row.values["category"],
            status=row.values["status"],
            status_since=row.values["since"],
        )
        for organization, row in zip(organizations, rows, strict=True)
    ]
    Membership.objects.bulk_create(memberships, batch_size=IMPORT_BATCH)
    MembershipEvent.objects.bulk_create(
        [
            MembershipEvent(
                membership=membership,
                status=membership.status,
                category=membership.category,
                date=membership.status_since,
                decided_by_name=row.values["decided_by"],
                note=_("Imported"),
                recorded_by=recorded_by,
                recorded_at=now,
            )
            for membership, row in zip(memberships, rows, strict=True)
        ],
        batch_size=IMPORT_BATCH,
    )


def _import_changes(rows: list[Any], *, now: datetime.datetime, recorded_by: User | None) -> None:
    """Apply checked updates: profile fields in bulk, changed relations replaced, and each
    membership step appended to the history."""
    if not rows:
        return
    ids = [row.organization_id for row in rows]
    organizations: dict[int, Organization] = {}
    memberships: dict[int, Membership] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        organizations.update(Organization.objects.in_bulk(chunk))
        for locked in Membership.objects.select_for_update().filter(organization_id__in=chunk):
            memberships[locked.organization_id] = locked
    profile_fields = ["acronym", "country", "city", "region", "website", "email", "at_risk"]
    updated: list[Organization] = []
    relinks: dict[str, list[Any]] = {relation: [] for relation in _RELATION_COLUMN}
    steps: list[Membership] = []
    events: list[MembershipEvent] = []
    for row in rows:
        organization = organizations.get(row.organization_id)
        if organization is None:
            raise MembershipRuleError(
                _("%(name)s was deleted since the file was checked; check it again.")
                % {"name": row.name}
            )
        v = row.values
        # Only the columns that change: a column the file lacks keeps its value.
        profile = [name for name in [*profile_fields, "description"] if name in row.changes]
        if "at_risk" in profile and v["at_risk"] and not organization.at_risk:
            organization.slug = at_risk_slug()
        for name in profile:
            setattr(organization, name, v[name])
        if profile or any(relation in row.changes for relation in _RELATION_COLUMN):
            organization.updated_at = now
            updated.append(organization)
        for relation in _RELATION_COLUMN:
            if relation in row.changes:
                relinks[relation].append(row)
        if not v["step"]:
            continue
        membership = memberships.get(organization.pk)
        state = (
            (membership.status, membership.status_since, membership.category)
            if membership
            else (None, None, None)
        )
        if state != v["expected"]:
            raise MembershipRuleError(
                _("The membership of %(name)s changed since the file was checked; check it again.")
                % {"name": row.name}
            )
        if membership is None:
            membership = Membership.objects.create(
                organization=organization,
                category=v["category"],
                status=v["status"],
                status_since=v["since"],
            )
        else:
            membership.status = v["status"]
            membership.category = v["category"]
            membership.status_since = v["since"]
            steps.append(membership)
        events.append(
            MembershipEvent(
                membership=membership,
                status=v["status"],
                category=v["category"],
                date=v["since"],
                decided_by_name=v["decided_by"],
                note=_("Imported"),
                recorded_by=recorded_by,
                recorded_at=now,
            )
        )
    Organization.objects.bulk_update(
        updated, [*profile_fields, "slug", "description", "updated_at"], batch_size=500
    )
    if any("at_risk" in row.changes for row in rows):
        public.naming_changed()
    for relation, relation_rows in relinks.items():
        through = getattr(Organization, relation).through
        column = _RELATION_COLUMN[relation]
        changed_ids = [row.organization_id for row in relation_rows]
        for start in range(0, len(changed_ids), 500):
            through.objects.filter(organization_id__in=changed_ids[start : start + 500]).delete()
        through.objects.bulk_create(
            [
                through(organization_id=row.organization_id, **{column: item.pk})
                for row in relation_rows
                for item in row.values[relation]
            ],
            batch_size=IMPORT_BATCH,
        )
    Membership.objects.bulk_update(steps, ["status", "category", "status_since"], batch_size=500)
    MembershipEvent.objects.bulk_create(events, batch_size=IMPORT_BATCH)
