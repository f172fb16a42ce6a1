"""Django's ASGI handler, keeping the request bodies it spools inside the data folder.

Django's handler reads a whole request body before any view runs, into a file that moves from
memory to Python's temporary folder (usually /tmp, shared with every account of the machine)
once it passes FILE_UPLOAD_MAX_MEMORY_SIZE. A photo still carries its location data then. Here
the body stays in memory up to that size (enough for any photo we accept, settings.py), and a
larger one goes to FILE_UPLOAD_TEMP_DIR inside the data folder (0700), in a file that has no
name and is gone when the request ends.
"""

from __future__ import annotations

import tempfile
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestAborted
from django.core.handlers.asgi import ASGIHandler


class PrivateSpoolASGIHandler(ASGIHandler):
    async def read_body(self, receive: Any) -> Any:
        body_file = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - Django closes it
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
            mode="w+b",
            dir=settings.FILE_UPLOAD_TEMP_DIR,
        )
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                body_file.close()
                raise RequestAborted()
            if "body" in message:
                body_file.write(message["body"])
            if not message.get("more_body", False):
                break
        body_file.seek(0)
        return body_file
