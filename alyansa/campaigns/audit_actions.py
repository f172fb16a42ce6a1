"""What the campaigns app writes to the audit trail."""

from enum import StrEnum


class Action(StrEnum):
    CAMPAIGN_CREATE = "campaign.create"
    CAMPAIGN_UPDATE = "campaign.update"
    CALL_CREATE = "call.create"
    CALL_UPDATE = "call.update"
    CALL_SUBMIT = "call.submit"
    CALL_RETURN = "call.return"
    CALL_ISSUE = "call.issue"
    CALL_CLOSE = "call.close"
    CALL_CANCEL = "call.cancel"
    ANSWER_PLEDGE = "answer.pledge"
    ANSWER_DECLINE = "answer.decline"
    ANSWER_REPORT = "answer.report"
    ANSWER_REOPEN = "answer.reopen"
    REMINDER_SEND = "reminder.send"
    DIGEST_SEND = "digest.send"
