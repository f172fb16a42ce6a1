"""alyansa import_statements export.xml [--dry-run] — a WordPress export or Markdown files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alyansa.statements.services import import_file


class Command(BaseCommand):
    help = "Import statements from a WordPress export (WXR) or Markdown files with front matter."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="a .xml export, a .md file, or a directory of .md files")
        parser.add_argument("--dry-run", action="store_true", help="report, save nothing")
        parser.add_argument("--language", default="en", help="language of posts that do not say")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        report = import_file(
            path, acting_user=None, dry_run=options["dry_run"], default_language=options["language"]
        )
        for line in report.lines():
            self.stdout.write(line)
