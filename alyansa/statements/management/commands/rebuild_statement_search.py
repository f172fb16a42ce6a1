"""alyansa rebuild_statement_search — after a restore (backups do not carry the search index)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from alyansa.statements.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the full-text index of statements."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"Indexed {search_index_rebuild()} translations.")
