from __future__ import annotations

import threading
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from alyansa.portal.services import maintenance_run


class Command(BaseCommand):
    help = "Run background tasks (e-mail, imports, ...) and hourly privacy maintenance."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then stop.")

    def handle(self, *args: Any, interval: float, batch: bool, **options: Any) -> None:
        maintenance_run()
        if not batch:
            stop = threading.Event()
            threading.Thread(target=self._hourly, args=(stop,), daemon=True).start()
        call_command("db_worker", interval=interval, batch=batch)

    def _hourly(self, stop: threading.Event) -> None:
        while not stop.wait(3600):
            close_old_connections()
            maintenance_run()
