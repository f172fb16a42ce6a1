"""One hub per server process: it holds the open event streams and fans events out to them.

The hub owns the process's single subscriber connection (through its backend) and one
heartbeat timer; each open stream is a `Subscriber` with a small bounded buffer, so a slow
client costs only its own buffer and never delays the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import signal
import threading
from collections import deque
from collections.abc import Callable
from types import FrameType
from typing import Protocol

logger = logging.getLogger("alyansa.live")

HEARTBEAT_SECONDS = 15.0
# Events carry a channel's whole state, so a client that falls this far behind loses nothing by
# being dropped: it reconnects and is sent the latest event.
SUBSCRIBER_BUFFER = 32


class Event:
    """One published event; `wire` is its server-sent-events text, encoded once for everyone."""

    __slots__ = ("channel", "data", "id", "name", "wire")

    def __init__(self, channel: str, id: int, name: str, data: str) -> None:
        self.channel = channel
        self.id = id
        self.name = name
        self.data = data
        self.wire = f"id: {id}\nevent: {name}\ndata: {data}\n\n".encode()

    def to_text(self) -> str:
        """The form backends store and pass between processes (JSON data has no raw newline)."""
        return f"{self.id}\n{self.channel}\n{self.name}\n{self.data}"

    @classmethod
    def from_text(cls, text: str) -> Event:
        id_, channel, name, data = text.split("\n", 3)
        return cls(channel, int(id_), name, data)


class Backend(Protocol):
    """How events travel between processes, and where a channel's latest event is kept."""

    def publish(self, channel: str, name: str, data: str) -> Event | None:
        """Send (sync, after commit); returns the event if it is delivered in this process only."""

    async def listen(self, hub: Hub) -> None:
        """Hold the process's one subscription: call hub.listening() once subscribed (again after
        each reconnection) and hub.deliver() for every event; run until cancelled."""

    async def fetch_latest(self, channel: str) -> Event | None:
        """The channel's latest event from the shared store."""

    async def close(self) -> None: ...


class Subscriber:
    """One open stream: the events not yet written to it, and why it should wake up."""

    __slots__ = ("_wake", "channel", "closed", "dropped", "heartbeat_due", "pending")

    def __init__(self, channel: str) -> None:
        self.channel = channel
        self.pending: deque[Event] = deque()
        self.closed = False
        self.dropped = False
        self.heartbeat_due = False
        self._wake = asyncio.Event()

    def offer(self, event: Event) -> None:
        if len(self.pending) >= SUBSCRIBER_BUFFER:
            self.dropped = True
            self.pending.clear()
        else:
            self.pending.append(event)
        self._wake.set()

    def heartbeat(self) -> None:
        self.heartbeat_due = True
        self._wake.set()

    def close(self) -> None:
        self.closed = True
        self._wake.set()

    async def wait(self) -> None:
        await self._wake.wait()
        self._wake.clear()


class Hub:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.closing = False
        self._channels: dict[str, set[Subscriber]] = {}
        # Latest event of each channel that has subscribers: current while the subscription holds.
        self._latest: dict[str, Event] = {}
        self._fetching: dict[str, asyncio.Future[Event | None]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready: asyncio.Event | None = None
        self._subscribed_once = False
        self._tasks: list[asyncio.Task[None]] = []

    # Publishing (any thread) -------------------------------------------------------------

    def publish_now(self, channel: str, name: str, data: str) -> None:
        event = self.backend.publish(channel, name, data)
        loop = self._loop
        if event is not None and loop is not None and not self.closing:
            with contextlib.suppress(RuntimeError):  # the loop closed under us at shutdown
                loop.call_soon_threadsafe(self.deliver, event)

    # Event loop side -----------------------------------------------------------------------

    async def start(self) -> None:
        if self._loop is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._ready = asyncio.Event()
        self._tasks = [
            asyncio.create_task(self.backend.listen(self)),
            asyncio.create_task(self._beat()),
        ]
        self._end_streams_on_exit_signals()

    async def wait_ready(self, timeout: float) -> bool:
        await self.start()
        assert self._ready is not None
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._ready.wait(), timeout)
        return self._ready.is_set()

    def listening(self) -> None:
        """Called by the backend each time its subscription is (re)established."""
        assert self._ready is not None
        self._ready.set()
        if self._subscribed_once:
            # Events may have been missed while reconnecting: ask the store for the latest.
            self._tasks.append(asyncio.create_task(self._resync()))
        self._subscribed_once = True

    def not_listening(self) -> None:
        if self._ready is not None:
            self._ready.clear()

    def deliver(self, event: Event) -> None:
        subscribers = self._channels.get(event.channel)
        if not subscribers:
            return
        current = self._latest.get(event.channel)
        if current is not None and current.id >= event.id:
            return
        self._latest[event.channel] = event
        for subscriber in subscribers:
            subscriber.offer(event)

    def subscribe(self, channel: str) -> Subscriber:
        subscriber = Subscriber(channel)
        self._channels.setdefault(channel, set()).add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        subscribers = self._channels.get(subscriber.channel)
        if subscribers is None:
            return
        subscribers.discard(subscriber)
        if not subscribers:
            del self._channels[subscriber.channel]
            self._latest.pop(subscriber.channel, None)

    def subscriber_count(self) -> int:
        return sum(len(subscribers) for subscribers in self._channels.values())

    async def latest(self, channel: str) -> Event | None:
        """The channel's latest event; one store lookup however many clients ask at once."""
        if channel in self._latest:
            return self._latest[channel]
        pending = self._fetching.get(channel)
        if pending is None:
            pending = asyncio.ensure_future(self.backend.fetch_latest(channel))
            self._fetching[channel] = pending
            pending.add_done_callback(lambda _: self._fetching.pop(channel, None))
        try:
            event = await asyncio.shield(pending)
        except Exception:
            # The stream still opens; the next event, or a reconnection, brings the state.
            logger.exception("Could not read the latest live event of %s", channel)
            return None
        if event is not None:
            self._cache(event)
        return self._latest.get(channel, event)

    def _cache(self, event: Event) -> None:
        current = self._latest.get(event.channel)
        if event.channel in self._channels and (current is None or current.id < event.id):
            self._latest[event.channel] = event

    async def close(self) -> None:
        """End every stream and the subscription (server shutdown)."""
        self.closing = True
        for subscribers in self._channels.values():
            for subscriber in subscribers:
                subscriber.close()
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks = []
        await self.backend.close()

    async def _resync(self) -> None:
        for channel in list(self._channels):
            try:
                event = await self.backend.fetch_latest(channel)
            except Exception:
                logger.exception("Could not read the latest live event of %s", channel)
                continue
            if event is not None:
                self.deliver(event)

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            for subscribers in self._channels.values():
                for subscriber in subscribers:
                    subscriber.heartbeat()

    def _end_streams_on_exit_signals(self) -> None:
        # uvicorn waits for open responses to finish before it stops, and event streams never
        # finish by themselves: on its exit signals, end them first, then let uvicorn go on.
        if threading.current_thread() is not threading.main_thread():
            return
        for signum in (signal.SIGINT, signal.SIGTERM):
            previous = signal.getsignal(signum)
            if callable(previous):
                signal.signal(signum, functools.partial(self._on_exit_signal, previous))

    def _on_exit_signal(
        self,
        previous: Callable[[int, FrameType | None], object],
        signum: int,
        frame: FrameType | None,
    ) -> None:
        loop = self._loop
        if loop is not None and not self.closing:
            loop.call_soon_threadsafe(lambda: asyncio.ensure_future(self.close()))
        previous(signum, frame)
