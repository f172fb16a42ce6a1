"""`alyansa export_beancount FILE`: the whole posted ledger as a Beancount file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alyansa.treasury.export import beancount_lines


class Command(BaseCommand):
    help = "Write the treasury's whole posted ledger to FILE in Beancount's format ('-': print it)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Where to write it, or - for the standard output.")

    def handle(self, *args: Any, **options: Any) -> None:
        target = options["file"]
        if target == "-":
            for line in beancount_lines():
                self.stdout.write(line)
            return
        path = Path(target)
        count = 0
        # Owner-only: the file names organizations and what they paid.
        path.touch(mode=0o600, exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            for line in beancount_lines():
                out.write(line + "\n")
                count += 1
        self.stderr.write(f"Wrote {count} lines to {path}.")
