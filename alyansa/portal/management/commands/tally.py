from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from votecount.cli import main


class Command(BaseCommand):
    help = "Count ballots from a file (BLT, PrefLib, CSV). Same as `python -m votecount`."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.add_argument("arguments", nargs="*")
        return parser

    def run_from_argv(self, argv: list[str]) -> None:
        # votecount has its own argument parser; hand it everything after `tally`.
        sys.exit(main(argv[2:]))

    def handle(self, *args: Any, **options: Any) -> None:
        sys.exit(main(options["arguments"]))
