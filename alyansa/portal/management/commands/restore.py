from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alyansa.portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup written by `alyansa backup` (migrates the database first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--replace", action="store_true", help="Overwrite a database that holds data."
        )

    def handle(self, *args: Any, path: str, replace: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        try:
            manifest = backup_restore(Path(path), replace=replace)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored {path} (taken {manifest['created_at']}).")
