"""Rate limits on casting, counted by alyansa.core.ratelimit.

Per credential on every path: a delegate holds at most a few votes per poll (their own and up
to 20 proxies'), so 30 attempts a minute leave room for retries on a bad connection and stop a
script. The fast endpoint also limits failures per address (docs/decisions/0003)."""

from __future__ import annotations

from alyansa.core.ratelimit import FastCounter, rate_limited

CASTS_PER_MINUTE = 30
# Failed attempts a minute (a credential that is unknown, revoked or holds no such vote) from
# one address on the fast endpoint. A whole hall may share one address: with 5,000 delegates
# behind it, one in 25 may fail every minute, far more than mistyped or replaced codes make,
# while a guesser from one address gets 200 tries a minute, not thousands. Past it, only a
# credential that has cast from anywhere within the hour goes on, so that a hostile device in
# the hall does not stop the delegates who vote (the page form is never limited by address).
FAILURES_PER_ADDRESS_MINUTE = 200
KNOWN_GOOD_SECONDS = 3600


def cast_allowed(credential_key: str) -> bool:
    """Count one attempt for this credential; False once it is over the limit this minute."""
    return not rate_limited("cast", credential_key, limit=CASTS_PER_MINUTE, seconds=60)


class FastCastLimits:
    """The fast endpoint's limits, shared by its processes through Redis when it is there."""

    def __init__(self) -> None:
        self.counter = FastCounter()

    async def allowed(self, credential_hash: str, address: str) -> bool:
        if await self.counter.add("fastcast", credential_hash, seconds=60) > CASTS_PER_MINUTE:
            return False
        failures = await self.counter.count("fastcast-failed", address, seconds=60)
        if failures < FAILURES_PER_ADDRESS_MINUTE:
            return True
        known = await self.counter.count(
            "fastcast-good", credential_hash, seconds=KNOWN_GOOD_SECONDS
        )
        return known > 0

    async def record(self, credential_hash: str, address: str, *, failed: bool) -> None:
        if failed:
            await self.counter.add("fastcast-failed", address, seconds=60)
        else:
            await self.counter.add("fastcast-good", credential_hash, seconds=KNOWN_GOOD_SECONDS)
