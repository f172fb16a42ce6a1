"""Benchmark votecount's IRV and Scottish STV against peer libraries on the same ballots.

Run in the benchmark environment (see bench/requirements-peers.txt):

    .venv-bench/bin/python bench/tally.py            # 10k, 100k and 1M ballots
    .venv-bench/bin/python bench/tally.py --sizes 10000 --no-peers

It writes seeded profiles (12 candidates, ballots truncated at random lengths, drawn from a
Plackett-Luce model so some candidates are much more popular) as BLT files with one line per
ballot, then times, for 1 seat (IRV) and 4 seats (STV):

* end to end: a fresh process reads the BLT file, counts and prints the result; wall time and
  peak memory of the process;
* the count alone, from ballots already grouped into each library's own input form.

It checks that the winners agree wherever the methods coincide, and prints ratios to the
fastest peer. Peers that are not installed are skipped with a note.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

from votecount.methods import count
from votecount.readers import read_file

CANDIDATES = 12
SEED = 20260501
Grouped = list[tuple[tuple[int, ...], int]]


def write_profile(path: Path, ballots: int, seats: int, seed: int = SEED) -> None:
    """Write `ballots` seeded ballots as a BLT file, one line per ballot."""
    rng = np.random.default_rng(seed)
    support = np.log(np.linspace(3.0, 0.3, CANDIDATES))  # Plackett-Luce strengths
    keys = support + rng.gumbel(size=(ballots, CANDIDATES))
    orders = np.argsort(-keys, axis=1) + 1
    lengths = rng.choice(
        np.arange(1, CANDIDATES + 1),
        size=ballots,
        p=np.array([30, 20, 14, 10, 8, 6, 4, 3, 2, 1, 1, 1]) / 100,
    )
    with path.open("w") as out:
        out.write(f"{CANDIDATES} {seats}\n")
        for order, length in zip(orders.tolist(), lengths.tolist(), strict=True):
            out.write("1 " + " ".join(map(str, order[:length])) + " 0\n")
        out.write("0\n")
        out.writelines(f'"Candidate {number}"\n' for number in range(1, CANDIDATES + 1))
        out.write(f'"Benchmark, {ballots} ballots"\n')


def end_to_end(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak megabytes and output of a fresh process running `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024, finished.stdout


def best_of(runs: int, work: Callable[[], object]) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def grouped_ballots(path: Path) -> Grouped:
    """The file's ballots grouped, as tuples of candidate numbers from 0, for the peers."""
    profile = read_file(path)
    return [
        (tuple(rank[0] for rank in ranking), weight)
        for ranking, weight in zip(profile.groups, profile.weights, strict=True)
    ]


def peer_counters() -> dict[str, Callable[[Grouped, int], set[int]]]:
    """Each installed peer's count from grouped ballots, returning the winners' numbers."""
    counters: dict[str, Callable[[Grouped, int], set[int]]] = {}
    try:
        from pref_voting.iterative_methods import instant_runoff
        from pref_voting.profiles_with_ties import ProfileWithTies
        from pref_voting.proportional_methods import stv_scottish

        def pref_voting(groups: Grouped, seats: int) -> set[int]:
            rankings = [{c: place for place, c in enumerate(r, 1)} for r, _ in groups]
            profile = ProfileWithTies(
                rankings, rcounts=[w for _, w in groups], candidates=list(range(CANDIDATES))
            )
            if seats == 1:
                return set(instant_runoff(profile))
            return set(stv_scottish(profile, num_seats=seats))

        counters["pref_voting"] = pref_voting
    except ImportError:
        pass
    try:
        from py3votecore.irv import IRV
        from py3votecore.stv import STV

        def py3votecore(groups: Grouped, seats: int) -> set[int]:
            ballots = [{"count": w, "ballot": list(ranking)} for ranking, w in groups]
            if seats == 1:
                return {IRV(ballots).as_dict()["winner"]}
            return set(STV(ballots, required_winners=seats).as_dict()["winners"])

        counters["py3votecore"] = py3votecore
    except ImportError:
        pass
    return counters


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--data", type=Path, default=Path("/tmp/votecount-bench"))
    parser.add_argument("--no-peers", action="store_true")
    arguments = parser.parse_args()
    arguments.data.mkdir(parents=True, exist_ok=True)
    peers = {} if arguments.no_peers else peer_counters()
    print(f"peers: {', '.join(peers) or 'none installed'}")
    for size in arguments.sizes:
        for seats, method in ((1, "irv"), (4, "scottish-stv")):
            path = arguments.data / f"ballots-{size}-{seats}.blt"
            if not path.exists():
                write_profile(path, size, seats)
            command = [sys.executable, "-m", "votecount", str(path), "--method", method]
            seconds, megabytes, _ = end_to_end(command)
            profile = read_file(path)
            counted, result = best_of(
                3, lambda profile=profile, method=method: count(profile, method, alternates=0)
            )
            ours = {profile.candidates.index(name) for name in result.elected}  # type: ignore[attr-defined]
            print(
                f"{size:>9} ballots {len(profile.groups):>7} groups {method:<13} "
                f"votecount: end to end {seconds:6.2f} s {megabytes:6.0f} MB, "
                f"count {counted:7.3f} s"
            )
            groups = grouped_ballots(path)
            for name, peer in peers.items():
                peer_seconds, winners = best_of(
                    1, lambda peer=peer, groups=groups, seats=seats: peer(groups, seats)
                )
                agree = "agree" if winners == ours else f"DISAGREE {winners} vs {ours}"
                print(
                    f"{'':>33} {name:<13} count {peer_seconds:7.3f} s "
                    f"(x{peer_seconds / counted:5.1f}), winners {agree}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
