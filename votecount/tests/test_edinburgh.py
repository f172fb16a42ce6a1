"""Real elections as oracles: Scottish STV must elect the official Edinburgh 2017 councillors."""

from __future__ import annotations

import json

import pytest

from votecount.methods import count
from votecount.readers import read_file
from votecount.tests.conftest import DATA

WARDS = json.loads((DATA / "edinburgh2017" / "official-winners.json").read_text())


def _collapse(name: str) -> str:
    return " ".join(name.split())


@pytest.mark.parametrize("ward", sorted(WARDS))
def test_scottish_stv_elects_the_official_edinburgh_2017_councillors(ward: str) -> None:
    profile = read_file(DATA / "edinburgh2017" / ward)

    result = count(profile, "scottish-stv")

    assert sorted(map(_collapse, result.elected)) == sorted(map(_collapse, WARDS[ward]))
    assert len(result.alternates) == min(profile.seats, len(profile.candidates) - profile.seats)
    assert not set(result.alternates) & set(result.elected)
