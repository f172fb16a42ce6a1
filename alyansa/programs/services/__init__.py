"""Every change to a program of action, one module per subject: the program and its text of
areas, goals and targets (`programs`), their progress (`progress`), its versions and
amendments (`versions`), the chairperson's report (`reports`) and what an assembly's decision
does to them (`decisions`). Each is one transaction with one audit row. Callers import from here.

Rules kept here:
- A program is drafted for an undecided motion of an assembly; the motion's decision adopts it
  (approved, or approved with additions) or not (rejected): see `on_item_decided`.
- Once adopted, its content (areas, goals, targets) changes only by an amendment: each change
  names the body's decision (body, day, reference) and leaves a new version of the whole text.
- Progress (a target's state, a figure given by hand) is recorded any time during the term.
- The chairperson's report is drafted from the records, edited, put to a report item of a
  later assembly and frozen with that item's decision.
"""

from alyansa.programs.services.decisions import on_item_decided
from alyansa.programs.services.programs import (
    TargetFields,
    area_save,
    goal_save,
    program_draft,
    program_record_adoption,
    target_save,
)
from alyansa.programs.services.progress import figure_record, target_set_state
from alyansa.programs.services.reports import report_draft, report_edit, report_present
from alyansa.programs.services.versions import (
    APPROVING,
    Amendment,
    content_digest,
    program_content,
)

__all__ = [
    "APPROVING",
    "Amendment",
    "TargetFields",
    "area_save",
    "content_digest",
    "figure_record",
    "goal_save",
    "on_item_decided",
    "program_content",
    "program_draft",
    "program_record_adoption",
    "report_draft",
    "report_edit",
    "report_present",
    "target_save",
    "target_set_state",
]
