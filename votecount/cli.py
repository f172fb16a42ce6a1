"""The command line: `python -m votecount FILE --method scottish-stv --seats 4 --format text`.

`alyansa tally` calls `main` with its own arguments, so both behave identically: the result on
stdout and exit status 0, or a message on stderr and exit status 2 with nothing on stdout.
"""

from __future__ import annotations

import argparse
import sys

from votecount.methods import METHODS, count
from votecount.model import VoteCountError
from votecount.readers import read_file
from votecount.render import FORMATS, render


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m votecount",
        description="Count a ballot file (.blt, .soi, .toi or .csv) and show every stage.",
    )
    parser.add_argument("file", help="the ballot file")
    parser.add_argument("--method", required=True, choices=sorted(METHODS))
    parser.add_argument(
        "--seats", type=int, help="seats to fill (default: from a BLT file, otherwise 1)"
    )
    parser.add_argument("--format", choices=FORMATS, default="text", dest="form")
    parser.add_argument("--seed", type=int, help="seed for any drawing of lots")
    parser.add_argument(
        "--alternates", type=int, help="how many runners-up to rank (default: one per seat)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        arguments = parser.parse_args(argv)
    except SystemExit as leaving:  # argparse has already written its message to stderr
        return int(leaving.code or 0)
    try:
        profile = read_file(arguments.file, seats=arguments.seats)
        result = count(
            profile, arguments.method, seed=arguments.seed, alternates=arguments.alternates
        )
    except VoteCountError as error:
        print(f"votecount: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(render(result, arguments.form))
    return 0
