"""The fast casting endpoint: a bare ASGI app for `POST /voting/cast/<poll>/`, beside Django.

Why bare: Django's middleware stack alone halves the throughput of the casting path on two
cores (../shared/notes/live-voting-measurements.md; docs/decisions/0003-casting-path.md). This
endpoint parses the request, checks the rate limits (voting/ratelimit.py), and runs the one casting
statement on the process's psycopg AsyncConnectionPool (SQLite: the single writer).

    POST /voting/cast/12/
    Authorization: Credential ABCD-EFGH-...        (the delegate's badge code)
    Content-Type: application/json
    {"voter_key": "d345", "choices": ["yes"], "receipt": "ABCD-EFGH-JKLM-NPQR"}

    200 {"result": "cast", "receipt": "...."}
    200 {"result": "recorded", "receipt": "...."}   (the same ballot sent again, with its receipt)
    409 {"result": "already_voted"} | {"result": "not_open"}
    403 {"result": "not_entitled"}   400 {"error": "..."}   401, 429

The statuses of the outcomes are castpath.CAST_STATUS, the same as the page's and the API's.

Mounted by alyansa/asgi.py: `CastRouter` wraps the project's ASGI app, so `alyansa serve`
answers it.
"""

from __future__ import annotations

import json
import re
from typing import Any

PATH = re.compile(r"^/voting/cast/(\d{1,12})/?$")
MAX_BODY = 4096


async def _respond(send: Any, status: int, payload: dict[str, Any]) -> None:
    body = json.dumps(payload).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class CastRouter:
    """Serve the fast casting endpoint; hand every other request to `app`."""

    def __init__(self, app: Any) -> None:
        from alyansa.voting.ratelimit import FastCastLimits

        self.app = app
        self.limits = FastCastLimits()

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            match = PATH.match(scope["path"])
            if match:
                await self.cast(int(match.group(1)), scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def cast(self, poll_id: int, scope: dict[str, Any], receive: Any, send: Any) -> None:
        from alyansa.assemblies.models import hash_secret
        from alyansa.assemblies.services import normalize_code
        from alyansa.core.live_asgi import host_allowed, refuse_bad_host
        from alyansa.voting.ballots import BallotInvalid
        from alyansa.voting.castpath import CAST_STATUS, CastResult, cast_ballot_async

        if not host_allowed(scope):
            await refuse_bad_host(send)
            return
        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        scheme, _, code = authorization.partition(" ")
        secret = normalize_code(code) if scheme.lower() == "credential" else ""
        if not secret:
            await _respond(send, 401, {"error": "Send Authorization: Credential <badge code>."})
            return
        credential_hash = hash_secret(secret)
        address = (scope.get("client") or ("",))[0]
        if not await self.limits.allowed(credential_hash, address):
            await _respond(send, 429, {"error": "Too many attempts. Wait a minute."})
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if len(body) > MAX_BODY:
                await _respond(send, 413, {"error": "Too large."})
                return
            if not message.get("more_body"):
                break
        try:
            data = json.loads(body or b"{}")
            voter_key = str(data["voter_key"])[:24]
            choices = [str(choice) for choice in data["choices"]][:100]
            # Optional: a receipt code the phone made with the ballot (a retry finds it).
            receipt = str(data.get("receipt") or "")[:40]
        except (ValueError, KeyError, TypeError, RecursionError):
            # RecursionError: a few kilobytes of [[[[... nest deeper than the parser follows.
            await _respond(send, 400, {"error": 'Send {"voter_key": ..., "choices": [...]}.'})
            return
        try:
            outcome = await cast_ballot_async(
                poll_id=poll_id,
                voter_key=voter_key,
                choices=choices,
                credential_hash=credential_hash,
                receipt=receipt,
            )
        except BallotInvalid as error:
            await _respond(send, 400, {"error": str(error)})
            return
        failed = outcome.result is CastResult.NOT_ENTITLED
        await self.limits.record(credential_hash, address, failed=failed)
        payload: dict[str, Any] = {"result": outcome.result.value}
        if outcome.receipt:
            payload["receipt"] = outcome.receipt
        await _respond(send, CAST_STATUS[outcome.result], payload)
