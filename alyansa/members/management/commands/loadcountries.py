"""`alyansa loadcountries`: create the regions, ISO 3166 countries, languages and sectors."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from alyansa.members.services import reference_data_load


class Command(BaseCommand):
    help = "Create the missing regions, countries (ISO 3166), languages and sectors. Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        created = reference_data_load(acting_user=None)
        self.stdout.write(
            ", ".join(f"{count} {name}" for name, count in created.items()) + " created."
        )
