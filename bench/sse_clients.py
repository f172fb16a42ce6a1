"""Many server-sent-event clients in one asyncio process, over raw sockets (loopback only).

As a library (bench/live_fanout.py, bench/live_vote.py):

    raise_fd_limit(5000)
    pool = SSEClientPool("127.0.0.1", 8000, "/live/poll:1", 5000)
    await pool.connect()
    watch = pool.watch(lambda event: event.event == "result")
    ...publish...
    arrivals = await watch.wait(timeout=10)   # time.monotonic() of each client's first match
    await pool.close()

As a command it holds its clients until the expected event arrives, and speaks JSON lines on
stdout, so that several client processes can share the load (bench/live_fanout.py):

    python bench/sse_clients.py --port 8000 --path /live/poll:1 --clients 2500 \
        --event state --contains '"n":{n}' --rounds 3
    -> {"connected": 2500, "failed": 0}            once every client is connected
    -> {"arrivals": [t, ...], "missing": 0}        per round: first match per client (monotonic)

time.monotonic() is the system-wide CLOCK_MONOTONIC on Linux, so processes can compare times.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import resource
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SSEEvent:
    id: str
    event: str
    data: str
    received: float


def raise_fd_limit(needed: int) -> None:
    """Allow this process (and the processes it starts) `needed` open files, if the hard limit
    permits."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = needed + 256
    if soft < wanted:
        ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (ceiling, hard))


class Watch:
    """The first arrival, per client, of an event that matches a predicate."""

    def __init__(self, pool: SSEClientPool, predicate: Callable[[SSEEvent], bool]) -> None:
        self.pool = pool
        self.predicate = predicate
        self.arrivals: dict[int, float] = {}
        self.done = asyncio.Event()

    def offer(self, client: int, event: SSEEvent) -> None:
        if client not in self.arrivals and self.predicate(event):
            self.arrivals[client] = event.received
            if len(self.arrivals) >= self.pool.connected:
                self.done.set()

    async def wait(self, timeout: float) -> list[float]:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.done.wait(), timeout)
        self.pool.watches.remove(self)
        return sorted(self.arrivals.values())


class SSEClientPool:
    def __init__(
        self, host: str, port: int, path: str, count: int, *, connect_concurrency: int = 200
    ) -> None:
        self.host = host
        self.port = port
        self.path = path
        self.count = count
        self.connected = 0
        self.failed = 0
        self.watches: list[Watch] = []
        self._gate = asyncio.Semaphore(connect_concurrency)
        self._ready: asyncio.Queue[bool] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self._writers: list[asyncio.StreamWriter] = []

    def watch(self, predicate: Callable[[SSEEvent], bool]) -> Watch:
        watch = Watch(self, predicate)
        self.watches.append(watch)
        return watch

    async def connect(self, timeout: float = 120.0) -> None:
        """Open every client; returns once each has its response headers or has failed."""
        self._tasks = [asyncio.create_task(self._client(index)) for index in range(self.count)]
        deadline = time.monotonic() + timeout
        for _ in range(self.count):
            remaining = deadline - time.monotonic()
            try:
                await asyncio.wait_for(self._ready.get(), max(remaining, 0.001))
            except TimeoutError:
                self.failed = self.count - self.connected
                return

    async def close(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for writer in self._writers:
            writer.close()

    async def _client(self, index: int) -> None:
        try:
            async with self._gate:
                reader, writer = await asyncio.open_connection(self.host, self.port)
                self._writers.append(writer)
                writer.write(
                    f"GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                    "Accept: text/event-stream\r\n\r\n".encode()
                )
                head = await reader.readuntil(b"\r\n\r\n")
            if not head.startswith(b"HTTP/1.1 200"):
                raise ConnectionError(head.split(b"\r\n", 1)[0].decode())
        except (OSError, asyncio.IncompleteReadError, ConnectionError):
            self.failed += 1
            self._ready.put_nowait(False)
            return
        self.connected += 1
        self._ready.put_nowait(True)
        chunked = b"transfer-encoding: chunked" in head.lower()
        buffer = b""
        with contextlib.suppress(OSError, asyncio.IncompleteReadError, ValueError):
            while True:
                if chunked:
                    size = int((await reader.readline()).split(b";")[0], 16)
                    if size == 0:
                        return
                    payload = (await reader.readexactly(size + 2))[:-2]
                else:
                    payload = await reader.read(65536)
                    if not payload:
                        return
                received = time.monotonic()
                buffer += payload
                while b"\n\n" in buffer:
                    block, buffer = buffer.split(b"\n\n", 1)
                    self._block(index, block, received)

    def _block(self, index: int, block: bytes, received: float) -> None:
        fields: dict[str, str] = {}
        for line in block.decode().split("\n"):
            if line and not line.startswith(":"):
                name, _, value = line.partition(":")
                fields[name] = value.removeprefix(" ")
        if "data" not in fields:
            return
        event = SSEEvent(
            fields.get("id", ""), fields.get("event", "message"), fields["data"], received
        )
        for watch in self.watches:
            watch.offer(index, event)


def _matcher(name: str, text: str) -> Callable[[SSEEvent], bool]:
    return lambda event: event.event == name and text in event.data


async def _command(arguments: argparse.Namespace) -> None:
    raise_fd_limit(arguments.clients)
    pool = SSEClientPool("127.0.0.1", arguments.port, arguments.path, arguments.clients)
    watches = [
        pool.watch(_matcher(arguments.event, arguments.contains.replace("{n}", str(n))))
        for n in range(1, arguments.rounds + 1)
    ]
    await pool.connect()
    print(json.dumps({"connected": pool.connected, "failed": pool.failed}), flush=True)
    for watch in watches:
        arrivals = await watch.wait(arguments.timeout)
        missing = pool.connected - len(arrivals)
        print(json.dumps({"arrivals": arrivals, "missing": missing}), flush=True)
    await pool.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--path", required=True)
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--event", default="state", help="the expected events' name")
    parser.add_argument(
        "--contains", default="", help="text the data of round n's event contains ({n}: n)"
    )
    parser.add_argument("--rounds", type=int, default=1, help="events to wait for, one by one")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for each")
    asyncio.run(_command(parser.parse_args()))


if __name__ == "__main__":
    main()
