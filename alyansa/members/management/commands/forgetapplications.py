"""`alyansa forgetapplications [--days 14]`: delete applications never confirmed."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand

from alyansa.members.services import applications_forget_unconfirmed


class Command(BaseCommand):
    help = "Delete applications whose address was never confirmed (default: after 14 days)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--days", type=int, default=14)

    def handle(self, *args: Any, **options: Any) -> None:
        count = applications_forget_unconfirmed(older_than=datetime.timedelta(days=options["days"]))
        self.stdout.write(f"{count} unconfirmed applications deleted.")
