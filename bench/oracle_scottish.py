"""Compare votecount's Scottish STV with pref_voting's `stv_scottish` on every real election.

    .venv-bench/bin/python bench/oracle_scottish.py [../shared/data/elections]

For each BLT file under the folder, both count the same ballots for the file's seats; the
script lists every file where the sets of elected candidates differ and prints a summary.
pref_voting lives only in the benchmark environment, never in the project's dependencies.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from pref_voting.profiles_with_ties import ProfileWithTies
from pref_voting.proportional_methods import stv_scottish

from votecount.methods import count
from votecount.readers import read_file


def main() -> int:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/elections")
    files = sorted(folder.rglob("*.blt"))
    differ: list[str] = []
    ours_seconds = theirs_seconds = 0.0
    for path in files:
        profile = read_file(path)
        started = time.perf_counter()
        ours = set(count(profile, "scottish-stv", alternates=0).elected)
        ours_seconds += time.perf_counter() - started
        standing = [c for c in range(len(profile.candidates)) if c not in profile.withdrawn]
        rankings = [
            [rank[0] for rank in ranking if rank[0] in standing] for ranking in profile.groups
        ]
        kept = [(r, w) for r, w in zip(rankings, profile.weights, strict=True) if r and w]
        pref = ProfileWithTies(
            [{c: place for place, c in enumerate(r, start=1)} for r, _ in kept],
            rcounts=[w for _, w in kept],
            candidates=standing,
        )
        started = time.perf_counter()
        theirs = {profile.candidates[c] for c in stv_scottish(pref, num_seats=profile.seats)}
        theirs_seconds += time.perf_counter() - started
        if ours != theirs:
            differ.append(path.relative_to(folder).as_posix())
            print(f"DIFFER {differ[-1]}: votecount {sorted(ours)} pref_voting {sorted(theirs)}")
    print(
        f"{len(files)} elections, {len(files) - len(differ)} agree, {len(differ)} differ; "
        f"votecount {ours_seconds:.1f} s, pref_voting {theirs_seconds:.1f} s counting"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
