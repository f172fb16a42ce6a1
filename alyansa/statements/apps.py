from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StatementsConfig(AppConfig):
    name = "alyansa.statements"
    label = "statements"
    verbose_name = _("Statements")

    def ready(self) -> None:
        post_migrate.connect(_refill_search_index, sender=self)


def _refill_search_index(using: str, **kwargs: Any) -> None:
    """After a migration that recreated the search index (its rows are derived data), index
    the statements again; an index that has rows, or a database without statements, is left."""
    # Imported here: apps.py is read while the app registry loads, before models may be.
    from alyansa.statements.models import Statement
    from alyansa.statements.services import SEARCH_INDEX, search_index_rebuild

    if SEARCH_INDEX.is_empty() and Statement.objects.exists():
        search_index_rebuild()
