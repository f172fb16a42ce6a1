"""The engagements' audit-trail actions."""

from enum import StrEnum


class AuditAction(StrEnum):
    ENGAGEMENT_CREATE = "engagements.engagement_create"
    ENGAGEMENT_UPDATE = "engagements.engagement_update"
    ENGAGEMENT_CANCEL = "engagements.engagement_cancel"
    OUTCOME_REPORT = "engagements.outcome_report"
    DELEGATE_ADD = "engagements.delegate_add"
    DELEGATE_UPDATE = "engagements.delegate_update"
    DELEGATE_REMOVE = "engagements.delegate_remove"
    INTERVENTION_ADD = "engagements.intervention_add"
    FOLLOW_UP_ADD = "engagements.follow_up_add"
    FOLLOW_UP_MARK = "engagements.follow_up_mark"
    FOLLOW_UPS_REMIND = "engagements.follow_ups_remind"
    CALENDAR_TOKEN_ISSUE = "engagements.calendar_token_issue"  # noqa: S105
    CALENDAR_TOKEN_REVOKE = "engagements.calendar_token_revoke"  # noqa: S105
    REPORT_ATTACH = "engagements.report_attach"
