"""Reading and checking a member list (CSV or XLSX) before anything is written.

Columns (a header row; the order does not matter, unknown columns are named as errors):
name*, acronym, country* (ISO code), city, region (slug), website, email, sectors, nationalities,
languages (several values separated by ';'), category (full|associate), status (applied,
admitted, declined, suspended, reinstated, withdrawn, expelled), since (YYYY-MM-DD), decided_by,
at_risk (yes|no), description_<language> (en, tl, ...).

A row whose name is new creates an organization. A row whose name is already in the registry
(ignoring case) updates that organization: the columns the file has replace its values, the
columns it lacks are left alone, and a new status (or category) on a later date is recorded as
the next step of its membership history, by the rules of services.TRANSITIONS. History is never
rewritten: a row that would move a membership backwards in time is an error.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from alyansa.core.csv import unguard_cell
from alyansa.core.text import single_line
from alyansa.members.models import (
    MEMBER_STATUSES,
    Country,
    Language,
    Membership,
    MembershipCategory,
    MembershipStatus,
    Organization,
    Region,
    Sector,
)
from alyansa.members.services import TRANSITIONS

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
# Every status the registry keeps can be carried over, so that an export imports again.
IMPORTABLE_STATUSES = set(MembershipStatus.values)
MAX_ROWS = 50_000
# Ids per `IN (...)` when reading the organizations a file updates (SQLite's variable limit).
STATE_CHUNK = 500
RELATIONS = ["sectors", "nationalities", "languages"]


class ImportFileError(ValueError):
    """The file cannot be read as a member list at all (not one bad row: the whole file)."""


class RowAction(models.TextChoices):
    """What writing a checked row would do."""

    CREATE = "create", gettext_lazy("To create")
    UPDATE = "update", gettext_lazy("To update")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    ERROR = "error", gettext_lazy("With errors")


@dataclass
class RowResult:
    line: int
    name: str
    errors: list[tuple[str, str]] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)
    # The organization already in the registry that this row updates (None: a new one).
    organization_id: int | None = None
    # The columns whose values would change ("membership" for a new step of the history).
    changes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def action(self) -> RowAction:
        if self.errors:
            return RowAction.ERROR
        if self.organization_id is None:
            return RowAction.CREATE
        return RowAction.UPDATE if self.changes else RowAction.UNCHANGED


def read_rows(upload: IO[bytes], filename: str) -> list[dict[str, str]]:
    """The rows of a CSV (UTF-8, with or without BOM) or XLSX file as dicts of text.

    The file is read as a stream, and reading stops at the first row past MAX_ROWS: a file of
    millions of rows is refused after MAX_ROWS + 1 rows, in about the time and memory those
    take, never read whole."""
    if filename.lower().endswith(".xlsx"):
        return _read_xlsx(upload)
    # newline="" as the csv module asks: line breaks inside quoted cells are kept.
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
    try:
        reader = csv.DictReader(text)
        _checked_header(list(reader.fieldnames or []))
        return _normalized(_at_most_max_rows(reader))
    except UnicodeDecodeError as error:
        raise ImportFileError(_("The file is not UTF-8 text. Save it as CSV UTF-8.")) from error
    finally:
        text.detach()  # the caller's file stays open


def _read_xlsx(upload: IO[bytes]) -> list[dict[str, str]]:
    # Imported here: openpyxl takes about half a second to load, and only XLSX files need it.
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as error:
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = _checked_header([str(cell or "").strip() for cell in next(rows, [])])
        records = (
            {
                name: "" if cell is None else str(_as_date(cell))
                for name, cell in zip(header, row, strict=False)
            }
            for row in rows
            if row is not None and any(cell is not None for cell in row)
        )
        return _normalized(_at_most_max_rows(records))
    finally:
        workbook.close()


def _as_date(cell: Any) -> Any:
    return cell.date() if isinstance(cell, datetime.datetime) else cell


def _checked_header(header: list[str]) -> list[str]:
    names = [name.strip().lower() for name in header if name]
    allowed = set(COLUMNS) | {f"description_{code}" for code, _n in settings.LANGUAGES}
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise ImportFileError(_("Unknown columns: %(columns)s.") % {"columns": ", ".join(unknown)})
    if "name" not in names or "country" not in names:
        raise ImportFileError(_("The file needs at least the columns “name” and “country”."))
    return header


def _at_most_max_rows(rows: Iterator[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows, read no further than one past MAX_ROWS: that one is refused."""
    kept = list(itertools.islice(rows, MAX_ROWS + 1))
    if len(kept) > MAX_ROWS:
        raise ImportFileError(_("At most %(max)d rows at once.") % {"max": MAX_ROWS})
    return kept


def _normalized(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            (key or "").strip().lower(): unguard_cell((value or "").strip())
            for key, value in row.items()
            if key
        }
        for row in rows
    ]


@dataclass
class Listed:
    """An organization of the registry as an update compares it."""

    pk: int
    acronym: str
    country_id: int
    city: str
    region_id: int
    website: str
    email: str
    at_risk: bool
    description: dict[str, str]
    sectors: set[int] = field(default_factory=set)
    nationalities: set[int] = field(default_factory=set)
    languages: set[int] = field(default_factory=set)
    status: str | None = None
    since: datetime.date | None = None
    category: str | None = None


class Lookups:
    """Reference rows read once, so that checking 10,000 rows costs a handful of queries."""

    def __init__(self) -> None:
        self.countries = {c.code: c for c in Country.objects.all()}
        self.regions = {r.slug: r for r in Region.objects.all()}
        self.regions_by_id = {r.pk: r for r in self.regions.values()}
        self.sectors = {s.slug: s for s in Sector.objects.all()}
        self.languages = {lang.code: lang for lang in Language.objects.all()}
        # Only organizations with a membership are the registry: an unconfirmed application
        # (which may not even be its applicant's) is never matched, nor updated.
        self.by_name: dict[str, list[int]] = defaultdict(list)
        for pk, name in Organization.objects.filter(membership__isnull=False).values_list(
            "pk", "name"
        ):
            self.by_name[name.lower()].append(pk)


def listed_state(pks: set[int]) -> dict[int, Listed]:
    """The profile, relations and membership of the organizations a file updates."""
    states: dict[int, Listed] = {}
    ordered = sorted(pks)
    for start in range(0, len(ordered), STATE_CHUNK):
        chunk = ordered[start : start + STATE_CHUNK]
        for values in Organization.objects.filter(pk__in=chunk).values(
            "pk",
            "acronym",
            "country_id",
            "city",
            "region_id",
            "website",
            "email",
            "at_risk",
            "description",
        ):
            states[values["pk"]] = Listed(**values)
        for relation, column in (
            ("sectors", "sector_id"),
            ("nationalities", "country_id"),
            ("languages", "language_id"),
        ):
            through = getattr(Organization, relation).through
            for org_id, item_id in through.objects.filter(organization_id__in=chunk).values_list(
                "organization_id", column
            ):
                getattr(states[org_id], relation).add(item_id)
        for org_id, status, since, category in Membership.objects.filter(
            organization_id__in=chunk
        ).values_list("organization_id", "status", "status_since", "category"):
            state = states[org_id]
            state.status, state.since, state.category = status, since, category
    return states


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
    """Check every row and name each bad field, and say what writing it would do (create,
    update which columns, or nothing). Nothing is written here."""
    lookups = lookups or Lookups()
    seen: dict[str, int] = {}
    results = []
    today = timezone.localdate()
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        results.append(_check_row(number, row, lookups, seen, today))
    matched = {r.organization_id for r in results if r.organization_id is not None}
    if matched:
        states = listed_state(matched)
        for result, row in zip(results, rows, strict=True):
            if result.organization_id is not None:
                _compare(result, row, states[result.organization_id], lookups)
    return results


def _check_row(
    number: int,
    row: dict[str, str],
    lookups: Lookups,
    seen: dict[str, int],
    today: datetime.date,
) -> RowResult:
    name = single_line(row.get("name", ""))
    result = RowResult(line=number, name=name)
    errors = result.errors
    values = result.values
    if not name:
        errors.append(("name", _("The name is missing.")))
    elif len(name) > 200:
        errors.append(("name", _("The name is longer than 200 characters.")))
    elif name.lower() in seen:
        errors.append(
            ("name", _("The same name is on line %(line)d.") % {"line": seen[name.lower()]})
        )
    else:
        seen[name.lower()] = number
        matches = lookups.by_name.get(name.lower(), [])
        if len(matches) > 1:
            errors.append(
                ("name", _("Several organizations of the registry have this name: rename one."))
            )
        elif matches:
            result.organization_id = matches[0]
    values["name"] = name
    values["acronym"] = single_line(row.get("acronym", ""))[:30]
    values["city"] = single_line(row.get("city", ""))[:100]
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
    # An update keeps the category and status the file leaves empty; a new row gets defaults.
    category = (row.get("category") or "").lower()
    if category and category not in MembershipCategory.values:
        errors.append(("category", _("Use “full” or “associate”.")))
    values["category"] = category or (None if result.organization_id else "full")
    status = (row.get("status") or "").lower()
    if status and status not in IMPORTABLE_STATUSES:
        errors.append(
            (
                "status",
                _("Use one of: %(values)s.") % {"values": ", ".join(sorted(IMPORTABLE_STATUSES))},
            )
        )
    values["status"] = status or (None if result.organization_id else "admitted")
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
    values["decided_by"] = single_line(row.get("decided_by", ""))[:200]
    at_risk = (row.get("at_risk") or "no").lower()
    if at_risk not in {"yes", "no", "true", "false", "1", "0"}:
        errors.append(("at_risk", _("Use “yes” or “no”.")))
    values["at_risk"] = at_risk in {"yes", "true", "1"}
    values["description"] = {
        code: row[f"description_{code}"][:600]
        for code, _n in settings.LANGUAGES
        if row.get(f"description_{code}")
    }
    return result


def _compare(result: RowResult, row: dict[str, str], state: Listed, lookups: Lookups) -> None:
    """For a row that updates an organization: which of the file's columns change it, and
    whether its membership takes a step. Sets `values` to what an update writes."""
    values = result.values
    changes = result.changes
    if result.errors:
        return
    present = set(row)
    simple = {
        "acronym": (values["acronym"], state.acronym),
        "city": (values["city"], state.city),
        "website": (values["website"], state.website),
        "email": (values["email"], state.email),
        "at_risk": (values["at_risk"], state.at_risk),
    }
    for column, (new, old) in simple.items():
        if column in present and new != old:
            changes.append(column)
    if values["country"].pk != state.country_id:
        changes.append("country")
    # Without a region in the file, the region follows a new country and stays otherwise.
    if not row.get("region") and "country" not in changes:
        values["region"] = lookups.regions_by_id.get(state.region_id)
    if values["region"] is not None and values["region"].pk != state.region_id:
        changes.append("region")
    for relation in RELATIONS:
        if relation in present and {item.pk for item in values[relation]} != getattr(
            state, relation
        ):
            changes.append(relation)
    description = dict(state.description)
    for code, _n in settings.LANGUAGES:
        if f"description_{code}" in present:
            text = row.get(f"description_{code}", "")[:600]
            if text:
                description[code] = text
            else:
                description.pop(code, None)
    values["description"] = description
    if description != state.description:
        changes.append("description")
    _compare_membership(result, state)


def _compare_membership(result: RowResult, state: Listed) -> None:
    values = result.values
    status = values["status"] or state.status or "admitted"
    category = values["category"] or state.category or "full"
    since = values["since"]
    values["status"], values["category"] = status, category
    values["expected"] = (state.status, state.since, state.category)
    values["step"] = False
    if state.status is None or state.since is None:
        values["step"] = True
        result.changes.append("membership")
        return
    if (status, since, category) == (state.status, state.since, state.category):
        return
    current = MembershipStatus(state.status).label
    if since < state.since:
        result.errors.append(
            (
                "since",
                _(
                    "The registry has a later step (“%(status)s” since %(date)s); an import "
                    "does not rewrite history."
                )
                % {"status": current, "date": state.since.isoformat()},
            )
        )
    elif status == state.status:
        if category == state.category:
            result.errors.append(
                (
                    "since",
                    _("Already “%(status)s” since %(date)s; a date moves only with a new step.")
                    % {"status": current, "date": state.since.isoformat()},
                )
            )
        elif state.status not in MEMBER_STATUSES:
            result.errors.append(("category", _("Only a member's category can change.")))
        elif since == state.since:
            result.errors.append(
                ("since", _("To change the category, give the date of the change."))
            )
        else:
            values["step"] = True
            result.changes.append("category")
    elif status not in TRANSITIONS[state.status]:
        result.errors.append(
            (
                "status",
                _("A membership that is “%(current)s” cannot become “%(new)s”.")
                % {"current": current, "new": MembershipStatus(status).label},
            )
        )
    else:
        values["step"] = True
        result.changes.append("status")
