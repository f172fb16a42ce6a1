"""Reading and checking a member list (CSV or XLSX) before anything is written.

Columns (a header row; the order does not matter, unknown columns are named as errors):
name*, acronym, country* (ISO code), city, region (slug), website, email, sectors, nationalities,
languages (several values separated by ';'), category (full|associate), status (admitted,
suspended, withdrawn, expelled, applied), since (YYYY-MM-DD), decided_by, at_risk (yes|no),
description_<language> (en, tl, ...).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.translation import gettext as _

from alyansa.members.models import (
    Country,
    Language,
    MembershipCategory,
    MembershipStatus,
    Organization,
    Region,
    Sector,
)

COLUMNS = [
    "name",
    "acronym",
    "country",
    "city",
    "region",
    "website",
    "email",
    "sectors",
    "nationalities",
    "languages",
    "category",
    "status",
    "since",
    "decided_by",
    "at_risk",
]
IMPORTABLE_STATUSES = {
    MembershipStatus.APPLIED,
    MembershipStatus.ADMITTED,
    MembershipStatus.SUSPENDED,
    MembershipStatus.WITHDRAWN,
    MembershipStatus.EXPELLED,
}
MAX_ROWS = 50_000


class ImportFileError(ValueError):
    """The file cannot be read as a member list at all (not one bad row: the whole file)."""


@dataclass
class RowResult:
    line: int
    name: str
    errors: list[tuple[str, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_rows(upload: IO[bytes], filename: str) -> list[dict[str, str]]:
    """The rows of a CSV (UTF-8, with or without BOM) or XLSX file as dicts of text."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(upload)
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFileError(_("The file is not UTF-8 text. Save it as CSV UTF-8.")) from error
    reader = csv.DictReader(io.StringIO(text))
    return _normalized(reader.fieldnames or [], list(reader))


def _read_xlsx(upload: IO[bytes]) -> list[dict[str, str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(rows, [])]
    records = []
    for row in rows:
        if row is None or all(cell is None for cell in row):
            continue
        record = {}
        for name, cell in zip(header, row, strict=False):
            if isinstance(cell, datetime.datetime):
                cell = cell.date()
            record[name] = "" if cell is None else str(cell)
        records.append(record)
    workbook.close()
    return _normalized(header, records)


def _normalized(header: list[str], rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    names = [name.strip().lower() for name in header if name]
    allowed = set(COLUMNS) | {f"description_{code}" for code, _n in settings.LANGUAGES}
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise ImportFileError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if "name" not in names or "country" not in names:
        raise ImportFileError(_("The file needs at least the columns “name” and “country”."))
    if len(rows) > MAX_ROWS:
        raise ImportFileError(_("At most %(max)d rows at once.") % {"max": MAX_ROWS})
    return [
        {(key or "").strip().lower(): (value or "").strip() for key, value in row.items() if key}
        for row in rows
    ]


class Lookups:
    """Reference rows read once, so that checking 10,000 rows costs a handful of queries."""

    def __init__(self) -> None:
        self.countries = {c.code: c for c in Country.objects.all()}
        self.regions = {r.slug: r for r in Region.objects.all()}
        self.regions_by_id = {r.pk: r for r in self.regions.values()}
        self.sectors = {s.slug: s for s in Sector.objects.all()}
        self.languages = {lang.code: lang for lang in Language.objects.all()}
        self.names = {name.lower() for name in Organization.objects.values_list("name", flat=True)}


def _many(value: str, table: dict[str, Any], upper: bool = False) -> tuple[list[Any], list[str]]:
    found, missing = [], []
    for part in value.split(";"):
        key = part.strip().upper() if upper else part.strip().lower()
        if not key:
            continue
        if key in table:
            found.append(table[key])
        else:
            missing.append(part.strip())
    return found, missing


_url = URLValidator()


def check_rows(rows: list[dict[str, str]], lookups: Lookups | None = None) -> list[RowResult]:
    """Check every row and name each bad field; nothing is written here."""
    lookups = lookups or Lookups()
    seen: set[str] = set()
    results = []
    today = datetime.date.today()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        name = row.get("name", "")
        result = RowResult(line=number, name=name)
        errors = result.errors
        values = result.values
        if not name:
            errors.append(("name", _("The name is missing.")))
        elif len(name) > 200:
            errors.append(("name", _("The name is longer than 200 characters.")))
        elif name.lower() in lookups.names or name.lower() in seen:
            errors.append(("name", _("An organization with this name is already listed.")))
        seen.add(name.lower())
        values["name"] = name
        values["acronym"] = row.get("acronym", "")[:30]
        values["city"] = row.get("city", "")[:100]
        country = lookups.countries.get(row.get("country", "").upper())
        if country is None:
            errors.append(
                (
                    "country",
                    _("“%(value)s” is not an ISO 3166 country code.")
                    % {"value": row.get("country", "")},
                )
            )
        values["country"] = country
        region = None
        if row.get("region"):
            region = lookups.regions.get(row["region"].lower())
            if region is None:
                errors.append(("region", _("No region “%(value)s”.") % {"value": row["region"]}))
        elif country is not None:
            region = lookups.regions_by_id.get(country.region_id)  # type: ignore[arg-type]
            if region is None:
                errors.append(("region", _("The country has no region: give one.")))
        values["region"] = region
        website = row.get("website", "")
        if website:
            if "://" not in website:
                website = "https://" + website
            try:
                _url(website)
            except ValidationError:
                errors.append(("website", _("Not a web address.")))
        values["website"] = website
        email = row.get("email", "")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                errors.append(("email", _("Not an e-mail address.")))
        values["email"] = email
        for column, table, upper in (
            ("sectors", lookups.sectors, False),
            ("nationalities", lookups.countries, True),
            ("languages", lookups.languages, False),
        ):
            found, missing = _many(row.get(column, ""), table, upper)
            if missing:
                errors.append((column, _("Unknown: %(values)s.") % {"values": ", ".join(missing)}))
            values[column] = found
        category = (row.get("category") or "full").lower()
        if category not in MembershipCategory.values:
            errors.append(("category", _("Use “full” or “associate”.")))
        values["category"] = category
        status = (row.get("status") or "admitted").lower()
        if status not in IMPORTABLE_STATUSES:
            errors.append(
                (
                    "status",
                    _("Use one of: %(values)s.")
                    % {"values": ", ".join(sorted(IMPORTABLE_STATUSES))},
                )
            )
        values["status"] = status
        since = None
        if row.get("since"):
            try:
                since = datetime.date.fromisoformat(row["since"][:10])
            except ValueError:
                errors.append(("since", _("Write the date as YYYY-MM-DD.")))
            else:
                if since > today:
                    errors.append(("since", _("The date is in the future.")))
        else:
            errors.append(("since", _("The date the status began is missing.")))
        values["since"] = since
        values["decided_by"] = row.get("decided_by", "")[:200]
        at_risk = (row.get("at_risk") or "no").lower()
        if at_risk not in {"yes", "no", "true", "false", "1", "0"}:
            errors.append(("at_risk", _("Use “yes” or “no”.")))
        values["at_risk"] = at_risk in {"yes", "true", "1"}
        values["description"] = {
            code: row[f"description_{code}"][:600]
            for code, _n in settings.LANGUAGES
            if row.get(f"description_{code}")
        }
        results.append(result)
    return results
