from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from alyansa.portal.backup import backup_write


class Command(BaseCommand):
    help = "Write a consistent snapshot of the database and uploaded files to a .tar.gz file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", help="Default: alyansa-backup-<time>.tar.gz")

    def handle(self, *args: Any, path: str | None, **options: Any) -> None:
        target = Path(path or f"alyansa-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz")
        manifest = backup_write(target)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Wrote {target} ({rows} rows).")
