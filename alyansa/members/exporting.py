"""The secretariat's export of the registry (CSV or XLSX), in the importer's columns."""

from __future__ import annotations

import io
from collections.abc import Iterator

from django.conf import settings
from django.db.models import OuterRef, Subquery

from alyansa.core.csv import csv_writer, guarded_row
from alyansa.members.importing import COLUMNS
from alyansa.members.models import MembershipEvent, Organization

EXPORT_COLUMNS = [*COLUMNS, *(f"description_{code}" for code, _n in settings.LANGUAGES)]


def export_rows() -> Iterator[list[str]]:
    """One row per organization of the registry (confirmed applicants included), in the columns the
    importer reads, so that the file imports again: `status` and `since` are the membership's
    latest step and `decided_by` the body that decided it, by the name the history keeps (a
    body or an assembly, never the person who recorded it).

    Unconfirmed applications are left out: nobody has shown yet that the address is the
    applicant's, and the secretariat does not see them anywhere else either."""
    latest = MembershipEvent.objects.filter(membership__organization=OuterRef("pk")).order_by(
        "-date", "-id"
    )
    organizations = (
        Organization.objects.filter(membership__isnull=False)
        .select_related("country", "region", "membership")
        .prefetch_related("sectors", "nationalities", "languages")
        .annotate(decided_by=Subquery(latest.values("decided_by_name")[:1]))
        .order_by("name")
    )
    for org in organizations:
        membership = getattr(org, "membership", None)
        yield [
            org.name,
            org.acronym,
            org.country.code,
            org.city,
            org.region.slug,
            org.website,
            org.email,
            ";".join(s.slug for s in org.sectors.all()),
            ";".join(c.code for c in org.nationalities.all()),
            ";".join(lang.code for lang in org.languages.all()),
            membership.category if membership else "",
            membership.status if membership else "",
            membership.status_since.isoformat() if membership else "",
            getattr(org, "decided_by", None) or "",  # the annotation above
            "yes" if org.at_risk else "no",
            *(org.description.get(code, "") for code, _n in settings.LANGUAGES),
        ]


def export_csv() -> str:
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(export_rows())
    return buffer.getvalue()


def export_xlsx() -> bytes:
    # Imported here: openpyxl takes about half a second to load, and only XLSX exports need it.
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("members")
    sheet.append(EXPORT_COLUMNS)
    for row in export_rows():
        sheet.append(guarded_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
