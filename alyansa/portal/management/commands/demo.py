from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
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
        # Links in e-mails and on badges name the address the demo is served on.
        if not os.environ.get("SITE_URL"):
            os.environ["SITE_URL"] = settings.SITE_URL = f"http://127.0.0.1:{port}"
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
        if no_serve:
            return
        mail = settings.DATA_DIR / "demo-mail"
        where = (
            "where EMAIL_URL says"
            if os.environ.get("EMAIL_URL")
            else f"to {mail}, one file each: no mail leaves this machine"
        )
        self.stdout.write(
            f"E-mails the demo sends (confirmations, notices to officers...) are written {where}. "
            "The worker that sends them runs beside the server; Ctrl+C stops both."
        )
        worker = subprocess.Popen(
            [sys.executable, "-m", "django", "worker"], env=demo_worker_env(mail)
        )
        try:
            call_command("serve", port=port)
        finally:
            worker.terminate()
            worker.wait(timeout=10)


def demo_worker_env(mail: Path) -> dict[str, str]:
    """The worker's environment: the same settings, with e-mail written to `mail` (a folder
    the newcomer can open) unless EMAIL_URL is set."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "alyansa.settings"}
    if not os.environ.get("EMAIL_URL"):
        mail.mkdir(parents=True, exist_ok=True)
        env["EMAIL_URL"] = mail.resolve().as_uri()
    return env
