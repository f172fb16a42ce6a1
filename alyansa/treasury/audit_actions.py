"""The treasury's audit-trail actions: every money record leaves one of these."""

from enum import StrEnum


class AuditAction(StrEnum):
    ACCOUNT_OPEN = "treasury.account_open"
    ENTRY_POST = "treasury.entry_post"
    ENTRY_REVERSE = "treasury.entry_reverse"
    RATE_SET = "treasury.rate_set"
    DECISION_RECORD = "treasury.decision_record"
    INCOME_GROUP_SET = "treasury.income_group_set"
    DUES_SCHEDULE_ADOPT = "treasury.dues_schedule_adopt"
    DUES_ASSESS = "treasury.dues_assess"
    DUES_WAIVE = "treasury.dues_waive"
    GRACE_GRANT = "treasury.grace_grant"
    PAYMENT_RECORD = "treasury.payment_record"
    CASH_CONFIRM = "treasury.cash_confirm"
    CASH_REJECT = "treasury.cash_reject"
    STANDING_RULE_SET = "treasury.standing_rule_set"
    STANDING_WAIVE = "treasury.standing_waive"
    FUND_CREATE = "treasury.fund_create"
    GRANT_RECORD = "treasury.grant_record"
    CONTRIBUTION_RECORD = "treasury.contribution_record"
    EXPENSE_RECORD = "treasury.expense_record"
    RECEIPT_ATTACH = "treasury.receipt_attach"
    BUDGET_SET = "treasury.budget_set"
    REPORT_FREEZE = "treasury.report_freeze"
    LEDGER_EXPORT = "treasury.ledger_export"
