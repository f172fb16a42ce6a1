"""What the server benchmarks share: a free port, a scratch SQLite database when no
DATABASE_URL is given, and `alyansa.asgi:application` under uvicorn (what `alyansa serve` runs)
for the length of a `with` block."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scratch_sqlite(prefix: str) -> bool:
    """Without DATABASE_URL, point the run at a new SQLite database in a temporary folder;
    True when it did (SQLite: one server process, one writer)."""
    if os.environ.get("DATABASE_URL"):
        return False
    folder = tempfile.mkdtemp(prefix=f"alyansa-{prefix}-")
    os.environ["ALYANSA_DATA_DIR"] = folder
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/{prefix}.sqlite3"
    return True


def _wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)


@contextmanager
def asgi_server(port: int, workers: int, *extra: str) -> Iterator[subprocess.Popen[bytes]]:
    """uvicorn serving the app on 127.0.0.1:`port` with `workers` processes, up and answering
    before the block starts, stopped (its whole process group) when it ends."""
    server = subprocess.Popen(
        [
            *(sys.executable, "-m", "uvicorn", "alyansa.asgi:application"),
            *("--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)),
            *("--lifespan", "off", "--log-level", "warning", "--no-access-log"),
            *extra,
        ],
        cwd=ROOT,
        env={**os.environ, "ALYANSA_ENV": "development"},
        start_new_session=True,
    )
    try:
        _wait_for_port(port)
        time.sleep(1.0)  # the other workers import Django after the port opens
        yield server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
