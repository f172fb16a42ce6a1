"""Database connections under a burst at the assembly: PostgreSQL's connection count stays
under a stated bound, with no server error.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alyansa_bench \\
        .venv/bin/python bench/db_connections.py --voters 1000 --check-ins 500 --workers 2

What it does (loopback only, bounded, stops by itself):
1. Builds an assembly: --voters delegates, present, with credentials, and three open polls;
   --check-ins more delegates not yet checked in; a secretariat token (two-factor on).
2. Starts uvicorn with `alyansa.asgi:application` (what `alyansa serve` runs) and --workers
   processes, and signs every voter in through the sign-in form (the badge's page).
3. At once: every voter casts through each of the three paths (the page form, the JSON API,
   the fast endpoint; one poll each) and the desk checks in --check-ins delegates through
   the API. Meanwhile it samples `pg_stat_activity` every 50 ms.
4. Prints one JSON line: statuses per path, server errors, the highest connection count seen,
   and the bound: workers x (DATABASE_POOL_SIZE + the casting pool's 8 + 1 listener).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from live_vote import build, note, setup_django  # noqa: E402
from serving import asgi_server, free_port  # noqa: E402

CAST_POOL_SIZE = 8  # alyansa/voting/castpath.py: the fast endpoint's AsyncConnectionPool


async def request(
    port: int, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request on its own connection: (status, cookies set, body)."""
    for attempt in range(5):
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            break
        except OSError:
            await asyncio.sleep(0.2 * (attempt + 1))
    else:
        return 0, {}, b""
    head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    head += f"Content-Length: {len(body)}\r\n"
    head += "".join(f"{key}: {value}\r\n" for key, value in (headers or {}).items())
    try:
        writer.write(head.encode() + b"\r\n" + body)
        raw = await reader.read()
    except OSError:
        return 0, {}, b""
    finally:
        writer.close()
    header, _, payload = raw.partition(b"\r\n\r\n")
    lines = header.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1]) if lines and lines[0] else 0
    cookies = {}
    for line in lines[1:]:
        if line.lower().startswith("set-cookie:"):
            name, _, value = line.split(":", 1)[1].strip().split(";", 1)[0].partition("=")
            cookies[name] = value
    return status, cookies, payload


def cookie_header(cookies: dict[str, str]) -> str:
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


async def sign_in(port: int, secret: str) -> dict[str, str]:
    _status, cookies, _page = await request(port, "GET", "/assemblies/signin/")
    form = f"csrfmiddlewaretoken={cookies['csrftoken']}&code={secret}".encode()
    _status, more, _ = await request(
        port,
        "POST",
        "/assemblies/signin/",
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
            "Referer": f"http://127.0.0.1:{port}/assemblies/signin/",
        },
    )
    return cookies | more


async def cast_page(port: int, cookies: dict[str, str], poll: int, key: str) -> int:
    path = f"/voting/me/{poll}/"  # the delegate's own vote (no voter key in the address)
    status, _, page = await request(port, "GET", path, headers={"Cookie": cookie_header(cookies)})
    if status != 200:
        return status
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    form = b"choice=yes&csrfmiddlewaretoken=" + (token.group(1) if token else b"")
    status, _, _ = await request(
        port,
        "POST",
        path,
        form,
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie_header(cookies),
            "Referer": f"http://127.0.0.1:{port}{path}",
        },
    )
    return status


async def cast_api(port: int, cookies: dict[str, str], poll: int, key: str) -> int:
    status, _, _ = await request(
        port,
        "POST",
        f"/api/v1/voting/me/ballots/{poll}",
        json.dumps({"voter_key": key, "choices": ["yes"]}).encode(),
        {
            "Content-Type": "application/json",
            "Cookie": cookie_header(cookies),
            "X-CSRFToken": cookies["csrftoken"],
        },
    )
    return status


async def cast_fast(port: int, secret: str, poll: int, key: str) -> int:
    body = json.dumps({"voter_key": key, "choices": ["yes"]}).encode()
    headers = {"Authorization": f"Credential {secret}", "Content-Type": "application/json"}
    status, _, _ = await request(port, "POST", f"/voting/cast/{poll}/", body, headers)
    return status


async def check_in(port: int, token: str, slug: str, secret: str) -> int:
    status, _, _ = await request(
        port,
        "POST",
        f"/api/v1/assemblies/{slug}/check-in",
        json.dumps({"code": secret}).encode(),
        {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    return status


def connections_now() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


async def sample(stop: asyncio.Event, seen: list[int]) -> None:
    while not stop.is_set():
        seen.append(await asyncio.to_thread(connections_now))
        await asyncio.sleep(0.05)


async def run(arguments: argparse.Namespace, fixture: dict, port: int) -> dict:
    from sse_clients import raise_fd_limit

    raise_fd_limit(4 * arguments.voters + arguments.check_ins + 200)
    voters = fixture["voters"]
    gate = asyncio.Semaphore(200)  # sign-ins before the vote, 200 at a time

    async def signed_in(secret: str) -> dict[str, str]:
        async with gate:
            return await sign_in(port, secret)

    began = time.monotonic()
    sessions = await asyncio.gather(*(signed_in(secret) for _pk, secret in voters))
    note(f"{len(sessions)} voters signed in in {time.monotonic() - began:.1f}s")
    statuses: dict[str, Counter] = {path: Counter() for path in ("page", "api", "fast", "check_in")}

    async def one(path: str, work: object) -> None:
        statuses[path][await work] += 1  # type: ignore[misc]

    page_poll, api_poll, fast_poll = fixture["polls"]
    work = [
        *(
            one("page", cast_page(port, cookies, page_poll, f"d{pk}"))
            for (pk, _secret), cookies in zip(voters, sessions, strict=True)
        ),
        *(
            one("api", cast_api(port, cookies, api_poll, f"d{pk}"))
            for (pk, _secret), cookies in zip(voters, sessions, strict=True)
        ),
        *(one("fast", cast_fast(port, secret, fast_poll, f"d{pk}")) for pk, secret in voters),
        *(
            one("check_in", check_in(port, fixture["token"], fixture["slug"], secret))
            for secret in fixture["arrivals"]
        ),
    ]
    seen: list[int] = []
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample(stop, seen))
    began = time.monotonic()
    await asyncio.gather(*work)
    seconds = time.monotonic() - began
    await asyncio.sleep(1.0)  # connections still held just after the burst count too
    stop.set()
    await sampler
    return {
        "statuses": {path: dict(counts) for path, counts in statuses.items()},
        "server_errors": sum(n for c in statuses.values() for s, n in c.items() if s >= 500),
        "failed_connections": sum(c[0] for c in statuses.values()),
        "burst_seconds": round(seconds, 1),
        "max_connections_seen": max(seen),
        "connections_after": seen[-1],
    }


def build_burst(voters: int, check_ins: int) -> dict:
    """live_vote's assembly, two more open polls, and delegates still to check in."""
    from alyansa.assemblies.models import Assembly, Credential, Participant, hash_secret
    from alyansa.assemblies.services import _new_secret
    from alyansa.voting.models import Poll
    from alyansa.voting.services import poll_create, poll_open

    fixture = build(voters)
    assembly = Assembly.objects.get(pk=fixture["assembly"])
    first = Poll.objects.get(pk=fixture["poll"])
    polls = [first.pk]
    for title in ("Bench motion by API", "Bench motion by the fast endpoint"):
        poll = poll_create(
            title=title, kind="motion", assembly=assembly, quorum_required=0, acting_user=None
        )
        poll_open(poll=poll, acting_user=None)
        polls.append(poll.pk)
    organization = Participant.objects.filter(assembly=assembly).first().organization
    arrivals = Participant.objects.bulk_create(
        Participant(
            assembly=assembly,
            kind=Participant.Kind.DELEGATE,
            organization=organization,
            display_name=f"Arriving delegate {n}",
        )
        for n in range(check_ins)
    )
    secrets = [_new_secret() for _ in arrivals]
    Credential.objects.bulk_create(
        Credential(participant=one, secret_hash=hash_secret(secret), hint=secret[:4])
        for one, secret in zip(arrivals, secrets, strict=True)
    )
    return {**fixture, "polls": polls, "slug": assembly.slug, "arrivals": secrets}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=1000)
    parser.add_argument("--check-ins", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    arguments = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "db_connections: set DATABASE_URL to a PostgreSQL database (it counts its connections)."
        )
    setup_django()
    from django.conf import settings

    fixture = build_burst(arguments.voters, arguments.check_ins)
    note(
        f"built {arguments.voters} voters, polls {fixture['polls']}, {arguments.check_ins} arrivals"
    )
    pool_size = settings.DATABASES["default"]["OPTIONS"]["pool"]["max_size"]
    port = free_port()
    from django.db import connection

    with asgi_server(port, arguments.workers, "--backlog", "4096"):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if asyncio.run(request(port, "GET", "/healthz"))[0] == 200:
                break
            time.sleep(0.3)
        before = connections_now()
        connection.close()
        result = asyncio.run(asyncio.wait_for(run(arguments, fixture, port), timeout=540))
    print(
        json.dumps(
            {
                "voters": arguments.voters,
                "check_ins": arguments.check_ins,
                "workers": arguments.workers,
                "pool_size": pool_size,
                "bound": arguments.workers * (pool_size + CAST_POOL_SIZE + 1),
                "connections_before": before,
                **result,
            }
        )
    )


if __name__ == "__main__":
    main()
