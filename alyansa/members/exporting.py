"""The secretariat's export of the registry (CSV or XLSX), in the importer's columns."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.conf import settings

from alyansa.members.importing import COLUMNS
from alyansa.members.models import Organization

EXPORT_COLUMNS = [*COLUMNS, *(f"description_{code}" for code, _n in settings.LANGUAGES)]


def export_rows() -> Iterator[list[str]]:
    """One row per organization (applicants included), in the columns the importer reads."""
    organizations = (
        Organization.objects.select_related("country", "region", "membership")
        .prefetch_related("sectors", "nationalities", "languages")
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
            "",
            "yes" if org.at_risk else "no",
            *(org.description.get(code, "") for code, _n in settings.LANGUAGES),
        ]


def _safe(row: list[str]) -> list[str]:
    """Text from public applications must not run as a spreadsheet formula when opened."""
    return ["'" + cell if cell[:1] in {"=", "+", "-", "@"} else cell for cell in row]


def export_csv() -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows(_safe(row) for row in export_rows())
    return buffer.getvalue()


def export_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("members")
    sheet.append(EXPORT_COLUMNS)
    for row in export_rows():
        sheet.append(_safe(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
