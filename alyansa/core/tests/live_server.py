"""The real ASGI application plus two test-only addresses, run by uvicorn in test_live.py.

On SQLite, events pass in-process, so the publishing code has to run inside the server:
`/_test/publish` does it the way a service does (in a transaction, from a worker thread), and
`/_test/streams` says how many streams the hub holds.
"""

from __future__ import annotations

import contextlib
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from django.db import transaction

from alyansa.asgi import application as real_application
from alyansa.core.live import get_hub, publish
from alyansa.core.live_asgi import Receive, Scope, Send


class _RolledBack(Exception):
    """Raised to roll the publishing transaction back."""


def _publish_in_transaction(channel: str, data: dict[str, object], rollback: bool) -> None:
    with contextlib.suppress(_RolledBack), transaction.atomic():
        publish(channel, "state", data)
        if rollback:
            raise _RolledBack


async def application(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] != "http" or not scope["path"].startswith("/_test/"):
        await real_application(scope, receive, send)
        return
    query = {key: values[-1] for key, values in parse_qs(scope["query_string"].decode()).items()}
    if scope["path"] == "/_test/publish":
        # bench/live_fanout.py marks its events with a run and pads them to a result's size.
        data: dict[str, object] = {"run": query["run"]} if "run" in query else {}
        data["n"] = int(query["n"])
        if "size" in query:
            data["table"] = "x" * int(query["size"])
        await sync_to_async(_publish_in_transaction)(
            query["channel"], data, query.get("rollback") == "1"
        )
        body = b"published"
    else:
        body = str(get_hub().subscriber_count()).encode()
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})
