"""`alyansa importmembers FILE [--write]`: check a member list (CSV or XLSX); write it with
--write only if every row is valid. New names are created, names in the registry updated."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from alyansa.members import importing
from alyansa.members.services import organizations_import


class Command(BaseCommand):
    help = "Check a member list and, with --write, import it (all rows or none)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument("--write", action="store_true", help="Write (default: dry run).")

    def handle(self, *args: Any, **options: Any) -> None:
        with open(options["path"], "rb") as upload:
            try:
                rows = importing.read_rows(upload, options["path"])
            except importing.ImportFileError as error:
                raise CommandError(str(error)) from error
        results = importing.check_rows(rows)
        bad = [row for row in results if not row.ok]
        for row in bad:
            for field, message in row.errors:
                self.stdout.write(f"line {row.line} ({row.name or '-'}): {field}: {message}")
        actions = Counter(str(row.action) for row in results)
        self.stdout.write(
            f"{len(results)} rows: {actions['create']} to create, {actions['update']} to update, "
            f"{actions['unchanged']} unchanged, {len(bad)} with errors."
        )
        if bad:
            raise CommandError("Nothing was written.")
        if options["write"]:
            written = organizations_import(rows=results, acting_user=None, source=options["path"])
            self.stdout.write(f"{written} organizations created or updated.")
        else:
            self.stdout.write("Dry run: nothing was written (add --write).")
