"""How fast one published event reaches N open event streams (docs/benchmarks-live.md).

    .venv/bin/python bench/live_fanout.py --clients 5000            # all three set-ups
    .venv/bin/python bench/live_fanout.py --clients 500 --setups sqlite

Set-ups, each a real server on 127.0.0.1:
- redis:  `alyansa serve --workers 2` on PostgreSQL + Redis, published from another process;
- notify: the same with PostgreSQL LISTEN/NOTIFY only;
- sqlite: one uvicorn process on SQLite; events pass in-process, so the publish is asked of the
  server itself (alyansa/core/tests/live_server.py, the app the tests run).

Clients are spread over --client-procs processes (bench/sse_clients.py). For each of --rounds
publishes it measures, per client, the time from just before `publish()` to the event's arrival,
and the server's memory (resident, all its processes). Prints one JSON line per set-up.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sse_clients import raise_fd_limit  # bench/ is not a package

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ALYANSA = str(Path(PYTHON).with_name("alyansa"))
PG_DATABASE = "alyansa_live_bench"
PG_URL = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
REDIS_URL = "redis://127.0.0.1:6379/15"
PAYLOAD = "x" * 1000  # about the size of a result with its stage-by-stage table

# Run as a child process: publish {"run", "n", "table"} on each "n" read from stdin, and answer
# with time.monotonic() taken just before publish().
_PUBLISHER = """
import json, sys, time
import django
django.setup()
from alyansa.core.live import publish
channel, run, table = sys.argv[1], sys.argv[2], sys.argv[3]
print("ready", flush=True)
for line in sys.stdin:
    started = time.monotonic()
    publish(channel, "state", {"run": run, "n": int(line), "table": table})
    print(started, flush=True)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, from /proc."""
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    total_kb = 0
    for each in pids:
        for line in Path(f"/proc/{each}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


def _environment(data_dir: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        ALYANSA_ENV="development",
        DEBUG="false",  # no access log line per stream
        ALYANSA_DATA_DIR=data_dir,
        DJANGO_SETTINGS_MODULE="alyansa.settings",
        LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def _prepare_postgres(env: dict[str, str]) -> None:
    import psycopg

    with psycopg.connect(
        host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True
    ) as admin:
        if not admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [PG_DATABASE]
        ).fetchone():
            admin.execute(f"CREATE DATABASE {PG_DATABASE}")
    subprocess.run([ALYANSA, "migrate", "--verbosity", "0"], env=env, check=True)


def _percentile(values: list[float], fraction: float) -> float:
    return values[min(len(values) - 1, int(fraction * len(values)))]


def run_setup(setup: str, arguments: argparse.Namespace) -> dict[str, Any]:
    data_dir = tempfile.mkdtemp(prefix="alyansa-fanout-")
    extra = {}
    if setup in {"redis", "notify"}:
        extra["DATABASE_URL"] = PG_URL
    if setup == "redis":
        extra["REDIS_URL"] = REDIS_URL
    env = _environment(data_dir, **extra)
    port = _free_port()
    channel = f"bench:{uuid.uuid4().hex[:8]}"
    run = uuid.uuid4().hex[:8]
    if setup == "sqlite":
        workers = 1
        server_command = [
            *(PYTHON, "-m", "uvicorn", "alyansa.core.tests.live_server:application"),
            *("--port", str(port), "--lifespan", "off", "--log-level", "warning"),
        ]
    else:
        workers = arguments.workers
        _prepare_postgres(env)
        server_command = [ALYANSA, "serve", "--port", str(port), "--workers", str(workers)]
    server = subprocess.Popen(server_command, env=env, cwd=ROOT)
    processes: list[subprocess.Popen[str]] = []
    try:
        _wait_for_port(port, server)
        time.sleep(3)  # the workers import Django after the port opens
        share = [arguments.clients // arguments.client_procs] * arguments.client_procs
        share[0] += arguments.clients - sum(share)
        clients = [
            subprocess.Popen(
                [
                    *(PYTHON, str(ROOT / "bench" / "sse_clients.py"), "--port", str(port)),
                    *("--path", f"/live/{channel}", "--clients", str(count)),
                    *("--contains", f'"run":"{run}","n":{{n}},', "--rounds", str(arguments.rounds)),
                    *("--timeout", str(arguments.timeout)),
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            for count in share
        ]
        processes += clients
        connected = sum(json.loads(_line(client))["connected"] for client in clients)
        memory_mb = _tree_rss_mb(server.pid)
        publish = _publisher(setup, env, port, channel, run)
        if isinstance(publish, subprocess.Popen):
            processes.append(publish)
        rounds = []
        for n in range(1, arguments.rounds + 1):
            time.sleep(1)
            started = _publish(publish, port, channel, run, n)
            arrivals: list[float] = []
            missing = 0
            for client in clients:
                result = json.loads(_line(client))
                arrivals += result["arrivals"]
                missing += result["missing"]
            delays = sorted((arrival - started) * 1000 for arrival in arrivals)
            rounds.append(
                {
                    "received": len(delays),
                    "missing": missing,
                    "p50_ms": round(_percentile(delays, 0.5), 1) if delays else None,
                    "p99_ms": round(_percentile(delays, 0.99), 1) if delays else None,
                    "slowest_ms": round(delays[-1], 1) if delays else None,
                }
            )
        return {
            "setup": setup,
            "processes": workers,
            "clients": arguments.clients,
            "connected": connected,
            "server_rss_mb": memory_mb,
            "server_rss_mb_after": _tree_rss_mb(server.pid),
            "rounds": rounds,
        }
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()
        server.terminate()
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _line(process: subprocess.Popen[str]) -> str:
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line:
        raise SystemExit("a client process ended early")
    return line


def _publisher(
    setup: str, env: dict[str, str], port: int, channel: str, run: str
) -> subprocess.Popen[str] | None:
    if setup == "sqlite":
        return None  # the server publishes itself, asked over HTTP
    process = subprocess.Popen(
        [PYTHON, "-c", _PUBLISHER, channel, run, PAYLOAD],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert _line(process).strip() == "ready"
    return process


def _publish(
    publisher: subprocess.Popen[str] | None, port: int, channel: str, run: str, n: int
) -> float:
    if publisher is None:
        started = time.monotonic()
        query = f"channel={channel}&n={n}&run={run}&size={len(PAYLOAD)}"
        with socket.create_connection(("127.0.0.1", port)) as connection:
            connection.sendall(f"GET /_test/publish?{query} HTTP/1.0\r\n\r\n".encode())
            connection.recv(1024)
        return started
    assert publisher.stdin is not None
    publisher.stdin.write(f"{n}\n")
    publisher.stdin.flush()
    return float(_line(publisher))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--setups", default="redis,notify,sqlite")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--client-procs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=30.0)
    arguments = parser.parse_args()
    raise_fd_limit(arguments.clients * 2)
    for setup in arguments.setups.split(","):
        print(json.dumps(run_setup(setup, arguments)), flush=True)


if __name__ == "__main__":
    main()
