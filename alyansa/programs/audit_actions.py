"""The program of action's audit-trail actions."""

from enum import StrEnum


class AuditAction(StrEnum):
    PROGRAM_DRAFT = "programs.program_draft"
    PROGRAM_ADOPT = "programs.program_adopt"
    PROGRAM_AMEND = "programs.program_amend"
    PROGRAM_REJECT = "programs.program_reject"
    AREA_SAVE = "programs.area_save"
    GOAL_SAVE = "programs.goal_save"
    TARGET_SAVE = "programs.target_save"
    TARGET_STATE = "programs.target_state"
    FIGURE_RECORD = "programs.figure_record"
    REPORT_DRAFT = "programs.report_draft"
    REPORT_EDIT = "programs.report_edit"
    REPORT_PRESENT = "programs.report_present"
    REPORT_FREEZE = "programs.report_freeze"
