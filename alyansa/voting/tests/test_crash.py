"""Kill a real `alyansa serve` process in the middle of voting (PostgreSQL): after the restart
nothing cast is lost, nobody can vote twice, and everyone whose answer was lost gets their
receipt by sending the same ballot again: a receipt lost in a crash is not a vote lost."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from alyansa.assemblies.testing import make_credential
from alyansa.voting.ballots import receipt_new
from alyansa.voting.models import Ballot, HasVoted, Poll
from alyansa.voting.services import poll_close
from alyansa.voting.testing import make_hall, make_open_poll

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(port: int) -> subprocess.Popen:  # type: ignore[type-arg]
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {**os.environ, "DATABASE_URL": url, "ALYANSA_ENV": "development"}
    process = subprocess.Popen(
        [sys.executable, "-m", "alyansa.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status < 500:
                return process
        except OSError:
            time.sleep(0.3)
    raise AssertionError("alyansa serve did not start")


def _cookies(response: http.client.HTTPResponse) -> dict[str, str]:
    pairs = (cookie.split(";", 1)[0] for cookie in response.headers.get_all("Set-Cookie") or [])
    return dict(pair.split("=", 1) for pair in pairs)


def sign_in(port: int, secret: str) -> str:
    """Post the badge code as the sign-in page does (with its CSRF token)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/assemblies/signin/")
    page = conn.getresponse()
    cookies = _cookies(page)
    token = page.read().decode().split('name="csrfmiddlewaretoken" value="', 1)[1].split('"')[0]
    conn.request(
        "POST",
        "/assemblies/signin/",
        f"csrfmiddlewaretoken={token}&code={secret}",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookies['csrftoken']}",
            "Referer": f"http://127.0.0.1:{port}/assemblies/signin/",
        },
    )
    response = conn.getresponse()
    response.read()
    cookies |= _cookies(response)
    return "; ".join(f"{name}={value}" for name, value in cookies.items())


def cast(port: int, cookie: str, poll: int, key: str, receipt: str) -> tuple[int, str]:
    """(status, receipt); status 0 when the connection broke."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request(
            "POST",
            f"/api/v1/voting/me/ballots/{poll}",
            body=json.dumps({"voter_key": key, "choices": ["yes"], "receipt": receipt}),
            headers={
                "Cookie": cookie,
                "Content-Type": "application/json",
                # A session's write on the API sends its CSRF token, as the page's script would.
                "X-CSRFToken": cookie.split("csrftoken=", 1)[1].split(";", 1)[0],
            },
        )
        response = conn.getresponse()
        data = json.loads(response.read() or b"{}")
        return response.status, data.get("receipt", "")
    except (OSError, http.client.HTTPException, ValueError):
        return 0, ""


def cast_fast(port: int, secret: str, poll: int, key: str, receipt: str) -> tuple[int, str]:
    """The same vote through the fast endpoint that `alyansa serve` mounts beside Django."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(
        "POST",
        f"/voting/cast/{poll}/",
        body=json.dumps({"voter_key": key, "choices": ["yes"], "receipt": receipt}),
        headers={"Authorization": f"Credential {secret}", "Content-Type": "application/json"},
    )
    response = conn.getresponse()
    data = json.loads(response.read() or b"{}")
    return response.status, data.get("receipt", "")


@pytest.mark.django_db(transaction=True)
def test_killing_the_server_mid_vote_loses_nothing_and_allows_no_second_vote() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("several server processes and a kill need PostgreSQL")
    assembly, delegates = make_hall(40)
    secrets = [make_credential(delegate)[1] for delegate in delegates]
    poll = make_open_poll(assembly)
    port = free_port()
    server = serve(port)
    cookies = [sign_in(port, secret) for secret in secrets]
    # Each phone makes its ballot's receipt code with the ballot, and sends it again on a retry.
    receipts = [receipt_new()[0] for _delegate in delegates]
    first: dict[int, tuple[int, str]] = {}

    def voter(number: int) -> None:
        time.sleep(number * 0.02)
        first[number] = cast(
            port, cookies[number], poll.pk, f"d{delegates[number].pk}", receipts[number]
        )

    threads = [threading.Thread(target=voter, args=(n,)) for n in range(len(delegates))]
    for thread in threads:
        thread.start()
    time.sleep(0.4)  # about half have voted
    os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=10)
    for thread in threads:
        thread.join()
    broken = [n for n, (status, _r) in first.items() if status != 200]
    assert broken, "the kill should have interrupted some votes"
    server = serve(port)
    try:
        # Half of them try again through the page's API, half through the fast endpoint.
        again = {
            n: (
                cast(port, cookies[n], poll.pk, f"d{delegates[n].pk}", receipts[n])
                if n % 2
                else cast_fast(port, secrets[n], poll.pk, f"d{delegates[n].pk}", receipts[n])
            )
            for n in range(len(delegates))
        }
        # Another ballot for a vote already used (another receipt) is refused.
        other = cast_fast(port, secrets[0], poll.pk, f"d{delegates[0].pk}", receipt_new()[0])
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    # Everyone, whether their answer was lost in the kill or not, now has their own receipt:
    # those whose ballot reached the box before the kill are told it is recorded.
    for number, (status, receipt) in first.items():
        if status == 200:
            assert receipt == receipts[number]
    assert all(again[n] == (200, receipts[n]) for n in range(len(delegates)))
    assert other[0] == 409
    closed = poll_close(poll=Poll.objects.get(pk=poll.pk), acting_user=None)
    assert HasVoted.objects.filter(poll=poll).count() == 40
    assert Ballot.objects.filter(poll=poll).count() == 40
    assert closed.result["yes"] == 40
