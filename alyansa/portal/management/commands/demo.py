from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from alyansa.core.files import write_private
from alyansa.portal.demo import RealDataPresent, demo_load


class Command(BaseCommand):
    help = "Migrate, load the fictional demo alliance (never into real data), then serve."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Load only; do not serve.")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args: Any, no_serve: bool, port: int, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("compiletranslations", verbosity=0)
        try:
            lines = demo_load()
        except RealDataPresent as error:
            raise CommandError(str(error)) from None
        credentials = settings.DATA_DIR / "demo-credentials.txt"
        if lines is None:
            self.stdout.write("Demo data is loaded already.")
        else:
            write_private(credentials, ("\n".join(lines) + "\n").encode())
            self.stdout.write("Demo data loaded.")
        self.stdout.write(f"Demo sign-in details: {credentials}")
        if credentials.exists():
            self.stdout.write(credentials.read_text())
        if not no_serve:
            call_command("serve", port=port)
