"""Casting through a bad network (as in an assembly hall's real Wi-Fi): a bounded run of
bench/loss_vote.py. Delegates cast through a proxy that cuts a third of the connections at a
random point (before the request arrives, after it did, before or during the answer) and delays
others; phones resend the same ballot with its receipt code. Every voter who saw a receipt is
counted once under it, those who saw none cast again or learn their vote was recorded, and no
one is counted twice."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.slow


def test_a_bad_network_loses_no_vote_and_counts_none_twice(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "ALYANSA_DATA_DIR", "REDIS_URL"}
    }
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "loss_vote.py"),
            *("--voters", "40", "--cut", "0.4", "--delay", "1", "--seconds", "2"),
            *("--tries", "6", "--seed", "7"),
        ],
        cwd=ROOT,
        env={**env, "ALYANSA_ENV": "development", "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["cut_connections"] >= 5, result  # the network was really bad
    assert all(result["cuts"].values()), result  # at every point of the exchange
    assert result["close_status"] == 200, result
    assert (result["lost"], result["duplicated"], result["wrong_receipt"]) == (0, 0, 0), result
    assert result["without_receipt"] == 0, result  # each voter knows their state
    assert result["counted"] == result["ballots"] == 40, result
