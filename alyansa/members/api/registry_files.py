"""The registry as data: the secretariat's export and import."""

# No "from __future__ import annotations": django-ninja reads the parameter annotations.

from collections import Counter
from typing import Any

from ninja import File
from ninja.errors import HttpError
from ninja.files import UploadedFile

from alyansa.accounts.api import api_auth
from alyansa.accounts.permissions import require_role
from alyansa.accounts.requests import ApiRequest
from alyansa.accounts.roles import Role
from alyansa.members import importing, services
from alyansa.members.api.common import router
from alyansa.members.api.schemas import ImportOut
from alyansa.members.exporting import EXPORT_COLUMNS, export_rows


@router.get(
    "/export",
    auth=api_auth,
    url_name="members_export",
    summary="Every organization in the importer's columns (secretariat)",
)
def export(request: ApiRequest) -> Any:
    require_role(request.auth, Role.SECRETARIAT)
    return [dict(zip(EXPORT_COLUMNS, row, strict=True)) for row in export_rows()]


@router.post(
    "/import",
    response=ImportOut,
    auth=api_auth,
    url_name="members_import",
    summary="Import a member list (CSV or XLSX); dry_run=true checks and writes nothing",
    description=(
        "A row with a new name creates an organization; a row with a name in the registry "
        "updates it (the file's columns only; a new status on a later date is the next step)."
    ),
)
def import_members(
    request: ApiRequest,
    file: UploadedFile = File(...),  # noqa: B008
    dry_run: bool = True,
) -> Any:
    user = request.auth
    require_role(user, Role.SECRETARIAT)
    try:
        rows = importing.read_rows(file, file.name or "")
    except importing.ImportFileError as error:
        raise HttpError(422, str(error)) from error
    results = importing.check_rows(rows)
    bad = [r for r in results if not r.ok]
    actions = Counter(str(r.action) for r in results)
    written = 0
    if not dry_run and not bad:
        written = services.organizations_import(
            rows=results, acting_user=user, source=file.name or ""
        )
    return {
        "rows": len(results),
        "valid": len(results) - len(bad),
        "to_create": actions[importing.RowAction.CREATE],
        "to_update": actions[importing.RowAction.UPDATE],
        "unchanged": actions[importing.RowAction.UNCHANGED],
        "written": written,
        "dry_run": dry_run,
        "bad_rows": [
            {
                "line": r.line,
                "name": r.name,
                "errors": [{"field": f, "message": m} for f, m in r.errors],
            }
            for r in bad
        ],
    }
