"""Run the counting engine from the command line; see `votecount.cli`."""

import sys

from votecount.cli import main

sys.exit(main())
