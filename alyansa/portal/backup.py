"""A consistent snapshot of the database and the uploaded files, and its restore.

The snapshot is database-neutral (Django's JSON serialization with natural keys), so a backup
taken on SQLite restores into PostgreSQL and back. It is read inside one transaction that sees
a single point in time: REPEATABLE READ on PostgreSQL, a write-locked transaction on SQLite.
"""

from __future__ import annotations

import io
import json
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Model
from django.utils import timezone

from alyansa.core.files import open_private, private_folder, write_private
from alyansa.statements.services import search_index_rebuild

FORMAT_VERSION = 1
BACKUP_FORMAT = "exactjson"  # registered in settings.SERIALIZATION_MODULES
# Rebuilt by migrate, or not worth keeping: content types and permissions are referred to by
# natural key; sessions, cache rows and finished task results are transient.
_SKIPPED_MODELS = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "django_tasks_database.dbtaskresult",
}


class BackupError(Exception):
    """The archive cannot be restored; the message says why in one sentence."""


def backed_up_models() -> list[type[Model]]:
    """The models to keep, ordered so that a row's natural-key references load before it."""
    by_app: dict[Any, list[type[Model]]] = {}
    for model in apps.get_models():
        meta = model._meta
        if meta.label_lower not in _SKIPPED_MODELS and not meta.proxy and meta.managed:
            by_app.setdefault(meta.app_config, []).append(model)
    return serializers.sort_dependencies(by_app.items(), allow_cycles=True)


def _applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def backup_write(target: Path) -> dict[str, Any]:
    """Write a .tar.gz archive to `target`. Returns the manifest (with row counts per model)."""
    counts: dict[str, int] = {}
    with (
        open_private(target) as out,
        tarfile.open(fileobj=out, mode="w:gz") as archive,
        transaction.atomic(),
    ):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for position, model in enumerate(backed_up_models()):
            label = model._meta.label_lower
            rows = model._base_manager.order_by("pk")
            counts[label] = rows.count()
            if not counts[label]:
                continue
            with tempfile.TemporaryFile("w+b") as buffer:
                text = io.TextIOWrapper(buffer, encoding="utf-8")
                serializers.serialize(
                    BACKUP_FORMAT,
                    rows.iterator(chunk_size=2000),
                    stream=text,
                    use_natural_foreign_keys=True,
                )
                text.flush()
                size = buffer.tell()
                buffer.seek(0)
                info = tarfile.TarInfo(f"database/{position:04d}-{label}.{BACKUP_FORMAT}")
                info.size = size
                archive.addfile(info, buffer)
                text.detach()
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database": connection.vendor,
            "migrations": _applied_migrations(),
            "rows": counts,
        }
        media_root = Path(settings.MEDIA_ROOT)
        if media_root.exists():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.add(path, arcname=f"media/{path.relative_to(media_root)}")
        data = json.dumps(manifest, indent=2).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return manifest


def _safe_members(archive: tarfile.TarFile) -> Iterator[tarfile.TarInfo]:
    for member in archive.getmembers():
        if not (member.isfile() or member.isdir()):
            raise BackupError(f"The archive holds {member.name!r}, which is not a plain file.")
        yield member


def backup_restore(source: Path, *, replace: bool = False) -> dict[str, Any]:
    """Restore an archive into this (migrated) database and the media folder.

    Refuses a database that holds data unless `replace` is set, and an archive whose
    migrations differ from this installation's.
    """
    with tempfile.TemporaryDirectory() as workdir:
        try:
            with tarfile.open(source, "r:gz") as archive:
                archive.extractall(workdir, members=_safe_members(archive), filter="data")
        except (OSError, tarfile.TarError):
            raise BackupError(f"{source} is not an Alyansa backup archive.") from None
        root = Path(workdir)
        try:
            manifest = json.loads((root / "manifest.json").read_text())
        except (OSError, ValueError):
            raise BackupError(f"{source} has no readable manifest.") from None
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(
                f"{source} is in backup format {manifest.get('format')}, not {FORMAT_VERSION}."
            )
        if manifest["migrations"] != _applied_migrations():
            raise BackupError(
                "The backup was taken at another version of the database schema: "
                "install the same Alyansa version, run `alyansa migrate`, and restore again."
            )
        holds_data = any(model._base_manager.exists() for model in backed_up_models())
        if holds_data and not replace:
            raise BackupError(
                "This database already holds data; restore with --replace to overwrite it."
            )
        fixtures = sorted(str(path) for path in (root / "database").glob(f"*.{BACKUP_FORMAT}"))
        with transaction.atomic():
            if holds_data:
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", *fixtures, verbosity=0)
            # Derived tables that are not models are rebuilt from what was restored.
            search_index_rebuild()
        media_source = root / "media"
        if media_source.exists():
            for path in media_source.rglob("*"):
                if path.is_file():
                    destination = Path(settings.MEDIA_ROOT) / path.relative_to(media_source)
                    private_folder(destination.parent)
                    write_private(destination, path.read_bytes())
    return manifest
