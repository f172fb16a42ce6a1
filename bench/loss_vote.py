"""Voting through a bad network: delegates cast through a proxy that cuts and delays connections.

    .venv/bin/python bench/loss_vote.py --voters 300                       # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alyansa_bench \\
        .venv/bin/python bench/loss_vote.py --voters 300 --workers 2

A hall of phones on one access point drops packets and connections. Here every cast goes
through a TCP proxy (FaultyProxy, below; these machines have no `tc netem`) that cuts --cut of
the connections (default 30 %) at a random point: before the request reaches the server, after
it did (the answer never comes back), before the answer, or in the middle of it; and delays
others by up to --delay seconds (default 2). Each voter casts as a phone does: the ballot
carries a receipt code made with it, and a request that got no answer is sent again, the same
body, after a short wait, up to --tries times.

Then, without the proxy, every voter who never saw an answer sends its ballot once more, as the
phone does after a reload; the poll is closed and the database counted. Checked:

- every voter who saw a receipt is counted exactly once, under that receipt;
- every voter who did not see one could cast again (or learned its vote was recorded);
- no voter is counted twice; every ballot belongs to a voter.

The last line is JSON: voters, cut_connections, delayed, attempts, saw_receipt_through_proxy,
recovered_after, counted, lost, duplicated, wrong_receipt, status_counts. A bounded run is part
of the test suite (alyansa/voting/tests/test_bad_wifi.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from live_vote import build, setup_django  # noqa: E402
from serving import asgi_server, free_port, scratch_sqlite  # noqa: E402


def note(text: str) -> None:
    print(f"loss_vote: {text}", file=sys.stderr, flush=True)


CUT_POINTS = ("before_request", "after_request", "before_answer", "during_answer")


async def read_message(reader: asyncio.StreamReader) -> bytes:
    """One HTTP/1.1 message (head and a Content-Length body)."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return head + (await reader.readexactly(length) if length else b"")


class FaultyProxy:
    """Forwards one request per connection to the server, cutting or delaying some."""

    def __init__(self, target: int, *, cut: float, delay: float, seed: int) -> None:
        self.target = target
        self.cut = cut
        self.delay = delay
        self.random = random.Random(seed)
        self.fates: Counter[str] = Counter()

    async def handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        fate = self.random.choice(CUT_POINTS) if self.random.random() < self.cut else "through"
        wait = self.random.uniform(0, self.delay) if self.random.random() < 0.3 else 0.0
        self.fates[fate] += 1
        if wait:
            self.fates["delayed"] += 1
        upstream_w = None
        try:
            request = await read_message(client_r)
            if fate == "before_request":
                return
            await asyncio.sleep(wait / 2)
            upstream_r, upstream_w = await asyncio.open_connection("127.0.0.1", self.target)
            upstream_w.write(request)
            await upstream_w.drain()
            if fate == "after_request":
                # The phone's connection drops while the server works on the ballot.
                client_w.close()
                await read_message(upstream_r)
                return
            answer = await read_message(upstream_r)
            await asyncio.sleep(wait / 2)
            if fate == "before_answer":
                return
            if fate == "during_answer":
                client_w.write(answer[: self.random.randrange(1, len(answer))])
                await client_w.drain()
                return
            client_w.write(answer)
            await client_w.drain()
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return  # a side hung up mid-exchange: what a bad network does, counted by the phone
        finally:
            client_w.close()
            if upstream_w is not None:
                upstream_w.close()


async def post(port: int, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict]:
    """One request on a new connection, as a phone retrying after a drop; (0, {}) when no
    whole answer came back."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
    except (OSError, TimeoutError):
        return 0, {}
    try:
        head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        head += f"Content-Length: {len(body)}\r\n"
        head += "".join(f"{key}: {value}\r\n" for key, value in headers.items())
        writer.write(head.encode() + b"\r\n" + body)
        await writer.drain()
        answer = await asyncio.wait_for(read_message(reader), 8)
        status = int(answer.split(b" ", 2)[1])
        payload = answer.split(b"\r\n\r\n", 1)[1]
        return status, json.loads(payload or b"{}")
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
        return 0, {}
    finally:
        writer.close()


def new_receipt() -> str:
    from alyansa.voting.ballots import receipt_new

    return receipt_new()[0]


async def run(arguments: argparse.Namespace, fixture: dict, server_port: int) -> dict:
    proxy = FaultyProxy(server_port, cut=arguments.cut, delay=arguments.delay, seed=arguments.seed)
    proxy_server = await asyncio.start_server(proxy.handle, "127.0.0.1", 0)
    proxy_port = proxy_server.sockets[0].getsockname()[1]
    poll = fixture["poll"]
    path = f"/voting/cast/{poll}/"
    statuses: Counter[str] = Counter()
    attempts = 0
    seen: dict[int, str] = {}  # participant -> the receipt the server answered with
    sent: dict[int, tuple[bytes, dict[str, str], str]] = {}
    pace = random.Random(arguments.seed + 1)

    async def voter(number: int, participant: int, secret: str) -> None:
        nonlocal attempts
        await asyncio.sleep(number * arguments.seconds / len(fixture["voters"]))
        receipt = new_receipt()
        choice = ("yes", "no", "abstain")[number % 3]
        body = json.dumps(
            {"voter_key": f"d{participant}", "choices": [choice], "receipt": receipt}
        ).encode()
        headers = {"Authorization": f"Credential {secret}", "Content-Type": "application/json"}
        sent[participant] = (body, headers, receipt)
        for _ in range(arguments.tries):
            attempts += 1
            status, payload = await post(proxy_port, path, body, headers)
            statuses[str(payload.get("result", status))] += 1
            if status == 200 and payload.get("receipt"):
                seen[participant] = payload["receipt"]
                return
            if status in (403, 409):
                return  # an answer that is not a receipt: the phone shows it
            await asyncio.sleep(pace.uniform(0.2, 1.0))

    began = time.monotonic()
    await asyncio.gather(
        *(voter(n, pk, secret) for n, (pk, secret) in enumerate(fixture["voters"]))
    )
    through_proxy = dict(seen)
    proxy_server.close()
    note(f"through the proxy: {len(seen)} receipts in {time.monotonic() - began:.1f}s")

    # The phones that never saw an answer send the same ballot again on a good connection.
    recovered: Counter[str] = Counter()
    for participant, (body, headers, _receipt) in sent.items():
        if participant in seen:
            continue
        status, payload = await post(server_port, path, body, headers)
        recovered[str(payload.get("result", status))] += 1
        if status == 200 and payload.get("receipt"):
            seen[participant] = payload["receipt"]

    status, _payload = await post(
        server_port,
        f"/api/v1/voting/polls/{poll}/close",
        b"",
        {"Authorization": f"Bearer {fixture['token']}"},
    )
    return {
        "close_status": status,
        "attempts": attempts,
        "through_proxy": through_proxy,
        "seen": seen,
        "sent": {pk: receipt for pk, (_b, _h, receipt) in sent.items()},
        "status_counts": dict(statuses),
        "recovered_after": dict(recovered),
        "fates": dict(proxy.fates),
    }


def verify(poll_id: int, result: dict) -> dict:
    """What the database holds after the close, against what each voter saw."""
    from alyansa.voting.ballots import receipt_hash
    from alyansa.voting.models import Ballot, HasVoted

    rows = list(HasVoted.objects.filter(poll_id=poll_id).values_list("voter_key", "receipt_hash"))
    counted = Counter(key for key, _hash in rows)
    by_key = dict(rows)
    ballots = sum(Ballot.objects.filter(poll_id=poll_id).values_list("weight", flat=True))
    wrong = 0
    for participant, receipt in result["seen"].items():
        key = f"d{participant}"
        if by_key.get(key) != receipt_hash(receipt) or receipt != result["sent"][participant]:
            wrong += 1
    voters = len(result["sent"])
    return {
        "counted": len(counted),
        "ballots": ballots,
        "duplicated": sum(n - 1 for n in counted.values()) + max(0, ballots - len(counted)),
        "lost": voters - len(counted),
        "wrong_receipt": wrong,
        "without_receipt": voters - len(result["seen"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=300)
    parser.add_argument("--cut", type=float, default=0.3, help="share of connections cut")
    parser.add_argument("--delay", type=float, default=2.0, help="longest delay, seconds")
    parser.add_argument("--tries", type=int, default=8, help="attempts a phone makes")
    parser.add_argument("--seconds", type=float, default=10.0, help="over which voters start")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args()
    if scratch_sqlite("loss"):
        arguments.workers = 1  # SQLite: one process, one writer
    setup_django()
    fixture = build(arguments.voters)
    port = free_port()
    with asgi_server(port, arguments.workers):
        result = asyncio.run(asyncio.wait_for(run(arguments, fixture, port), timeout=600))
    from django.db import connection

    checked = verify(fixture["poll"], result)
    cut = sum(n for fate, n in result["fates"].items() if fate in CUT_POINTS)
    print(
        json.dumps(
            {
                "voters": arguments.voters,
                "database": connection.vendor,
                "connections": sum(n for fate, n in result["fates"].items() if fate != "delayed"),
                "cut_connections": cut,
                "cuts": {fate: result["fates"].get(fate, 0) for fate in CUT_POINTS},
                "delayed": result["fates"].get("delayed", 0),
                "attempts": result["attempts"],
                "saw_receipt_through_proxy": len(result["through_proxy"]),
                "recovered_after": result["recovered_after"],
                "close_status": result["close_status"],
                "status_counts": result["status_counts"],
                **checked,
            }
        )
    )


if __name__ == "__main__":
    main()
