from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alyansa.accounts.services import secrets_reseal
from alyansa.core.sealing import new_key as make_key


class Command(BaseCommand):
    help = (
        "Seal the secrets kept at rest (two-factor secrets, queued e-mails) again under the "
        "first key of ENCRYPTION_KEY. --new-key prints a fresh key instead. To replace a key: "
        "set ENCRYPTION_KEY=NEW,OLD, run this, then set ENCRYPTION_KEY=NEW."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--new-key", action="store_true", help="Print a new key and stop.")

    def handle(self, *args: Any, new_key: bool, **options: Any) -> None:
        if new_key:
            self.stdout.write(make_key())
            return
        counts = secrets_reseal()
        self.stdout.write(
            f"Sealed again: {counts['authenticators']} two-factor secret(s), "
            f"{counts['emails']} queued e-mail(s)."
        )
