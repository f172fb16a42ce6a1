"""votecount: exact vote counting, explained stage by stage. Never imports Django.

Build an `Election` of `Ballot`s (or read a file with `read_file`), turn it into a grouped
`Profile` and call `count(profile, "scottish-stv")`; the `CountResult` carries the elected, the
ranked alternates, every stage and the seed of any drawing of lots. The rules of each method are
in docs/rules/.
"""

from votecount.methods import METHODS, count
from votecount.model import Ballot, BallotError, Election, Profile, VoteCountError
from votecount.readers import read_file
from votecount.result import CountResult, Event, Stage, TieBreak

__all__ = [
    "METHODS",
    "Ballot",
    "BallotError",
    "CountResult",
    "Election",
    "Event",
    "Profile",
    "Stage",
    "TieBreak",
    "VoteCountError",
    "count",
    "read_file",
]
