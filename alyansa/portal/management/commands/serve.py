from __future__ import annotations

from typing import Any

import uvicorn
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Serve Alyansa over HTTP with uvicorn (ASGI)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        if workers < 1:
            raise CommandError("--workers must be at least 1.")
        if settings.USING_SQLITE and workers > 1:
            # SQLite has one writer at a time and live events are passed in-process.
            raise CommandError(
                "With SQLite, alyansa serve runs one process; several processes need "
                "PostgreSQL (set DATABASE_URL)."
            )
        if settings.PRODUCTION and not (settings.STATIC_ROOT / "staticfiles.json").exists():
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Serving on http://{host}:{port}/ with {workers} process(es).")
        uvicorn.run(
            "alyansa.asgi:application",
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            lifespan="off",
            log_level="info" if settings.DEBUG else "warning",
        )
