"""Live vote benchmark: N delegates cast within 10 s, the poll closes, every stream sees it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alyansa_bench \\
        .venv/bin/python bench/live_vote.py --voters 5000 --streams 5000 --workers 2
    .venv/bin/python bench/live_vote.py --voters 2000 --streams 500      # SQLite, one process

What it does (loopback only, bounded, stops by itself):
1. Builds a fresh assembly in the database: N delegates, present, each with a credential; a
   secretariat account with an API token; one open Yes/No/Abstain poll.
2. Starts uvicorn with `alyansa.asgi:application` (what `alyansa serve` runs: the fast casting
   endpoint and the event streams beside Django) with --workers processes (one on SQLite).
3. Opens --streams server-sent-event streams on the assembly's voting channel.
4. Releases the N votes evenly over --seconds (default 10) on keep-alive connections; one voter
   in ten double-submits (a double tap) to prove no duplicate lands.
5. Closes the poll through the JSON API and waits for every stream to see the closed state.
6. Counts in the database, stops the server and prints one JSON line: voters, ballots_counted,
   duplicates, lost, p50_ms, p99_ms, cast_seconds, result_published_ms, fanout_ms, ...
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from serving import asgi_server, free_port, scratch_sqlite  # noqa: E402


def note(text: str) -> None:
    print(f"live_vote: {text}", file=sys.stderr, flush=True)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alyansa.settings")
    os.environ.setdefault("ALYANSA_ENV", "development")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(voters: int) -> dict:
    """The assembly, delegates, credentials, a secretariat token and an open poll. Bulk rows
    for speed: this is a benchmark's fixture, not the application's way of registering."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.utils import timezone

    from alyansa.accounts.models import TokenAccess
    from alyansa.accounts.roles import Role
    from alyansa.accounts.services import role_grant, token_create, user_create
    from alyansa.assemblies.models import Attendance, Credential, Participant, hash_secret
    from alyansa.assemblies.services import _new_secret
    from alyansa.assemblies.testing import make_assembly
    from alyansa.members.testing import make_organization
    from alyansa.voting.services import poll_create, poll_open

    stamp = int(time.time())
    assembly = make_assembly(f"Bench Assembly {stamp}", delegate_quota=voters)
    organization = make_organization(f"Bench Union {stamp}")
    now = timezone.now()
    Participant.objects.bulk_create(
        Participant(
            assembly=assembly,
            kind=Participant.Kind.DELEGATE,
            organization=organization,
            display_name=f"Bench delegate {n}",
        )
        for n in range(voters)
    )
    people = list(Participant.objects.filter(assembly=assembly).order_by("pk"))
    Attendance.objects.bulk_create(
        Attendance(participant=one, method="door", checked_in_at=now) for one in people
    )
    secrets = [_new_secret() for _ in people]
    Credential.objects.bulk_create(
        Credential(participant=one, secret_hash=hash_secret(secret), hint=secret[:4])
        for one, secret in zip(people, secrets, strict=True)
    )
    chair = user_create(
        email=f"bench{stamp}@example.org", display_name="Bench chair", password=None
    )
    role_grant(user=chair, role=Role.SECRETARIAT)
    TOTP.activate(chair, generate_totp_secret())
    # The close goes through the JSON API: a token that carries the secretariat's powers, to
    # write with (tokens carry no role, read only, unless made so).
    _token, token = token_create(
        user=chair,
        name="bench",
        access=TokenAccess.READ_WRITE,
        roles=[(Role.SECRETARIAT, "")],
    )
    poll = poll_create(
        title="Bench motion", kind="motion", assembly=assembly, quorum_required=0, acting_user=None
    )
    poll_open(poll=poll, acting_user=None)
    return {
        "assembly": assembly.pk,
        "poll": poll.pk,
        "voters": [(one.pk, secret) for one, secret in zip(people, secrets, strict=True)],
        "token": token,
    }


def count(poll_id: int) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM voting_ballot WHERE poll_id = %s", [poll_id])
        ballots = cursor.fetchone()[0]
        cursor.execute(
            "SELECT COUNT(*), COUNT(DISTINCT voter_key) FROM voting_hasvoted WHERE poll_id = %s",
            [poll_id],
        )
        has_voted, distinct = cursor.fetchone()
        cursor.execute("SELECT COUNT(*) FROM voting_castballot WHERE poll_id = %s", [poll_id])
        leftover = cursor.fetchone()[0]
    return {"ballots": ballots, "has_voted": has_voted, "distinct": distinct, "left": leftover}


class Connections:
    """Keep-alive HTTP/1.1 connections to the server, shared by the voters."""

    def __init__(self, port: int, size: int) -> None:
        self.port = port
        self.size = size
        self.idle: asyncio.Queue = asyncio.Queue()

    async def open(self) -> None:
        for _ in range(self.size):
            self.idle.put_nowait(await asyncio.open_connection("127.0.0.1", self.port))

    async def post(
        self, path: str, body: bytes, headers: dict[str, str], method: str = "POST"
    ) -> tuple[int, bytes]:
        reader, writer = await self.idle.get()
        try:
            head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
            writer.write(head.encode() + b"\r\n" + body)
            status_line = await reader.readuntil(b"\r\n\r\n")
            status = int(status_line.split(b" ", 2)[1])
            length = 0
            for line in status_line.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            payload = await reader.readexactly(length)
            self.idle.put_nowait((reader, writer))
            return status, payload
        except (OSError, asyncio.IncompleteReadError, ValueError):
            writer.close()
            self.idle.put_nowait(await asyncio.open_connection("127.0.0.1", self.port))
            return 0, b""


async def run(arguments: argparse.Namespace, fixture: dict, port: int) -> dict:
    from sse_clients import SSEClientPool, raise_fd_limit

    raise_fd_limit(arguments.streams + arguments.connections + 100)
    pool = SSEClientPool(
        "127.0.0.1", port, f"/live/voting:{fixture['assembly']}", arguments.streams
    )
    began = time.monotonic()
    await pool.connect(timeout=120)
    note(f"{pool.connected} streams open ({pool.failed} failed) in {time.monotonic() - began:.1f}s")
    closed = pool.watch(lambda event: '"status":"closed"' in event.data)
    connections = Connections(port, arguments.connections)
    await connections.open()
    # Warm every worker's Django (URLconf, API schema) as a real server is warm before a vote.
    for _ in range(4 * arguments.workers):
        await connections.post(
            f"/api/v1/voting/polls/{fixture['poll']}",
            b"",
            {"Authorization": f"Bearer {fixture['token']}"},
            method="GET",
        )
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    poll = fixture["poll"]
    interval = arguments.seconds / max(len(fixture["voters"]), 1)
    start = time.monotonic() + 0.2

    async def voter(number: int, participant: int, secret: str) -> None:
        due = start + number * interval
        await asyncio.sleep(max(0.0, due - time.monotonic()))
        body = json.dumps({"voter_key": f"d{participant}", "choices": ["yes"]}).encode()
        headers = {"Authorization": f"Credential {secret}", "Content-Type": "application/json"}
        tries = 2 if number % 10 == 0 else 1  # a double tap
        for _ in range(tries):
            status, _payload = await connections.post(f"/voting/cast/{poll}/", body, headers)
            statuses[status] = statuses.get(status, 0) + 1
        latencies.append((time.monotonic() - due) * 1000)

    await asyncio.gather(
        *(voter(n, pk, secret) for n, (pk, secret) in enumerate(fixture["voters"]))
    )
    cast_seconds = time.monotonic() - start
    note(f"{len(latencies)} voters done in {cast_seconds:.1f}s: {statuses}")
    await asyncio.sleep(0.3)  # the last throttled count announcements
    close_sent = time.monotonic()
    status, _payload = await connections.post(
        f"/api/v1/voting/polls/{poll}/close",
        b"",
        {"Authorization": f"Bearer {fixture['token']}"},
    )
    close_done = time.monotonic()
    arrivals = await closed.wait(timeout=10)
    await pool.close()
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(len(latencies) * p))], 1)

    return {
        "close_status": status,
        "statuses": statuses,
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": round(latencies[-1], 1),
        "cast_seconds": round(cast_seconds, 2),
        "result_published_ms": round((close_done - close_sent) * 1000, 1),
        "streams": arguments.streams,
        "streams_connected": pool.connected,
        "streams_saw_result": len(arrivals),
        "fanout_ms": round((max(arrivals) - close_done) * 1000, 1) if arrivals else None,
        "result_seen_ms": round((max(arrivals) - close_sent) * 1000, 1) if arrivals else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=5000)
    parser.add_argument("--streams", type=int, default=None, help="default: as many as voters")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--port", type=int, default=0, help="the server's port (default: free)")
    arguments = parser.parse_args()
    arguments.streams = arguments.voters if arguments.streams is None else arguments.streams
    if scratch_sqlite("bench"):
        arguments.workers = 1  # SQLite: one process, one writer
    setup_django()
    fixture = build(arguments.voters)
    note(f"built {arguments.voters} delegates and poll {fixture['poll']}")
    port = arguments.port or free_port()
    with asgi_server(port, arguments.workers):
        result = asyncio.run(asyncio.wait_for(run(arguments, fixture, port), timeout=480))
    stored = count(fixture["poll"])
    from django.db import connection

    print(
        json.dumps(
            {
                "voters": arguments.voters,
                "ballots_counted": stored["ballots"],
                "duplicates": stored["ballots"]
                - stored["distinct"]
                + (stored["has_voted"] - stored["distinct"]),
                "lost": arguments.voters - stored["ballots"],
                "database": connection.vendor,
                "workers": arguments.workers,
                **result,
            }
        )
    )


if __name__ == "__main__":
    main()
