"""Real Scottish council elections are read and counted: the right number elected, and votes
conserved at every stage.

A sample of twelve (the smallest election of each size, 3 to 14 candidates) is committed in
tests/data/scot-elex-sample, so these run in any clone. Where the whole collection of 1,138
lies beside the repository (../shared/data/elections), every one is counted too: about 20 s,
so marked slow; CI still runs it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from votecount.methods import count
from votecount.readers import read_file
from votecount.tests.conftest import DATA, SHARED_ELECTIONS

SAMPLE = sorted((DATA / "scot-elex-sample").glob("*.blt"))


def assert_counts_by_scottish_stv_and_conserves_votes(path: Path) -> None:
    profile = read_file(path)
    result = count(profile, "scottish-stv", alternates=0)
    assert len(result.elected) == profile.seats, path
    for stage in result.stages:
        in_count = sum(stage.totals.values(), Decimal(0))
        assert in_count + stage.exhausted + stage.lost_to_rounding == result.total_votes, path


def test_the_committed_sample_spans_every_size_of_field() -> None:
    candidates = {len(read_file(path).candidates) for path in SAMPLE}
    assert candidates == set(range(3, 15))


@pytest.mark.parametrize("path", SAMPLE, ids=[path.stem for path in SAMPLE])
def test_a_real_election_counts_by_scottish_stv_and_conserves_votes(path: Path) -> None:
    assert_counts_by_scottish_stv_and_conserves_votes(path)


@pytest.mark.slow
@pytest.mark.skipif(
    not SHARED_ELECTIONS.is_dir(),
    reason=f"the shared election data is not beside the repository ({SHARED_ELECTIONS})",
)
def test_every_real_election_counts_by_scottish_stv_and_conserves_votes() -> None:
    files = sorted(SHARED_ELECTIONS.rglob("*.blt"))
    assert len(files) == 1138

    for path in files:
        assert_counts_by_scottish_stv_and_conserves_votes(path)
