"""Turning a poll's stored ballots into votecount's plain dataclasses, and its result into words.

votecount never imports Django; this module is the adapter. The result is stored as data (so
it can be said in each reader's language by `verdict`) plus votecount's HTML stage table.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alyansa.core.csv import csv_writer
from alyansa.voting.ballots import decode
from alyansa.voting.models import Poll
from votecount import Ballot as VCBallot
from votecount import Election as VCElection
from votecount import count
from votecount.motion import MotionBallot, MotionOutcome, Quorum, QuorumBasis, Threshold, decide
from votecount.render import to_data, to_html

METHOD_BY_KIND = {"single": "plurality", "approval": "approval", "block": "block"}


def method_of(kind: str, method: str) -> str:
    return METHOD_BY_KIND.get(kind) or method or "scottish-stv"


@dataclass(frozen=True)
class CountRules:
    """Everything a poll's count reads besides its ballots: the kind of poll and the counting
    method, the options (in ballot order), the seats and ranked alternates, a motion's majority
    and quorum (with the votes present when it opened and the weight of its electorate), the
    seed of any drawing of lots, and the title the count files carry."""

    kind: str
    method: str
    labels: tuple[str, ...]
    seats: int
    alternates: int
    threshold: str
    quorum_required: int
    quorum_basis: str
    present: int
    electorate_weight: int
    seed: int
    title: str = ""


def count_rules(poll: Poll) -> CountRules:
    """The rules a poll is counted by, as it keeps them (one query, for its options)."""
    return CountRules(
        kind=poll.kind,
        method=poll.method,
        labels=tuple(poll.options.order_by("position").values_list("label", flat=True)),
        seats=poll.seats,
        alternates=poll.alternates,
        threshold=poll.threshold,
        quorum_required=poll.quorum_required,
        quorum_basis=poll.quorum_basis,
        present=poll.present_at_open,
        electorate_weight=poll.electorate_weight,
        seed=poll.seed or 0,
        title=poll.title,
    )


def count_poll(rules: CountRules, ballots: Iterable[tuple[str, int]]) -> tuple[dict[str, Any], str]:
    """Count (content, weight) ballots by the poll's rules; return the result as data and the
    stage table (HTML)."""
    papers = list(ballots)
    kind, labels = rules.kind, list(rules.labels)
    if kind == "motion":
        quorum = (
            Quorum(QuorumBasis(rules.quorum_basis), rules.quorum_required)
            if rules.quorum_required > 0
            else None
        )
        motion = decide(
            [MotionBallot(content, weight) for content, weight in papers],  # type: ignore[arg-type]
            Threshold(rules.threshold),
            quorum=quorum,
            present=rules.present,
            electorate=rules.electorate_weight,
        )
        data: dict[str, Any] = {
            "kind": "motion",
            "outcome": motion.outcome.value,
            "threshold": motion.threshold.value,
            "yes": motion.yes,
            "no": motion.no,
            "abstain": motion.abstain,
            "needed": motion.needed,
            "quorum_required": rules.quorum_required,
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
        candidates=tuple(labels), seats=rules.seats, ballots=tuple(vc_ballots), title=rules.title
    )
    result = count(
        election.profile(),
        method_of(kind, rules.method),
        seed=rules.seed,
        alternates=rules.alternates,
    )
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
        if result["outcome"] == MotionOutcome.NO_QUORUM:
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
        if result["outcome"] == MotionOutcome.PASSED:
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


# ---------------------------------------------------------------------------------------------
# The stage-by-stage count in the reader's language. votecount returns data (English words for
# its actions and reasons, and each tie as data); these are said here through the catalogues.
# Candidates' names are the assembly's text in any script: each is isolated in <bdi>.

ACTIONS = {
    "first preferences": lambda: _("first preferences"),
    "transfer of surplus": lambda: _("transfer of a surplus"),
    "exclusion": lambda: _("exclusion"),
    "votes counted": lambda: _("votes counted"),
    "pairwise contests (totals: candidates beaten by strongest path)": lambda: _(
        "pairwise contests (totals: candidates beaten by the strongest path)"
    ),
}
REASONS = {
    "reached the quota": lambda: _("reached the quota"),
    "had the fewest votes": lambda: _("had the fewest votes"),
    "continuing candidates fill the last vacancies": lambda: _(
        "the candidates still in the count fill the last places"
    ),
    "had more than half of the votes still in the count": lambda: _(
        "had more than half of the votes still in the count"
    ),
    "last candidate left": lambda: _("the last candidate left"),
    "reached the total active vote divided by the places left plus one": lambda: _(
        "reached the votes still in the count divided by the places left plus one"
    ),
    "highest in the Schulze ranking": lambda: _("highest in the Schulze ranking"),
    "among the most votes": lambda: _("among the most votes"),
}
TIED_FOR = {
    "exclusion": lambda: _("the fewest votes"),
    "order of election": lambda: _("the order of election"),
    "first surplus transfer": lambda: _("the first surplus to transfer"),
}
_BATCH = re.compile(r"^exclusion, batch (\d+) of (\d+)$")
_PLACE = re.compile(r"^place (\d+)$")


def _say(text: str, **values: Any) -> SafeString:
    """A translated sentence with %(name)s places, every value escaped unless already safe."""
    escaped = {key: conditional_escape(value) for key, value in values.items()}
    return mark_safe(conditional_escape(text) % escaped)  # noqa: S308  (all parts escaped)


def _names(names: list[str]) -> SafeString:
    return format_html_join(", ", "<bdi>{}</bdi>", ((name,) for name in names))


def _action(stage: dict[str, Any]) -> str:
    action = str(stage.get("action", ""))
    batch = _BATCH.match(action)
    if batch:
        return _("exclusion, batch %(number)s of %(total)s") % {
            "number": batch.group(1),
            "total": batch.group(2),
        }
    return ACTIONS.get(action, lambda: action)()


def _tied_for(what: str) -> str:
    place = _PLACE.match(what)
    if place:
        return _("place %(number)s") % {"number": place.group(1)}
    return TIED_FOR.get(what, lambda: what)()


def tie_in_words(tie: dict[str, Any]) -> SafeString:
    """How a tie was broken, never just "the fewest votes": by lot (with the seed anyone can
    recount with) or by the votes at an earlier stage."""
    values = {
        "tied": _names(tie["tied"]),
        "what": _tied_for(str(tie["what"])),
        "chosen": format_html("<bdi>{}</bdi>", tie["chosen"]),
        "stage": tie.get("stage"),
        "seed": tie.get("seed"),
    }
    if tie["how"] == "lot":
        text = _("%(tied)s were tied for %(what)s; %(chosen)s was chosen by lot (seed %(seed)s).")
    elif tie.get("lowest"):
        text = _(
            "%(tied)s were tied for %(what)s; %(chosen)s had the fewest votes at stage "
            "%(stage)s, the stage that told them apart."
        )
    else:
        text = _(
            "%(tied)s were tied for %(what)s; %(chosen)s had the most votes at stage "
            "%(stage)s, the stage that told them apart."
        )
    return _say(text, **values)


def _event(event: dict[str, Any], ties: list[dict[str, Any]]) -> SafeString:
    candidate = format_html("<bdi>{}</bdi>", event["candidate"])
    if event["outcome"] == "excluded":
        broken = next(
            (
                tie
                for tie in ties
                if tie["what"] == "exclusion" and tie["chosen"] == event["candidate"]
            ),
            None,
        )
        if broken is not None and broken["how"] == "lot":
            reason = _("tied for the fewest votes, chosen by lot")
        elif broken is not None:
            reason = _("tied for the fewest votes, fewer at an earlier stage")
        else:
            reason = REASONS.get(event["reason"], lambda: event["reason"])()
        return format_html(_("{candidate} excluded ({reason})"), candidate=candidate, reason=reason)
    reason = REASONS.get(event["reason"], lambda: event["reason"])()
    return format_html(_("{candidate} elected ({reason})"), candidate=candidate, reason=reason)


def stage_table(result: dict[str, Any]) -> SafeString:
    """The count, stage by stage, from the stored result data, in the active language: a
    table with a row per candidate and a column per stage, then what each stage did."""
    stages = result.get("stages") or []
    if not stages:
        return SafeString("")
    elected = set(result.get("elected") or [])
    head = format_html_join("", '<th scope="col">{}</th>', ((stage["number"],) for stage in stages))
    rows = [
        format_html(
            '<tr><th scope="row"><bdi>{}</bdi>{}</th>{}</tr>',
            name,
            format_html(" ({})", _("elected")) if name in elected else "",
            format_html_join(
                "", "<td>{}</td>", ((stage["totals"].get(name, ""),) for stage in stages)
            ),
        )
        for name in stages[0]["totals"]
    ]
    rows.append(
        format_html(
            '<tr><th scope="row">{}</th>{}</tr>',
            _("Exhausted"),
            format_html_join("", "<td>{}</td>", ((stage["exhausted"],) for stage in stages)),
        )
    )
    steps = []
    for stage in stages:
        what = _action(stage)
        if stage.get("subject"):
            what = format_html("{}: <bdi>{}</bdi>", what, stage["subject"])
        ties = list(stage.get("ties") or [])
        said = [_event(event, ties) for event in stage.get("events") or []]
        said += [tie_in_words(tie) for tie in ties]
        steps.append(
            format_html(
                "<li>{}{}</li>",
                format_html(_("Stage {number}: {what}"), number=stage["number"], what=what),
                format_html(". {}", format_html_join("; ", "{}", ((one,) for one in said)))
                if said
                else "",
            )
        )
    facts = []
    if result.get("quota") is not None:
        facts.append(_("Quota: %(quota)s") % {"quota": result["quota"]})
    if result.get("blank"):
        facts.append(
            ngettext(
                "%(count)d blank paper (not a vote, not in the quota)",
                "%(count)d blank papers (not votes, not in the quota)",
                result["blank"],
            )
            % {"count": result["blank"]}
        )
    facts.append(_("Seed for any drawing of lots: %(seed)s") % {"seed": result.get("seed")})
    return format_html(
        '<section class="count"><div class="table-wrap"><table><caption>{}</caption>'
        '<thead><tr><th scope="col">{}</th>{}</tr></thead><tbody>{}</tbody></table></div>'
        "<ol>{}</ol><p>{}</p></section>",
        _("The count, stage by stage"),
        _("Candidate"),
        head,
        format_html_join("", "{}", ((row,) for row in rows)),
        format_html_join("", "{}", ((step,) for step in steps)),
        " · ".join(facts),
    )
