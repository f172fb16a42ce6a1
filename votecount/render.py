"""A count's result as plain text, JSON and an HTML table.

Vote values are written as exact decimal strings (never floats), so JSON readers see the same
digits the count used.
"""

from __future__ import annotations

import json
from decimal import Decimal
from html import escape

from votecount.result import CountResult, Stage

FORMATS = ("text", "json", "html")


def render(result: CountResult, form: str) -> str:
    if form == "json":
        return to_json(result)
    if form == "html":
        return to_html(result)
    return to_text(result)


def to_data(result: CountResult) -> dict[str, object]:
    """The result as plain JSON-ready data."""
    return {
        "method": result.method,
        "title": result.title,
        "seats": result.seats,
        "candidates": list(result.candidates),
        "withdrawn": list(result.withdrawn),
        "elected": list(result.elected),
        "alternates": list(result.alternates),
        "ranking": list(result.ranking),
        "quota": None if result.quota is None else _text(result.quota),
        "total_votes": _text(result.total_votes),
        "blank": result.blank,
        "seed": result.seed,
        "notes": list(result.notes),
        "stages": [_stage_data(stage) for stage in result.stages],
    }


def _stage_data(stage: Stage) -> dict[str, object]:
    return {
        "number": stage.number,
        "action": stage.action,
        "subject": stage.subject,
        "totals": {name: _text(value) for name, value in stage.totals.items()},
        "changes": {name: _text(value) for name, value in stage.changes.items()},
        "transfer_values": [_text(value) for value in stage.transfer_values],
        "exhausted": _text(stage.exhausted),
        "lost_to_rounding": _text(stage.lost_to_rounding),
        "events": [
            {"candidate": e.candidate, "outcome": e.outcome, "reason": e.reason}
            for e in stage.events
        ],
        "notes": list(stage.notes),
        "quota": None if stage.quota is None else _text(stage.quota),
        "ties": [
            {
                "tied": list(tie.tied),
                "what": tie.what,
                "chosen": tie.chosen,
                "how": tie.how,
                "stage": tie.stage,
                "lowest": tie.lowest,
                "seed": tie.seed,
            }
            for tie in stage.ties
        ],
    }


def to_json(result: CountResult) -> str:
    return json.dumps(to_data(result), indent=2, ensure_ascii=False)


def describe(stage: Stage) -> str:
    """A stage's heading, such as "Stage 3: exclusion of Ann Smith (transfer values 1)"."""
    text = f"Stage {stage.number}: {stage.action}"
    if stage.subject:
        text += f" of {stage.subject}"
    if stage.transfer_values:
        text += f" (transfer value {', '.join(map(str, stage.transfer_values))})"
    return text


def _text(value: Decimal) -> str:
    """Exact digits, never scientific notation (a zero at nine places is 0.000000000)."""
    return format(value, "f")


def _signed(value: Decimal) -> str:
    return f"+{_text(value)}" if value > 0 else _text(value) if value else ""


def to_text(result: CountResult) -> str:
    width = max((len(name) for name in result.candidates), default=10) + 2
    lines = [f"{result.method}: {result.title}" if result.title else result.method]
    facts = (
        f"{result.seats} seat(s), {len(result.candidates)} candidates, "
        f"{result.total_votes} valid votes"
    )
    if result.blank:
        facts += f", {result.blank} blank papers (not votes, not in the quota)"
    if result.quota is not None:
        facts += f", quota {result.quota}"
    lines += [facts, ""]
    if result.withdrawn:
        lines += [f"Withdrawn: {', '.join(result.withdrawn)}", ""]
    for stage in result.stages:
        lines.append(describe(stage))
        for name, value in stage.totals.items():
            change = _signed(stage.changes.get(name, Decimal(0)))
            lines.append(f"  {name:<{width}}{_text(value):>16}  {change}")
        lines.append(f"  {'Exhausted':<{width}}{_text(stage.exhausted):>16}")
        if stage.lost_to_rounding:
            lines.append(f"  {'Lost to rounding':<{width}}{_text(stage.lost_to_rounding):>16}")
        lines += [f"  {e.candidate} {e.outcome}: {e.reason}" for e in stage.events]
        lines += [f"  Note: {note}" for note in stage.notes]
        lines.append("")
    lines += [f"  Note: {note}" for note in result.notes]
    if result.ranking:
        lines.append(f"Ranking: {', '.join(result.ranking)}")
    lines.append(f"Elected: {', '.join(result.elected) or 'nobody'}")
    lines.append(f"Alternates: {', '.join(result.alternates) or 'none'}")
    lines.append(f"Seed for any drawing of lots: {result.seed}")
    return "\n".join(lines) + "\n"


def to_html(result: CountResult) -> str:
    """A table with a row per candidate and a column per stage; every name is escaped."""
    head = "".join(
        f'<th scope="col" title="{escape(describe(stage))}">{stage.number}</th>'
        for stage in result.stages
    )
    rows = []
    for name in result.stages[0].totals if result.stages else ():
        cells = "".join(f"<td>{stage.totals.get(name, '')}</td>" for stage in result.stages)
        mark = " (elected)" if name in result.elected else ""
        rows.append(f'<tr><th scope="row">{escape(name)}{mark}</th>{cells}</tr>')
    exhausted = "".join(f"<td>{stage.exhausted}</td>" for stage in result.stages)
    rows.append(f'<tr><th scope="row">Exhausted</th>{exhausted}</tr>')
    events = "".join(
        "<li>"
        + escape(describe(stage))
        + ": "
        + escape("; ".join([f"{e.candidate} {e.outcome} ({e.reason})" for e in stage.events]))
        + "</li>"
        for stage in result.stages
    )
    caption = escape(f"{result.method}: {result.title}" if result.title else result.method)
    quota = f"<p>Quota: {result.quota}</p>" if result.quota is not None else ""
    if result.blank:
        quota = f"<p>Blank papers (not votes, not in the quota): {result.blank}</p>{quota}"
    return (
        f'<section class="count">\n<table>\n<caption>{caption}</caption>\n'
        f'<thead><tr><th scope="col">Candidate</th>{head}</tr></thead>\n'
        f"<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>\n"
        f"{quota}<ol>{events}</ol>\n"
        f"<p>Elected: {escape(', '.join(result.elected))}</p>\n"
        f"<p>Alternates: {escape(', '.join(result.alternates))}</p>\n"
        f"<p>Seed for any drawing of lots: {result.seed}</p>\n</section>\n"
    )
