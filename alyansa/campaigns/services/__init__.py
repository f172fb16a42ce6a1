"""Every change to campaigns, calls and answers: one transaction and one audit row each, one
subject per module (re-exported here).

    campaigns: campaign_create, campaign_update, call_create, call_update, call_submit,
               call_return_to_draft, call_issue, call_close, call_cancel
    answers:   answer_pledge, answer_decline, report_submit, report_photo_remove
    delivery:  call_send, reminders_send, digests_send (and the tasks that send the mail)

Reads that check access are in selectors.py; the ledger's figures in ledger.py.
"""

from alyansa.campaigns.services.answers import (
    answer_decline,
    answer_pledge,
    new_submission_key,
    report_photo_remove,
    report_submit,
)
from alyansa.campaigns.services.campaigns import (
    call_cancel,
    call_close,
    call_create,
    call_issue,
    call_return_to_draft,
    call_submit,
    call_update,
    called_organizations,
    campaign_create,
    campaign_update,
)
from alyansa.campaigns.services.delivery import digests_send, reminders_send

__all__ = [
    "answer_decline",
    "answer_pledge",
    "call_cancel",
    "call_close",
    "call_create",
    "call_issue",
    "call_return_to_draft",
    "call_submit",
    "call_update",
    "called_organizations",
    "campaign_create",
    "campaign_update",
    "digests_send",
    "new_submission_key",
    "reminders_send",
    "report_photo_remove",
    "report_submit",
]
