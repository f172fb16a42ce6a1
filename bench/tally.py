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
import signal
import subprocess
import sys
import time
from collections import Counter
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


def end_to_end(command: list[str], timeout: float | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak megabytes (of this process alone, by /usr/bin/time) and output of a
    fresh process running `command`."""
    started = time.perf_counter()
    finished = subprocess.run(
        ["/usr/bin/time", "-f", "peak-kb %M", *command],
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    )
    seconds = time.perf_counter() - started
    peak = int(finished.stderr.rsplit("peak-kb ", 1)[1].split()[0])
    return seconds, peak / 1024, finished.stdout


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


def peer_counters(only: str | None = None) -> dict[str, Callable[[Grouped, int], set[int]]]:
    """Each installed peer's count from grouped ballots, returning the winners' numbers (only
    the peer named `only`, if given, so its end-to-end run imports nothing else)."""
    counters: dict[str, Callable[[Grouped, int], set[int]]] = {}
    if only in (None, "pref_voting"):
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
    if only in (None, "py3votecore"):
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
    if only in (None, "pyrcv"):
        try:
            from pyrcv import RaceData, RaceMetadata, run_rcv

            def pyrcv(groups: Grouped, seats: int) -> set[int]:
                names = [str(c) for c in range(CANDIDATES)]
                race = RaceData(
                    RaceMetadata("bench", seats, names),
                    [[c + 1 for c in ranking] for ranking, _ in groups],  # 0 means exhausted
                    [w for _, w in groups],
                )
                result = run_rcv(race)
                return {int(c) - 1 for r in result.rounds for c in r.elected}

            counters["pyrcv"] = pyrcv
        except ImportError:
            pass
    if only in (None, "pyrankvote"):
        try:
            import pyrankvote as prv

            def pyrankvote(groups: Grouped, seats: int) -> set[int]:
                people = [prv.Candidate(str(c)) for c in range(CANDIDATES)]
                ballots = [
                    prv.Ballot(ranked_candidates=[people[c] for c in ranking])
                    for ranking, w in groups
                    for _ in range(w)
                ]  # pyrankvote has no ballot weights: one object per ballot
                if seats == 1:
                    result = prv.instant_runoff_voting(people, ballots)
                else:
                    result = prv.single_transferable_vote(people, ballots, number_of_seats=seats)
                return {int(c.name) for c in result.get_winners()}

            counters["pyrankvote"] = pyrankvote
        except ImportError:
            pass
    if only in (None, "votekit"):
        try:
            from votekit import RankBallot, RankProfile
            from votekit.elections import IRV as VkIRV
            from votekit.elections import STV as VkSTV

            def votekit(groups: Grouped, seats: int) -> set[int]:
                ballots = [
                    RankBallot(ranking=[frozenset({str(c)}) for c in ranking], weight=w)
                    for ranking, w in groups
                ]
                profile = RankProfile(
                    ballots=ballots, candidates=[str(c) for c in range(CANDIDATES)]
                )
                election = VkIRV(profile) if seats == 1 else VkSTV(profile, n_seats=seats)
                return {int(c) for rank in election.get_elected() for c in rank}

            counters["votekit"] = votekit
        except ImportError:
            pass
    return counters


def peer_end_to_end(name: str, path: Path, seats: int) -> None:
    """What a peer's user would run: read the BLT file, group identical lines, count, print.
    The lines are grouped as raw bytes and each distinct line parsed once (no votecount code)."""
    lines = path.read_bytes().split(b"\n")
    end = lines.index(b"0", 1)
    grouped: dict[tuple[int, ...], int] = {}
    for raw, repeats in Counter(lines[1:end]).items():
        numbers = [int(token) for token in raw.split()]
        ranking = tuple(number - 1 for number in numbers[1:-1])
        grouped[ranking] = grouped.get(ranking, 0) + numbers[0] * repeats
    print(sorted(peer_counters(name)[name](list(grouped.items()), seats)))


def timed_peer(name: str, work: Callable[[], set[int]], limit: float) -> tuple[str, set[int]]:
    """Run a peer's count in this process, giving up (by alarm) after `limit` seconds."""

    def give_up(signum: int, frame: object) -> None:
        raise TimeoutError

    signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, limit)
    started = time.perf_counter()
    try:
        winners = work()
    except TimeoutError:
        return f"> {limit:.0f} s (stopped)", set()
    except Exception as error:
        return f"failed: {type(error).__name__}: {str(error)[:60]}", set()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return f"{time.perf_counter() - started:.3f} s", winners


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--data", type=Path, default=Path("/tmp/votecount-bench"))
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--peers", nargs="+", help="only these peers")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per peer run")
    parser.add_argument("--peer-run", nargs=3, metavar=("PEER", "FILE", "SEATS"))
    arguments = parser.parse_args()
    if arguments.peer_run:
        name, file, seats = arguments.peer_run
        peer_end_to_end(name, Path(file), int(seats))
        return 0
    arguments.data.mkdir(parents=True, exist_ok=True)
    peers = {} if arguments.no_peers else peer_counters()
    if arguments.peers:
        peers = {name: peers[name] for name in arguments.peers}
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
                f"{size:>9} ballots {len(profile.weights):>7} groups {method:<13} "
                f"votecount: end to end {seconds:6.2f} s {megabytes:6.0f} MB, "
                f"count {counted:7.3f} s",
                flush=True,
            )
            groups = grouped_ballots(path)
            for name, peer in peers.items():
                took, winners = timed_peer(
                    name,
                    lambda peer=peer, groups=groups, seats=seats: peer(groups, seats),
                    arguments.timeout,
                )
                if took.endswith(" s") and not took.startswith(">"):
                    ratio = f"x{float(took[:-2]) / counted:6.1f}"
                    agree = "agree" if winners == ours else f"DISAGREE {sorted(winners)}"
                else:
                    ratio, agree = "", ""
                command = [sys.executable, __file__, "--peer-run", name, str(path), str(seats)]
                try:
                    e2e_seconds, e2e_megabytes, _ = end_to_end(command, arguments.timeout)
                    e2e = f"{e2e_seconds:6.2f} s {e2e_megabytes:6.0f} MB"
                    e2e += f" (x{e2e_seconds / seconds:5.1f})"
                except subprocess.TimeoutExpired:
                    e2e = f"> {arguments.timeout:.0f} s (stopped)"
                except subprocess.CalledProcessError:
                    e2e = "failed"
                print(
                    f"{'':>33} {name:<13} count {took:>22} {ratio}, winners {agree}; "
                    f"end to end {e2e}",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
