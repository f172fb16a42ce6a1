"""Live streams opened by a test: what a browser following a channel would be sent.

    with live_streams(f"assembly:{assembly.pk}") as streams:
        ...  # a service publishes, its transaction commits
    [event] = streams.received()

The process's hub is replaced, for the block, by one on the in-process backend whose event loop
runs in a thread of its own (as uvicorn's does); each channel gets a subscriber, as an open
stream does. An event reaches it only as it would reach a client: after the transaction that
published it commits, through the hub, and in the form written on the wire.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from alyansa.core import live
from alyansa.core.live_backends import InProcessBackend
from alyansa.core.live_hub import Hub, Subscriber

READY_SECONDS = 5.0


@dataclass(frozen=True)
class ReceivedEvent:
    channel: str
    name: str
    data: dict[str, Any]
    wire: bytes  # the server-sent event exactly as the stream writes it


class LiveStreams:
    def __init__(self, hub: Hub, loop: asyncio.AbstractEventLoop, channels: tuple[str, ...]):
        self._hub = hub
        self._loop = loop
        self._subscribers: list[Subscriber] = [hub.subscribe(channel) for channel in channels]

    def received(self) -> list[ReceivedEvent]:
        """Every event the streams have been sent since the last call, in the order sent."""
        # Events are handed to the loop's thread; one turn of the loop after them, all are in.
        asyncio.run_coroutine_threadsafe(asyncio.sleep(0), self._loop).result(READY_SECONDS)
        events = []
        for subscriber in self._subscribers:
            while subscriber.pending:
                event = subscriber.pending.popleft()
                data = json.loads(event.data)
                events.append(ReceivedEvent(event.channel, event.name, data, event.wire))
        return sorted(events, key=lambda event: _event_id(event.wire))


def _event_id(wire: bytes) -> int:
    return int(wire.split(b"\n", 1)[0].removeprefix(b"id: "))


@contextmanager
def live_streams(*channels: str) -> Iterator[LiveStreams]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="live-streams", daemon=True)
    thread.start()
    hub = Hub(InProcessBackend())
    previous = live._hub
    try:
        ready = asyncio.run_coroutine_threadsafe(hub.wait_ready(READY_SECONDS), loop)
        assert ready.result(READY_SECONDS + 1), "the test's live hub did not start"
        live._hub = hub
        yield LiveStreams(hub, loop, channels)
    finally:
        live._hub = previous
        asyncio.run_coroutine_threadsafe(hub.close(), loop).result(READY_SECONDS)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(READY_SECONDS)
        loop.close()
