"""Casting a ballot: the one write that does not go through services.py.

docs/decisions/0003-casting-path.md says why. In short: at 5,000 ballots in 10 seconds on two
cores, the ORM path (two creates in a transaction) tops out near 390 ballots/s; one SQL
statement per vote does not. The statement itself enforces every rule of casting:

- the poll is open (and stays open until the statement commits: it takes a KEY SHARE lock on
  the poll row, which the close's FOR UPDATE waits for; a cast that waited for the close
  re-reads the poll and finds it closed);
- the credential (or signed-in delegate) holds this vote (the poll's entitlements, fixed at the
  opening, say who may cast which vote, with which weight);
- the vote is used once: the "has voted" row is unique per poll and voter key, so a double
  click, a retry or two concurrent requests give exactly one ballot;
- the ballot row has no key to the voter and no time, and its content is sealed with the
  poll's ballot box key (ballotbox.py) before it leaves this process: the database, its WAL and
  its statistics never see a ballot in clear next to a voter (docs/decisions/0005).

PostgreSQL runs one statement (a CTE). SQLite has one writer at a time: casts go through one
lock in the process (`alyansa serve` runs one process on SQLite) and one BEGIN IMMEDIATE
transaction with INSERT OR IGNORE, checking changes() before writing the ballot.

Nothing here writes to the audit trail: a cast is never audited (the trail would date it).
"""

from __future__ import annotations

import asyncio
import enum
import hmac
import threading
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from alyansa.core import live
from alyansa.voting.ballots import PollSpec


class CastResult(enum.StrEnum):
    CAST = "cast"
    # The same ballot form sent again (after a lost answer): its receipt is already recorded.
    RECORDED = "recorded"
    ALREADY_VOTED = "already_voted"
    NOT_OPEN = "not_open"
    NOT_ENTITLED = "not_entitled"


# The HTTP answer to each outcome, the same on the ballot page, the API and the fast endpoint.
# 200 OK: the ballot is in the box (cast now, or recorded earlier with this receipt).
# 409 Conflict: the request is sound but the state of the poll refuses it: the vote is already
# used, or the poll is not open (RFC 9110: a conflict with the current state of the target).
# 403 Forbidden: whoever sends it does not hold this vote, in any state of the poll.
CAST_STATUS: dict[CastResult, int] = {
    CastResult.CAST: 200,
    CastResult.RECORDED: 200,
    CastResult.ALREADY_VOTED: 409,
    CastResult.NOT_OPEN: 409,
    CastResult.NOT_ENTITLED: 403,
}


@dataclass(frozen=True)
class CastRequest:
    """One vote to cast. Either `holder_id` (a delegate signed in by session) or
    `credential_hash` (the SHA-256 of the delegate's credential secret) says who casts."""

    poll_id: int
    voter_key: str
    content: str
    receipt_hash: str
    holder_id: int | None = None
    credential_hash: str | None = None


# Who may cast: the entitlement names the holder, either directly or through their credential.
_HOLDER_BY_ID = "e.holder_id = %(holder)s"
_HOLDER_BY_CREDENTIAL = (
    "e.holder_id = (SELECT c.participant_id FROM assemblies_credential c "
    "WHERE c.secret_hash = %(credential)s AND c.revoked_at IS NULL)"
)

POSTGRES_CAST = """
WITH entitled AS (
    SELECT e.poll_id, e.weight FROM voting_entitlement e
    JOIN voting_poll p ON p.id = e.poll_id AND p.status = 'open'
    WHERE e.poll_id = %(poll)s AND e.voter_key = %(key)s AND {holder}
    LIMIT 1
    FOR KEY SHARE OF p
), voted AS (
    INSERT INTO voting_hasvoted (poll_id, voter_key, receipt_hash, paper)
    SELECT poll_id, %(key)s, %(receipt)s, false FROM entitled
    ON CONFLICT (poll_id, voter_key) DO NOTHING
    RETURNING poll_id
)
INSERT INTO voting_castballot (poll_id, content, weight)
SELECT voted.poll_id, %(content)s, entitled.weight FROM voted, entitled
RETURNING 1
"""

SQLITE_ENTITLED = """
SELECT e.weight FROM voting_entitlement e
JOIN voting_poll p ON p.id = e.poll_id AND p.status = 'open'
WHERE e.poll_id = %(poll)s AND e.voter_key = %(key)s AND {holder}
LIMIT 1
"""
SQLITE_HAS_VOTED = (
    "INSERT OR IGNORE INTO voting_hasvoted (poll_id, voter_key, receipt_hash, paper) "
    "VALUES (%(poll)s, %(key)s, %(receipt)s, 0)"
)

ENTITLED_ANY = """
SELECT 1 FROM voting_entitlement e WHERE e.poll_id = %(poll)s AND e.voter_key = %(key)s AND {holder}
"""

# SQLite's single writer path: every cast of this process passes here one at a time.
_sqlite_writer = threading.Lock()


def _params(request: CastRequest) -> tuple[str, dict[str, Any]]:
    holder = _HOLDER_BY_ID if request.credential_hash is None else _HOLDER_BY_CREDENTIAL
    return holder, {
        "poll": request.poll_id,
        "key": request.voter_key,
        "receipt": request.receipt_hash,
        "content": request.content,
        "holder": request.holder_id,
        "credential": request.credential_hash,
    }


def cast(request: CastRequest) -> CastResult:
    """Cast one ballot through Django's connection (the page, the API, the tests)."""
    holder, params = _params(request)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(POSTGRES_CAST.format(holder=holder), params)
            done = cursor.fetchone() is not None
        return CastResult.CAST if done else explain_refusal(request)
    with _sqlite_writer, transaction.atomic(), connection.cursor() as cursor:
        # Django opens SQLite transactions with BEGIN IMMEDIATE (settings): the write lock is
        # taken before the first read, so the check and the writes see one state.
        cursor.execute(SQLITE_ENTITLED.format(holder=holder), params)
        row = cursor.fetchone()
        if row is None:
            done = False
        else:
            cursor.execute(SQLITE_HAS_VOTED, params)
            done = cursor.rowcount == 1
            if done:
                cursor.execute(
                    "INSERT INTO voting_castballot (poll_id, content, weight) VALUES (%s, %s, %s)",
                    [request.poll_id, request.content, row[0]],
                )
    return CastResult.CAST if done else explain_refusal(request)


def explain_refusal(request: CastRequest) -> CastResult:
    """Why a cast wrote nothing (read only after a refusal, off the fast path). A vote already
    used with this very receipt is the same form sent again after its answer was lost: it is
    recorded (the answer repeats the receipt); with any other receipt it is "already voted"."""
    holder, params = _params(request)
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM voting_poll WHERE id = %s", [request.poll_id])
        row = cursor.fetchone()
        poll_open = row is not None and row[0] == "open"
        cursor.execute(ENTITLED_ANY.format(holder=holder), params)
        if cursor.fetchone() is None:
            return CastResult.NOT_OPEN if not poll_open else CastResult.NOT_ENTITLED
        cursor.execute(
            "SELECT receipt_hash FROM voting_hasvoted WHERE poll_id = %s AND voter_key = %s",
            [request.poll_id, request.voter_key],
        )
        used = cursor.fetchone()
    if used is not None and used[0] and hmac.compare_digest(used[0], request.receipt_hash):
        return CastResult.RECORDED
    return CastResult.ALREADY_VOTED if poll_open else CastResult.NOT_OPEN


# ---- The async path on PostgreSQL: a psycopg AsyncConnectionPool per process ----------------

_pool: Any = None
_pool_lock: asyncio.Lock | None = None


def _conninfo() -> str:
    from django.conf import settings

    db = settings.DATABASES["default"]
    parts = {
        "dbname": db["NAME"],
        "user": db.get("USER") or "",
        "password": db.get("PASSWORD") or "",
        "host": db.get("HOST") or "",
        "port": str(db.get("PORT") or ""),
    }
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)


async def _get_pool() -> Any:
    global _pool, _pool_lock
    if _pool is not None:
        return _pool
    if _pool_lock is None:
        _pool_lock = asyncio.Lock()
    async with _pool_lock:
        if _pool is None:
            from psycopg_pool import AsyncConnectionPool

            pool = AsyncConnectionPool(
                _conninfo(), min_size=2, max_size=8, open=False, kwargs={"autocommit": True}
            )
            await pool.open()
            _pool = pool
    return _pool


async def cast_async(request: CastRequest) -> CastResult:
    """Cast one ballot without a thread: PostgreSQL through the pool, SQLite through the one
    writer (Django's thread-sensitive executor runs every call on the same thread)."""
    from asgiref.sync import sync_to_async

    if connection.vendor != "postgresql":
        return await sync_to_async(cast, thread_sensitive=True)(request)
    holder, params = _params(request)
    pool = await _get_pool()
    async with pool.connection() as conn:
        cursor = await conn.execute(POSTGRES_CAST.format(holder=holder), params)
        done = await cursor.fetchone() is not None
    if done:
        return CastResult.CAST
    return await sync_to_async(explain_refusal, thread_sensitive=False)(request)


# ---- What casting needs to know of a poll, read once per process -----------------------------

_specs: dict[int, PollSpec] = {}


def poll_spec_forget(poll_id: int) -> None:
    """Forget a poll's cached paper when it opens or closes: its ballot box key is new at each
    opening, and a database that was emptied and filled again (the demo, tests) reuses ids."""
    _specs.pop(poll_id, None)


def poll_spec(poll_id: int) -> PollSpec | None:
    """The kind and size of an open poll's ballot paper. Cached: they cannot change once the
    poll is open (a closed poll refuses the cast in the statement itself)."""
    spec = _specs.get(poll_id)
    if spec is not None:
        return spec
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.kind, p.seats, (SELECT COUNT(*) FROM voting_polloption o "
            "WHERE o.poll_id = p.id), p.assembly_id, p.ballot_box_key FROM voting_poll p "
            "WHERE p.id = %s AND p.status = 'open' AND p.ballot_box_key <> ''",
            [poll_id],
        )
        row = cursor.fetchone()
    if row is None:
        return None
    spec = PollSpec(
        poll_id=poll_id,
        kind=row[0],
        seats=row[1],
        options=row[2],
        assembly_id=row[3] or 0,
        box_key=row[4],
    )
    _specs[poll_id] = spec
    return spec


# ---- From a form's choices to a cast ballot ---------------------------------------------------


@dataclass(frozen=True)
class CastOutcome:
    result: CastResult
    receipt: str = ""


def _request_for(
    spec: PollSpec,
    choices: list[str],
    voter_key: str,
    holder_id: int | None,
    credential_hash: str | None,
    receipt: str,
) -> tuple[CastRequest, str]:
    from alyansa.voting.ballotbox import padded_size, seal
    from alyansa.voting.ballots import encode, receipt_given, receipt_hash, receipt_new

    content = encode(spec, choices)  # raises BallotInvalid
    # The receipt made with the ballot form (sent back with it), else a new one.
    receipt = receipt_given(receipt)
    receipt, hashed = (receipt, receipt_hash(receipt)) if receipt else receipt_new()
    return (
        CastRequest(
            poll_id=spec.poll_id,
            voter_key=voter_key,
            content=seal(spec.box_key, spec.poll_id, content, padded_size(spec.kind, spec.options)),
            receipt_hash=hashed,
            holder_id=holder_id,
            credential_hash=credential_hash,
        ),
        receipt,
    )


def cast_ballot(
    *,
    poll_id: int,
    voter_key: str,
    choices: list[str],
    holder_id: int | None = None,
    credential_hash: str | None = None,
    receipt: str = "",
) -> CastOutcome:
    """Check the ballot against the poll and cast it; the receipt code only when cast (or
    already recorded with the receipt the form sent: a resubmission after a lost answer)."""
    spec = poll_spec(poll_id)
    if spec is None:
        return _recorded_after_the_close(poll_id, voter_key, holder_id, credential_hash, receipt)
    request, code = _request_for(spec, choices, voter_key, holder_id, credential_hash, receipt)
    result = cast(request)
    if result is CastResult.CAST and _announce_due(spec.poll_id):
        announce_count(spec)
    return CastOutcome(result, code if result in _WITH_RECEIPT else "")


_WITH_RECEIPT = {CastResult.CAST, CastResult.RECORDED}


def _recorded_after_the_close(
    poll_id: int, voter_key: str, holder_id: int | None, credential_hash: str | None, receipt: str
) -> CastOutcome:
    """A poll that is not open: a resubmitted form whose vote was recorded before the close
    still learns so, with its receipt; anything else is "not open"."""
    from alyansa.voting.ballots import receipt_given, receipt_hash

    code = receipt_given(receipt)
    if not code:
        return CastOutcome(CastResult.NOT_OPEN)
    request = CastRequest(
        poll_id=poll_id,
        voter_key=voter_key,
        content="",
        receipt_hash=receipt_hash(code),
        holder_id=holder_id,
        credential_hash=credential_hash,
    )
    result = explain_refusal(request)
    return CastOutcome(result, code if result is CastResult.RECORDED else "")


async def cast_ballot_async(
    *,
    poll_id: int,
    voter_key: str,
    choices: list[str],
    holder_id: int | None = None,
    credential_hash: str | None = None,
    receipt: str = "",
) -> CastOutcome:
    from asgiref.sync import sync_to_async

    spec = _specs.get(poll_id) or await sync_to_async(poll_spec)(poll_id)
    if spec is None:
        return await sync_to_async(_recorded_after_the_close)(
            poll_id, voter_key, holder_id, credential_hash, receipt
        )
    request, code = _request_for(spec, choices, voter_key, holder_id, credential_hash, receipt)
    result = await cast_async(request)
    if result is CastResult.CAST and _announce_due(spec.poll_id):
        # Off the vote's path: the voter's answer does not wait for the announcement.
        task = asyncio.get_running_loop().create_task(
            sync_to_async(announce_count, thread_sensitive=False)(spec)
        )
        _announcing.add(task)
        task.add_done_callback(_announcing.discard)
    return CastOutcome(result, code if result in _WITH_RECEIPT else "")


# ---- Live counts: at most a few announcements a second per poll and process -----------------

# Each announcement goes to every open stream of every process (5,000 phones and projectors):
# measured, announcing inline several times a second took the 2-core machine's casting from
# ~200/s to ~25/s with 5,000 streams open. Every two seconds per process is plenty for a count.
ANNOUNCE_EVERY = 2.0  # seconds
_last_announced: dict[int, float] = {}
_announcing: set[asyncio.Task[None]] = set()


def _announce_due(poll_id: int) -> bool:
    import time

    now = time.monotonic()
    if now - _last_announced.get(poll_id, 0.0) < ANNOUNCE_EVERY:
        return False
    _last_announced[poll_id] = now
    return True


def announce_count(spec: PollSpec) -> None:
    """Publish how many have voted (a count) to the assembly's live voting channel."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT COUNT(*) FROM voting_hasvoted WHERE poll_id = %s), "
            "(SELECT electorate_size FROM voting_poll WHERE id = %s)",
            [spec.poll_id, spec.poll_id],
        )
        voted, electorate = cursor.fetchone()
    live.publish(
        f"voting:{spec.assembly_id}",
        "poll",
        {"poll": spec.poll_id, "status": "open", "voted": voted, "electorate": electorate},
    )
