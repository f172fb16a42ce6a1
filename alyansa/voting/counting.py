"""Turning a poll's stored ballots into votecount's plain dataclasses, and its result into words.

votecount never imports Django; this module is the adapter. The result is stored as data (so
it can be said in each reader's language by `verdict`) plus votecount's HTML stage table.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alyansa.core.csv import csv_writer
from alyansa.voting.ballots import decode
from votecount import Ballot as VCBallot
from votecount import Election as VCElection
from votecount import count
from votecount.motion import MotionBallot, Quorum, QuorumBasis, Threshold, decide
from votecount.render import to_data, to_html

METHOD_BY_KIND = {"single": "plurality", "approval": "approval", "block": "block"}


def method_of(kind: str, method: str) -> str:
    return METHOD_BY_KIND.get(kind) or method or "scottish-stv"


def count_poll(
    *,
    kind: str,
    method: str,
    labels: list[str],
    seats: int,
    alternates: int,
    threshold: str,
    quorum_required: int,
    quorum_basis: str,
    present: int,
    electorate_weight: int,
    ballots: Iterable[tuple[str, int]],
    seed: int,
    title: str = "",
) -> tuple[dict[str, Any], str]:
    """Count (content, weight) ballots; return the result as data and the stage table (HTML)."""
    papers = list(ballots)
    if kind == "motion":
        quorum = Quorum(QuorumBasis(quorum_basis), quorum_required) if quorum_required > 0 else None
        motion = decide(
            [MotionBallot(content, weight) for content, weight in papers],  # type: ignore[arg-type]
            Threshold(threshold),
            quorum=quorum,
            present=present,
            electorate=electorate_weight,
        )
        data: dict[str, Any] = {
            "kind": "motion",
            "outcome": motion.outcome,
            "threshold": motion.threshold.value,
            "yes": motion.yes,
            "no": motion.no,
            "abstain": motion.abstain,
            "needed": motion.needed,
            "quorum_required": quorum_required,
            "quorum_count": motion.quorum_count,
            "ballots": len(papers),
        }
        return data, ""
    vc_ballots = []
    for content, weight in papers:
        marks = decode(kind, content)
        assert isinstance(marks, list)
        names = [labels[position - 1] for position in marks]
        if kind in {"approval", "block"}:
            ranking: tuple[Any, ...] = (frozenset(names),) if names else ()
        else:
            ranking = tuple(names)
        vc_ballots.append(VCBallot(ranking=ranking, weight=weight))
    election = VCElection(
        candidates=tuple(labels), seats=seats, ballots=tuple(vc_ballots), title=title
    )
    result = count(election.profile(), method_of(kind, method), seed=seed, alternates=alternates)
    counted: dict[str, Any] = to_data(result)
    counted["kind"] = kind
    counted["ballots"] = len(papers)
    return counted, to_html(result)


THRESHOLD_WORDS = {
    "majority-of-votes-cast": lambda: _("more than half of the votes cast"),
    "majority-excluding-abstentions": lambda: _("more yes than no votes"),
    "two-thirds": lambda: _("two thirds of the yes and no votes"),
    "three-quarters": lambda: _("three quarters of the yes and no votes"),
    "absolute-majority-of-electorate": lambda: _("more than half of everyone entitled to vote"),
}


def verdict(result: dict[str, Any]) -> str:
    """The result in words, in the active language, from the stored data."""
    if not result or result.get("paper_pending"):
        return ""  # nothing is counted before the paper ballots are merged
    if result.get("kind") == "motion":
        tally = _("%(yes)d yes, %(no)d no, %(abstain)d abstaining") % result
        if result["outcome"] == "no quorum":
            return _(
                "Not decided: there was no quorum (%(count)s, %(required)s required). "
                "Votes: %(tally)s."
            ) % {
                "count": result["quorum_count"],
                "required": result["quorum_required"],
                "tally": tally,
            }
        rule = THRESHOLD_WORDS.get(result["threshold"], lambda: result["threshold"])()
        values = {"tally": tally, "rule": rule, "needed": result["needed"]}
        if result["outcome"] == "passed":
            return _("Carried (%(tally)s): %(rule)s, %(needed)s yes needed.") % values
        return _("Not carried (%(tally)s): %(rule)s, %(needed)s yes needed.") % values
    elected = result.get("elected") or []
    text = ngettext("Elected: %(names)s.", "Elected, in order: %(names)s.", len(elected)) % {
        "names": ", ".join(elected) or _("nobody")
    }
    if result.get("alternates"):
        text += " " + _("Alternates, in order: %(names)s.") % {
            "names": ", ".join(result["alternates"])
        }
    if result.get("blank"):
        text += " " + ngettext(
            "%(count)d blank paper (not a vote).",
            "%(count)d blank papers (not votes).",
            result["blank"],
        ) % {"count": result["blank"]}
    return text


def ballots_as_counted(
    result: dict[str, Any], labels: list[str], ballots: Iterable[tuple[str, int]]
) -> list[tuple[str, int]]:
    """Ranked ballots cut after the last preference a transfer count (STV, IRV) could use: a
    ballot moves down its ranking only past candidates who were elected or excluded, so its
    preferences after the first candidate still continuing at the end were never read.
    Recounting the cut ballots gives the same result, stage by stage."""
    decided = {
        event["candidate"] for stage in result.get("stages", []) for event in stage["events"]
    } | set(result.get("withdrawn", []))
    cut = []
    for content, weight in ballots:
        marks = decode("ranked", content)
        assert isinstance(marks, list)
        kept: list[int] = []
        for position in marks:
            kept.append(position)
            if labels[position - 1] not in decided:
                break
        cut.append((">".join(map(str, kept)), weight))
    return cut


def ballots_as_csv(kind: str, labels: list[str], ballots: Iterable[tuple[str, int]]) -> str:
    """The anonymous ballots as votecount's CSV: a column per option with its rank (1 first;
    approval marks are all 1), and a weight column. Recount with `alyansa tally FILE.csv`."""
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow([*labels, "weight"])
    for content, weight in ballots:
        marks = decode(kind, content)
        assert isinstance(marks, list)
        row = [""] * len(labels)
        for rank, position in enumerate(marks, start=1):
            row[position - 1] = "1" if kind in {"approval", "block", "single"} else str(rank)
        writer.writerow([*row, str(weight)])
    return out.getvalue()


def ballots_as_blt(
    labels: list[str], seats: int, ballots: Iterable[tuple[str, int]], title: str
) -> str:
    """Ranked ballots as a BLT file (the format of Scottish STV counts)."""
    lines = [f"{len(labels)} {seats}"]
    for content, weight in ballots:
        marks = decode("ranked", content)
        assert isinstance(marks, list)
        lines.append(" ".join([str(weight), *map(str, marks), "0"]))
    lines.append("0")
    lines += ['"' + label.replace('"', "'") + '"' for label in labels]
    lines.append('"' + title.replace('"', "'") + '"')
    return "\n".join(lines) + "\n"


def motion_csv(ballots: Iterable[tuple[str, int]]) -> str:
    out = io.StringIO()
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(["choice", "weight"])
    for content, weight in ballots:
        writer.writerow([content, weight])
    return out.getvalue()
