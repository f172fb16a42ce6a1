"""How live events travel: in-process (SQLite), Redis pub/sub, or PostgreSQL LISTEN/NOTIFY.

Every backend numbers the events of a channel in order and keeps the channel's latest event, so
that a client connecting to any process is sent the current state first (docs/decisions/0002).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import threading
import time
from typing import Any

import psycopg
import redis
import redis.asyncio
import redis.exceptions
from django.db import connection

from alyansa.core.live_hub import Event, Hub

logger = logging.getLogger("alyansa.live")

RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0)


class InProcessBackend:
    """One process (SQLite): events go straight to this process's hub."""

    def __init__(self) -> None:
        # Numbering starts from the clock, so ids keep rising across a restart of the process.
        self._ids = itertools.count(int(time.time() * 1000))
        self._lock = threading.Lock()
        self._latest: dict[str, Event] = {}

    def publish(self, channel: str, name: str, data: str) -> Event | None:
        with self._lock:
            event = Event(channel, next(self._ids), name, data)
            self._latest[channel] = event
        return event

    async def listen(self, hub: Hub) -> None:
        hub.listening()
        await asyncio.Event().wait()

    async def fetch_latest(self, channel: str) -> Event | None:
        return self._latest.get(channel)

    async def close(self) -> None:
        return None


# One atomic step: number the event, keep it as the channel's latest, publish it.
_REDIS_PUBLISH = """
local id = redis.call('INCR', KEYS[1])
local text = id .. '\\n' .. ARGV[1]
redis.call('SET', KEYS[2], text, 'EX', ARGV[2])
redis.call('PUBLISH', KEYS[3], text)
return id
"""
REDIS_LATEST_SECONDS = 30 * 24 * 3600


class RedisBackend:
    """Redis pub/sub; the latest event of a channel is a key that lives 30 days."""

    def __init__(self, url: str, prefix: str) -> None:
        self._url = url
        self._prefix = f"{prefix}:live:"  # this site's keys and channels only
        self._sync: redis.Redis | None = None
        self._async: redis.asyncio.Redis | None = None
        self._lock = threading.Lock()

    def publish(self, channel: str, name: str, data: str) -> Event | None:
        with self._lock:
            if self._sync is None:
                self._sync = redis.Redis.from_url(self._url)
        self._sync.eval(
            _REDIS_PUBLISH,
            3,
            f"{self._prefix}id:{channel}",
            f"{self._prefix}latest:{channel}",
            f"{self._prefix}event:{channel}",
            f"{channel}\n{name}\n{data}",
            REDIS_LATEST_SECONDS,
        )
        return None

    def _client(self) -> redis.asyncio.Redis:
        if self._async is None:
            self._async = redis.asyncio.Redis.from_url(self._url, decode_responses=True)
        return self._async

    async def listen(self, hub: Hub) -> None:
        for attempt in itertools.count():
            pubsub = self._client().pubsub()
            try:
                await pubsub.psubscribe(f"{self._prefix}event:*")
                async for message in pubsub.listen():
                    if message["type"] == "psubscribe":
                        hub.listening()
                    elif message["type"] == "pmessage":
                        hub.deliver(Event.from_text(message["data"]))
            except (redis.exceptions.ConnectionError, OSError) as error:
                hub.not_listening()
                delay = RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)]
                logger.warning("Live events: Redis unreachable (%s); retrying in %ss", error, delay)
                await asyncio.sleep(delay)
            finally:
                await pubsub.aclose()

    async def fetch_latest(self, channel: str) -> Event | None:
        text = await self._client().get(f"{self._prefix}latest:{channel}")
        return Event.from_text(text) if isinstance(text, str) else None

    async def close(self) -> None:
        if self._async is not None:
            await self._async.aclose()
            self._async = None


NOTIFY_CHANNEL = "alyansa_live"
# PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; a larger event is announced by
# reference and read from the table by each process.
NOTIFY_LIMIT = 7900
_PG_PUBLISH = """
WITH saved AS (
    INSERT INTO alyansa_live_event AS live (channel, id, event, data) VALUES (%s, 1, %s, %s)
    ON CONFLICT (channel) DO UPDATE
        SET id = live.id + 1, event = excluded.event, data = excluded.data
    RETURNING live.id
)
SELECT pg_notify(%s, saved.id || chr(10) || %s) FROM saved
"""
_PG_LATEST = "SELECT id, channel, event, data FROM alyansa_live_event WHERE channel = %s"
# Keys of Django's OPTIONS that are not libpq connection parameters.
_DJANGO_ONLY_OPTIONS = {"isolation_level", "server_side_binding", "assume_role", "pool"}


def psycopg_params(database: dict[str, Any]) -> dict[str, Any]:
    """libpq parameters for one of Django's DATABASES entries."""
    params: dict[str, Any] = {
        "dbname": database["NAME"],
        "user": database.get("USER"),
        "password": database.get("PASSWORD"),
        "host": database.get("HOST"),
        "port": database.get("PORT"),
    }
    for key, value in database.get("OPTIONS", {}).items():
        if key not in _DJANGO_ONLY_OPTIONS:
            params[key] = value
    return {key: value for key, value in params.items() if value not in (None, "")}


class PostgresBackend:
    """LISTEN/NOTIFY on the project's database; the latest events are rows of a small table."""

    def __init__(self, database: dict[str, Any]) -> None:
        self._params = psycopg_params(database)
        self._query: psycopg.AsyncConnection[Any] | None = None
        self._query_lock = asyncio.Lock()

    def publish(self, channel: str, name: str, data: str) -> Event | None:
        text = f"{channel}\n{name}\n{data}"
        announced = text if len(text.encode()) < NOTIFY_LIMIT else channel
        with connection.cursor() as cursor:
            cursor.execute(_PG_PUBLISH, [channel, name, data, NOTIFY_CHANNEL, announced])
        return None

    async def listen(self, hub: Hub) -> None:
        for attempt in itertools.count():
            try:
                async with await psycopg.AsyncConnection.connect(
                    **self._params, autocommit=True
                ) as listener:
                    await listener.execute(f"LISTEN {NOTIFY_CHANNEL}")
                    hub.listening()
                    async for notice in listener.notifies():
                        await self._receive(hub, notice.payload)
            except (psycopg.OperationalError, OSError) as error:
                hub.not_listening()
                delay = RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)]
                logger.warning(
                    "Live events: PostgreSQL unreachable (%s); retrying in %ss", error, delay
                )
                await asyncio.sleep(delay)

    async def _receive(self, hub: Hub, payload: str) -> None:
        id_, _, rest = payload.partition("\n")
        if "\n" in rest:
            hub.deliver(Event.from_text(payload))
            return
        # Announced by reference: read it, unless a later event has already replaced it.
        event = await self.fetch_latest(rest)
        if event is not None and event.id >= int(id_):
            hub.deliver(event)

    async def fetch_latest(self, channel: str) -> Event | None:
        async with self._query_lock:
            if self._query is None or self._query.closed:
                self._query = await psycopg.AsyncConnection.connect(**self._params, autocommit=True)
            try:
                cursor = await self._query.execute(_PG_LATEST, [channel])
                row = await cursor.fetchone()
            except psycopg.OperationalError:
                await self._query.close()
                raise
        return Event(row[1], row[0], row[2], row[3]) if row else None

    async def close(self) -> None:
        if self._query is not None:
            await self._query.close()
            self._query = None
