"""Live events, end to end: real uvicorn processes, real HTTP event streams.

Django's test live server is not ASGI, so each test runs `uvicorn` or `alyansa serve` as a
subprocess: on SQLite one process (events pass in-process), on PostgreSQL two processes fed by
Redis pub/sub or by LISTEN/NOTIFY, with the event published from a third process.
"""

from __future__ import annotations

import asyncio
import hashlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from alyansa.core.live import MAX_DATA_BYTES, channel_token, live_url, publish, token_opens
from alyansa.core.live_backends import RedisBackend
from alyansa.core.live_hub import Event

SECRET_KEY = "live-test-secret-key-that-is-long-enough-for-any-check-0123"
PG_ADMIN = {"host": "127.0.0.1", "port": 5432, "user": "postgres", "dbname": "postgres"}
# One database per checkout, made afresh for each session: checkouts of other branches on the
# same server (CI, a colleague's worktree) migrate their own schema into theirs.
PG_DATABASE = (
    "alyansa_live_test_"
    + hashlib.sha256(str(Path(__file__).resolve().parents[3]).encode()).hexdigest()[:10]
)
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/15"
ALYANSA = str(Path(sys.executable).with_name("alyansa"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def _environment(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        ALYANSA_ENV="development",
        ALYANSA_DATA_DIR=str(data_dir),
        SECRET_KEY=SECRET_KEY,
        DJANGO_SETTINGS_MODULE="alyansa.settings",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


@contextmanager
def _servers(
    commands: list[list[str]], env: dict[str, str], ports: list[int]
) -> Iterator[list[subprocess.Popen[bytes]]]:
    """Start the servers side by side, wait until each accepts connections, stop them after."""
    processes = [
        subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for command in commands
    ]
    try:
        deadline = time.monotonic() + 30
        for process, port in zip(processes, ports, strict=True):
            while not _reachable(port):
                if process.poll() is not None or time.monotonic() > deadline:
                    assert process.stderr is not None
                    pytest.fail(f"a server did not start: {process.stderr.read().decode()}")
                time.sleep(0.1)
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _uvicorn(port: int, app: str = "alyansa.core.tests.live_server:application") -> list[str]:
    """uvicorn as `alyansa serve` runs it (without the management command's start-up checks)."""
    return [
        *(sys.executable, "-m", "uvicorn", app),
        *("--port", str(port), "--lifespan", "off", "--log-level", "warning"),
    ]


class Stream:
    """One client of an event stream, reading it as a browser's EventSource would."""

    def __init__(self, port: int, path: str, **headers: str) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        self.connection.request("GET", path, headers={"Accept": "text/event-stream", **headers})
        self.response = self.connection.getresponse()
        self.status = self.response.status

    def next_event(self) -> dict[str, str]:
        """The next event with data (comments and the retry hint skipped); {} at end of stream."""
        fields: dict[str, str] = {}
        while True:
            line = self.response.readline().decode()
            if not line:
                return {}
            line = line.rstrip("\n")
            if line == "":
                if "data" in fields:
                    return fields
                fields = {}
            elif not line.startswith(":"):
                name, _, value = line.partition(": ")
                fields[name] = value

    def next_data(self) -> dict[str, object]:
        event = self.next_event()
        assert event, "the stream ended without the expected event"
        return dict(json.loads(event["data"]))

    def close(self) -> None:
        self.connection.close()


def _get(port: int, path: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _get_text(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    text = connection.getresponse().read().decode()
    connection.close()
    return text


def _channel(prefix: str = "test") -> str:
    return f"{prefix}:{uuid.uuid4().hex[:12]}"


# Names, addresses and tokens ---------------------------------------------------------------------


def test_live_url_gives_public_channels_a_plain_address_and_private_ones_a_token() -> None:
    assert live_url("poll:12") == "/live/poll:12"
    url = live_url("private:chair:3", private=True)
    assert url.startswith("/live/private:chair:3?t=")
    assert token_opens("private:chair:3", url.split("?t=")[1])
    assert not token_opens("private:chair:4", url.split("?t=")[1])
    with pytest.raises(ValueError, match="private"):
        live_url("chair:3", private=True)
    with pytest.raises(ValueError, match="private"):
        live_url("private:chair:3")


def test_publish_refuses_bad_names_and_oversized_events() -> None:
    with pytest.raises(ValueError, match="channel"):
        publish("Poll 12", "count", {})
    with pytest.raises(ValueError, match="event name"):
        publish("poll:12", "Count!", {})
    with pytest.raises(ValueError, match="bytes"):
        publish("poll:12", "count", {"table": "x" * MAX_DATA_BYTES})


# One process on SQLite ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sqlite_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = _free_port()
    env = _environment(tmp_path_factory.mktemp("live"))
    with _servers([_uvicorn(port)], env, [port]):
        yield port


def _publish_in_server(port: int, channel: str, number: int, *, rollback: bool = False) -> None:
    flag = "&rollback=1" if rollback else ""
    assert _get_text(port, f"/_test/publish?channel={channel}&n={number}{flag}") == "published"


def test_a_committed_publish_reaches_an_open_stream_and_a_rolled_back_one_never_does(
    sqlite_server: int,
) -> None:
    channel = _channel()
    stream = Stream(sqlite_server, live_url(channel))
    assert stream.status == 200
    assert stream.response.getheader("content-type") == "text/event-stream; charset=utf-8"
    _publish_in_server(sqlite_server, channel, 1, rollback=True)
    _publish_in_server(sqlite_server, channel, 2)
    event = stream.next_event()
    assert event["event"] == "state"
    assert json.loads(event["data"]) == {"n": 2}
    stream.close()


def test_a_client_that_connects_after_a_publish_is_sent_the_latest_event(
    sqlite_server: int,
) -> None:
    channel = _channel()
    _publish_in_server(sqlite_server, channel, 1)
    _publish_in_server(sqlite_server, channel, 2)
    _publish_in_server(sqlite_server, channel, 3, rollback=True)
    late = Stream(sqlite_server, live_url(channel))
    latest = late.next_event()
    assert json.loads(latest["data"]) == {"n": 2}
    late.close()

    # A client reconnecting with the latest event's id is not sent it again.
    reconnected = Stream(sqlite_server, live_url(channel), **{"Last-Event-ID": latest["id"]})
    _publish_in_server(sqlite_server, channel, 4)
    assert reconnected.next_data() == {"n": 4}
    reconnected.close()


def test_a_private_channel_is_refused_without_its_token_and_served_with_it(
    sqlite_server: int, settings: Any
) -> None:
    settings.SECRET_KEY = SECRET_KEY  # the server's key, so that tokens made here open streams
    channel = _channel("private:chair")
    other = _channel("private:chair")
    assert _get(sqlite_server, f"/live/{channel}").status == 403
    assert _get(sqlite_server, f"/live/{channel}?t=forged").status == 403
    assert _get(sqlite_server, f"/live/{channel}?t={channel_token(other)}").status == 403
    stream = Stream(sqlite_server, live_url(channel, private=True))
    assert stream.status == 200
    _publish_in_server(sqlite_server, channel, 1)
    assert stream.next_data() == {"n": 1}
    stream.close()


def test_bad_channel_names_and_methods_are_refused(sqlite_server: int) -> None:
    assert _get(sqlite_server, "/live/Not%20a%20channel").status == 404
    connection = http.client.HTTPConnection("127.0.0.1", sqlite_server, timeout=10)
    connection.request("POST", "/live/poll:1")
    assert connection.getresponse().status == 405
    connection.close()


def test_streams_and_fast_casting_refuse_a_host_name_the_site_does_not_serve(
    sqlite_server: int,
) -> None:
    for method, path in (("GET", f"/live/{_channel()}"), ("POST", "/voting/cast/1/")):
        connection = http.client.HTTPConnection("127.0.0.1", sqlite_server, timeout=10)
        connection.request(method, path, headers={"Host": "rebound.example"})
        assert connection.getresponse().status == 400
        connection.close()
    stream = Stream(sqlite_server, f"/live/{_channel()}", Host=f"localhost:{sqlite_server}")
    assert stream.status == 200
    stream.close()


def test_everything_outside_live_is_still_served_by_django(sqlite_server: int) -> None:
    response = _get(sqlite_server, "/healthz")
    assert response.getheader("x-frame-options") == "DENY"


def test_streams_of_clients_that_disconnect_are_cleaned_up(sqlite_server: int) -> None:
    channel = _channel()
    streams = [Stream(sqlite_server, live_url(channel)) for _ in range(3)]
    assert _get_text(sqlite_server, "/_test/streams") == "3"
    for stream in streams:
        stream.close()
    deadline = time.monotonic() + 5
    while _get_text(sqlite_server, "/_test/streams") != "0":
        assert time.monotonic() < deadline, "closed streams are still held by the server"
        time.sleep(0.05)


def test_stopping_the_server_ends_open_streams_and_the_server_exits(
    tmp_path: Path,
) -> None:
    port = _free_port()
    env = _environment(tmp_path)
    with _servers([_uvicorn(port)], env, [port]) as [process]:
        stream = Stream(port, live_url(_channel()))
        process.send_signal(signal.SIGTERM)
        assert stream.next_event() == {}
        # uvicorn ends by re-raising the signal it caught, as a process stopped by it would.
        assert process.wait(5) in (0, -signal.SIGTERM)


# Two processes on PostgreSQL, published from a third -------------------------------------------


@pytest.fixture(scope="module")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(**PG_ADMIN, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        pytest.skip(f"PostgreSQL is not reachable on 127.0.0.1:5432: {error}")
    with admin:
        admin.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    env = _environment(tmp_path_factory.mktemp("migrate"), DATABASE_URL=PG_URL)
    subprocess.run(
        [ALYANSA, "migrate", "--verbosity", "0"], env=env, check=True, capture_output=True
    )
    return PG_URL


_PUBLISHER = """
import sys
import django
django.setup()
from django.db import transaction
from alyansa.core.live import publish

channel = sys.argv[1]
try:
    with transaction.atomic():
        publish(channel, "state", {"n": 1})
        raise RuntimeError("rolled back")
except RuntimeError:
    pass
with transaction.atomic():
    publish(channel, "state", {"n": 2})
# Over PostgreSQL's NOTIFY limit of 8000 bytes: announced by reference, read from the table.
publish(channel, "state", {"n": 3, "table": "x" * 9000})
"""


@pytest.mark.parametrize("transport", ["redis", "notify"])
def test_two_server_processes_deliver_an_event_published_from_a_third(
    transport: str, postgres_url: str, tmp_path: Path
) -> None:
    extra = {"DATABASE_URL": postgres_url}
    if transport == "redis":
        if not _reachable(6379):
            pytest.skip("Redis is not reachable on 127.0.0.1:6379")
        extra["REDIS_URL"] = REDIS_URL
    env = _environment(tmp_path, **extra)
    first, second = _free_port(), _free_port()
    commands = [_uvicorn(port, "alyansa.asgi:application") for port in (first, second)]
    with _servers(commands, env, [first, second]):
        channel = _channel()
        streams = [Stream(first, live_url(channel)), Stream(second, live_url(channel))]
        subprocess.run([sys.executable, "-c", _PUBLISHER, channel], env=env, check=True)
        for stream in streams:
            assert stream.next_data() == {"n": 2}
            assert stream.next_data()["n"] == 3
            stream.close()

        # A process that holds no stream of the channel finds its latest event in the store.
        late = Stream(second, live_url(channel))
        assert late.next_data()["n"] == 3
        late.close()


def test_two_sites_on_one_redis_neither_hear_nor_read_each_others_events() -> None:
    if not _reachable(6379):
        pytest.skip("Redis is not reachable on 127.0.0.1:6379")

    ours = RedisBackend(REDIS_URL, "site-ours")
    theirs = RedisBackend(REDIS_URL, "site-theirs")
    channel = _channel()
    ours.publish(channel, "state", '{"n": 1}')

    async def latest() -> tuple[Event | None, Event | None]:
        found = await ours.fetch_latest(channel), await theirs.fetch_latest(channel)
        await ours.close()
        await theirs.close()
        return found

    mine, other = asyncio.run(latest())
    assert mine is not None and mine.data == '{"n": 1}'
    assert other is None
