"""The event-stream endpoint `/live/<channel>`: a bare ASGI app beside Django.

Streams do not go through Django's request cycle: a Django streaming response holds an OS
thread per open stream, and thousands of them stall the process (docs/decisions/0002).
Here an open stream is one coroutine and a few hundred bytes of state.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings
from django.http.request import split_domain_port, validate_host

from alyansa.core.live import (
    CHANNEL_PATTERN,
    URL_PREFIX,
    get_hub,
    is_private,
    token_opens,
)
from alyansa.core.live_hub import Subscriber

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[Mapping[str, Any]]]
Send = Callable[[Mapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

logger = logging.getLogger("alyansa.live")

READY_TIMEOUT = 5.0
STREAM_HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-store"),
    (b"x-accel-buffering", b"no"),  # nginx: pass each event on at once
    (b"x-content-type-options", b"nosniff"),
]


async def _refuse(send: Send, status: int, text: str, *extra: tuple[bytes, bytes]) -> None:
    body = text.encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), *extra]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""


def host_allowed(scope: Scope) -> bool:
    """Django's ALLOWED_HOSTS rule, for the bare ASGI endpoints that Django's request never
    sees (a request for another host name is refused, as Django refuses it: DNS rebinding)."""
    domain, _port = split_domain_port(_header(scope, b"host"))
    allowed = settings.ALLOWED_HOSTS
    if settings.DEBUG and not allowed:
        allowed = [".localhost", "127.0.0.1", "[::1]"]  # Django's own default when debugging
    return bool(domain) and validate_host(domain, allowed)


async def refuse_bad_host(send: Send) -> None:
    await _refuse(send, 400, "Bad Request")


async def live_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Serve one event stream: GET /live/<channel>[?t=token]."""
    channel = scope["path"][len(URL_PREFIX) :]
    if not host_allowed(scope):
        await refuse_bad_host(send)
        return
    if scope["method"] != "GET":
        await _refuse(send, 405, "Method not allowed", (b"allow", b"GET"))
        return
    if not CHANNEL_PATTERN.fullmatch(channel):
        await _refuse(send, 404, "Not found")
        return
    if is_private(channel):
        token = parse_qs(scope["query_string"].decode("latin-1")).get("t", [""])[-1]
        if not token_opens(channel, token):
            await _refuse(send, 403, "Forbidden")
            return
    hub = get_hub()
    if hub.closing or not await hub.wait_ready(READY_TIMEOUT):
        await _refuse(send, 503, "Live events are unavailable", (b"retry-after", b"5"))
        return
    subscriber = hub.subscribe(channel)
    watcher = asyncio.create_task(_watch_disconnect(receive, subscriber))
    try:
        with contextlib.suppress(OSError):  # the client went away while we wrote
            await _stream(scope, send, subscriber)
    finally:
        watcher.cancel()
        hub.unsubscribe(subscriber)


async def _watch_disconnect(receive: Receive, subscriber: Subscriber) -> None:
    message = await receive()
    while message["type"] != "http.disconnect":
        message = await receive()
    subscriber.close()


async def _stream(scope: Scope, send: Send, subscriber: Subscriber) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": STREAM_HEADERS})
    # A spread of retry delays, so that clients of a restarted server do not all return at once.
    head = [f"retry: {random.randint(2000, 5000)}\n\n".encode()]
    latest = await get_hub().latest(subscriber.channel)
    sent_id = -1
    if latest is not None:
        sent_id = latest.id
        if _header(scope, b"last-event-id") != str(latest.id):
            head.append(latest.wire)
    await send({"type": "http.response.body", "body": b"".join(head), "more_body": True})
    while True:
        await subscriber.wait()
        if subscriber.closed or subscriber.dropped:
            break
        chunks = []
        while subscriber.pending:
            event = subscriber.pending.popleft()
            if event.id > sent_id:
                chunks.append(event.wire)
                sent_id = event.id
        if subscriber.heartbeat_due:
            subscriber.heartbeat_due = False
            if not chunks:
                chunks.append(b":\n\n")
        if chunks:
            await send({"type": "http.response.body", "body": b"".join(chunks), "more_body": True})
    with contextlib.suppress(OSError):
        await send({"type": "http.response.body", "body": b""})


class LiveRouter:
    """`/live/` to the event streams, everything else to Django; answers ASGI lifespan itself."""

    def __init__(self, django_app: ASGIApp) -> None:
        self.django_app = django_app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith(URL_PREFIX):
            await live_app(scope, receive, send)
        elif scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        else:
            await self.django_app(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await get_hub().start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await get_hub().close()
                await send({"type": "lifespan.shutdown.complete"})
                return
