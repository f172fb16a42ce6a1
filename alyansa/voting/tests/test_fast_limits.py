"""The fast casting endpoint's limits: per credential, and failed attempts per address, shared
by every process through Redis when it is there (voting/ratelimit.py)."""

from __future__ import annotations

import asyncio
import socket
import uuid

import pytest
import time_machine

from alyansa.voting.ratelimit import (
    CASTS_PER_MINUTE,
    FAILURES_PER_ADDRESS_MINUTE,
    FastCastLimits,
)

HALL = "203.0.113.7"


@pytest.fixture(autouse=True)
def within_one_minute():  # type: ignore[no-untyped-def]
    """The limits count in fixed windows of a minute: a test that crossed into the next one
    (a slow machine) would see its counts start again."""
    with time_machine.travel("2026-12-05 10:00:20+00:00", tick=False):
        yield


def attempts(limits: FastCastLimits, credential: str, times: int, address: str = HALL) -> int:
    """How many of `times` attempts get through."""

    async def run() -> int:
        return sum([await limits.allowed(credential, address) for _ in range(times)])

    return asyncio.run(run())


def fail(limits: FastCastLimits, times: int, address: str = HALL) -> None:
    async def run() -> None:
        for number in range(times):
            await limits.record(f"guess-{number}", address, failed=True)

    asyncio.run(run())


def test_one_credential_gets_thirty_attempts_a_minute() -> None:
    limits = FastCastLimits()
    assert attempts(limits, "delegate-1", CASTS_PER_MINUTE + 10) == CASTS_PER_MINUTE
    assert attempts(limits, "delegate-2", 1) == 1


def test_an_address_that_fails_too_often_is_refused_new_credentials_but_voters_go_on() -> None:
    limits = FastCastLimits()
    asyncio.run(limits.record("voted-before", HALL, failed=False))
    fail(limits, FAILURES_PER_ADDRESS_MINUTE - 1)
    assert attempts(limits, "a-new-guess", 1) == 1
    fail(limits, 1)
    assert attempts(limits, "another-guess", 1) == 0
    assert attempts(limits, "voted-before", 1) == 1
    assert attempts(limits, "a-voter-elsewhere", 1, address="198.51.100.9") == 1


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.mark.skipif(not _redis_up(), reason="needs Redis on 127.0.0.1:6379")
def test_with_redis_every_process_shares_the_counts(settings) -> None:  # type: ignore[no-untyped-def]
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.REDIS_KEY_PREFIX = f"test-{uuid.uuid4().hex}"
    one, other = FastCastLimits(), FastCastLimits()  # two server processes
    assert attempts(one, "delegate", CASTS_PER_MINUTE - 5) == CASTS_PER_MINUTE - 5
    assert attempts(other, "delegate", 10) == 5
    fail(one, FAILURES_PER_ADDRESS_MINUTE)
    assert attempts(other, "a-guess", 1) == 0
