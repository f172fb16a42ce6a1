"""The command line: `python -m votecount FILE --method scottish-stv --seats 4 --format text`,
or `python -m votecount VOTES.csv --method motion --threshold two-thirds` for a motion.

`alyansa tally` calls `main` with its own arguments, so both behave identically: the result on
stdout and exit status 0, or a message on stderr and exit status 2 with nothing on stdout.
"""

from __future__ import annotations

import argparse
import json
import sys
from html import escape

from votecount.methods import METHODS, count
from votecount.model import VoteCountError
from votecount.motion import Quorum, QuorumBasis, Threshold, decide
from votecount.readers import read_file, read_motion_csv
from votecount.render import FORMATS, render


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m votecount",
        description="Count a ballot file (.blt, .soi, .toi or .csv) and show every stage.",
    )
    parser.add_argument("file", help="the ballot file")
    parser.add_argument("--method", required=True, choices=sorted([*METHODS, "motion"]))
    parser.add_argument(
        "--seats", type=int, help="seats to fill (default: from a BLT file, otherwise 1)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", dest="form")
    parser.add_argument("--seed", type=int, help="seed for any drawing of lots")
    parser.add_argument(
        "--alternates", type=int, help="how many runners-up to rank (default: one per seat)"
    )
    motion = parser.add_argument_group(
        'motions (--method motion: a CSV with a column "choice" and optionally "weight")'
    )
    motion.add_argument(
        "--threshold",
        choices=[threshold.value for threshold in Threshold],
        default=Threshold.MAJORITY_OF_VOTES_CAST.value,
    )
    motion.add_argument("--quorum", type=int, help="how many the quorum requires")
    motion.add_argument(
        "--quorum-basis",
        choices=[basis.value for basis in QuorumBasis],
        default=QuorumBasis.BALLOTS_CAST.value,
    )
    motion.add_argument("--present", type=int, help="voting delegates present")
    motion.add_argument("--electorate", type=int, help="everyone entitled to vote")
    return parser


def decide_motion(arguments: argparse.Namespace) -> str:
    """Decide a motion from a CSV of choices and render the result."""
    quorum = None
    if arguments.quorum is not None:
        quorum = Quorum(QuorumBasis(arguments.quorum_basis), arguments.quorum)
    result = decide(
        read_motion_csv(arguments.file),
        Threshold(arguments.threshold),
        quorum=quorum,
        present=arguments.present,
        electorate=arguments.electorate,
    )
    if arguments.form == "json":
        data = {
            "method": "motion",
            "outcome": result.outcome,
            "threshold": result.threshold.value,
            "yes": result.yes,
            "no": result.no,
            "abstain": result.abstain,
            "needed": result.needed,
            "quorum": None
            if result.quorum is None
            else {"basis": result.quorum.basis.value, "required": result.quorum.required},
            "quorum_count": result.quorum_count,
            "electorate": result.electorate,
            "sentence": result.sentence(),
        }
        return json.dumps(data, indent=2) + "\n"
    if arguments.form == "html":
        return f"<p>{escape(result.sentence())}</p>\n"
    return result.sentence() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as leaving:  # argparse has already written its message to stderr
        return int(leaving.code or 0)
    try:
        if arguments.method == "motion":
            output = decide_motion(arguments)
        else:
            profile = read_file(arguments.file, seats=arguments.seats)
            result = count(
                profile, arguments.method, seed=arguments.seed, alternates=arguments.alternates
            )
            output = render(result, arguments.form)
    except VoteCountError as error:
        print(f"votecount: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(output)
    return 0
