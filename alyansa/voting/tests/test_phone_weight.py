"""The phone's pages are light on the wire: the ballot page of an election with ten candidates,
with every script and stylesheet it loads, is under 30 KB as production sends it (the HTML
gzipped by nginx at its default level, static files as WhiteNoise precompresses them: gzip at
level 9, or Brotli when it is installed). bench/phone_weight.py prints the same numbers."""

from __future__ import annotations

import pytest

from alyansa.voting.testing import make_hall, make_open_poll
from bench.phone_weight import phone_pages_weight

pytestmark = pytest.mark.django_db

LIMIT = 30 * 1024


def test_the_phone_ballot_page_with_its_scripts_is_under_30_kb_on_the_wire() -> None:
    assembly, delegates = make_hall(2)
    poll = make_open_poll(
        assembly,
        kind="ranked",
        options=tuple(f"Candidate number {n} of the Asia-Pacific region" for n in range(1, 11)),
        seats=3,
    )

    weights = phone_pages_weight(delegates[0], poll)

    for page, weight in weights.items():
        assert weight.assets, f"{page}: no stylesheet or script found; the measure is wrong"
        assert weight.total < LIMIT, f"{page}: {weight.describe()}"
    assert any("htmx" in name for name in weights["phone page"].assets)
