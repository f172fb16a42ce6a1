"""Every one of the 1,138 real Scottish elections in ../shared/data/elections is read and
counted: the right number elected, and votes conserved at every stage. About 20 s, so marked
slow; CI still runs it (the whole votecount suite stays well under three minutes)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from votecount.methods import count
from votecount.readers import read_file
from votecount.tests.conftest import SHARED_ELECTIONS

pytestmark = pytest.mark.slow


@pytest.mark.skipif(
    not SHARED_ELECTIONS.is_dir(),
    reason=f"the shared election data is not beside the repository ({SHARED_ELECTIONS})",
)
def test_every_real_election_counts_by_scottish_stv_and_conserves_votes() -> None:
    files = sorted(SHARED_ELECTIONS.rglob("*.blt"))
    assert len(files) == 1138

    for path in files:
        profile = read_file(path)
        result = count(profile, "scottish-stv", alternates=0)
        assert len(result.elected) == profile.seats, path
        for stage in result.stages:
            in_count = sum(stage.totals.values(), Decimal(0))
            assert in_count + stage.exhausted + stage.lost_to_rounding == result.total_votes
