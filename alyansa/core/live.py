"""Live events: publish a channel's new state; every open stream of that channel receives it.

    publish("poll:12", "count", {"voted": 311, "electorate": 402})  # in a service
    live_url("poll:12")  # "/live/poll:12"
    live_url("private:chair:3", private=True)  # "/live/private:chair:3?t=..."

Rules (docs/decisions/0002-live-events.md):
- An event carries counts and states, never lists of people.
- An event carries the channel's whole current state: a client that connects, reconnects or
  falls behind is sent only the channel's latest event.
- A channel whose name starts with "private:" is served only with a signed token (`live_url`).
"""

from __future__ import annotations

import json
import re
import threading
from typing import Any

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core import signing
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from alyansa.core.live_backends import InProcessBackend, PostgresBackend, RedisBackend
from alyansa.core.live_hub import Backend, Hub

CHANNEL_PATTERN = re.compile(r"[a-z0-9][a-z0-9_.:-]{0,99}")
EVENT_PATTERN = re.compile(r"[a-z][a-z0-9_.-]{0,49}")
PRIVATE_PREFIX = "private:"
MAX_DATA_BYTES = 64 * 1024
SIGNING_SALT = "alyansa.core.live"
TOKEN_MAX_AGE = 24 * 3600
URL_PREFIX = "/live/"

_hub: Hub | None = None
_hub_lock = threading.Lock()


def get_hub() -> Hub:
    """This process's hub, with the backend that the settings call for."""
    global _hub
    with _hub_lock:
        if _hub is None:
            _hub = Hub(_backend_from_settings())
        return _hub


def _backend_from_settings() -> Backend:
    if settings.REDIS_URL:
        return RedisBackend(settings.REDIS_URL, settings.REDIS_KEY_PREFIX)
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        return PostgresBackend(database)
    return InProcessBackend()


def is_private(channel: str) -> bool:
    return channel.startswith(PRIVATE_PREFIX)


def _encode(channel: str, event: str, data: dict[str, Any]) -> str:
    if not CHANNEL_PATTERN.fullmatch(channel):
        raise ValueError(f"Live channel {channel!r} is not a-z, 0-9 and _.:- (at most 100).")
    if not EVENT_PATTERN.fullmatch(event):
        raise ValueError(f"Live event name {event!r} is not a-z, 0-9 and _.- (at most 50).")
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    if len(text.encode()) > MAX_DATA_BYTES:
        raise ValueError(f"Live event {event!r} on {channel!r} is over {MAX_DATA_BYTES} bytes.")
    return text


def publish(channel: str, event: str, data: dict[str, Any]) -> None:
    """Announce `event` on `channel` once the current transaction commits (never if it rolls
    back; at once outside a transaction). A failure to announce is logged, not raised: the
    change itself is already committed, and clients catch up when they reconnect."""
    text = _encode(channel, event, data)
    transaction.on_commit(lambda: get_hub().publish_now(channel, event, text), robust=True)


async def apublish(channel: str, event: str, data: dict[str, Any]) -> None:
    """Announce at once, from async code that has committed its change itself."""
    text = _encode(channel, event, data)
    await sync_to_async(get_hub().publish_now)(channel, event, text)


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SIGNING_SALT)


def channel_token(channel: str) -> str:
    """A token that opens one private channel for TOKEN_MAX_AGE seconds."""
    return _signer().sign(channel)[len(channel) + 1 :]


def token_opens(channel: str, token: str) -> bool:
    try:
        return _signer().unsign(f"{channel}:{token}", max_age=TOKEN_MAX_AGE) == channel
    except signing.BadSignature:
        return False


def live_url(channel: str, *, private: bool = False) -> str:
    """The address of a channel's event stream, for `data-live-url` (static/js/live.js)."""
    if not CHANNEL_PATTERN.fullmatch(channel):
        raise ValueError(f"Live channel {channel!r} is not a-z, 0-9 and _.:- (at most 100).")
    if private != is_private(channel):
        raise ValueError(
            f"Live channel {channel!r}: private channels, and only they, are named 'private:…'."
        )
    if private:
        return f"{URL_PREFIX}{channel}?t={channel_token(channel)}"
    return f"{URL_PREFIX}{channel}"
