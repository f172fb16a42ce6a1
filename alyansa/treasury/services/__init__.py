"""Every change to the treasury: one transaction and one audit row each, one subject per
module (re-exported here).

    ledger:    account_open, entry_record, entry_reverse, exchange_rate_set
    decisions: decision_record
    dues:      income_groups_standard, income_group_set, dues_schedule_adopt, dues_assess,
               dues_waive, grace_grant
    payments:  payment_record, cash_confirm, cash_reject
    funds:     fund_create, grant_record, contribution_record, expense_record, receipt_attach,
               budget_set
    standing:  standing_rule_set, standing_waive
    reports:   report_freeze, ledger_export

Reads are in selectors.py (who may see what), standing.py (arrears and the vote) and
reporting.py (the treasurer's report).
"""

from alyansa.treasury.services.decisions import decision_record
from alyansa.treasury.services.dues import (
    dues_assess,
    dues_schedule_adopt,
    dues_waive,
    grace_grant,
    income_group_set,
    income_groups_standard,
)
from alyansa.treasury.services.funds import (
    budget_set,
    contribution_record,
    expense_record,
    fund_create,
    grant_record,
    receipt_attach,
)
from alyansa.treasury.services.ledger import (
    LegSpec,
    account_open,
    entry_record,
    entry_reverse,
    exchange_rate_set,
)
from alyansa.treasury.services.payments import cash_confirm, cash_reject, payment_record
from alyansa.treasury.services.reports import ledger_export, report_freeze
from alyansa.treasury.services.standing import standing_rule_set, standing_waive

__all__ = [
    "LegSpec",
    "account_open",
    "budget_set",
    "cash_confirm",
    "cash_reject",
    "contribution_record",
    "decision_record",
    "dues_assess",
    "dues_schedule_adopt",
    "dues_waive",
    "entry_record",
    "entry_reverse",
    "exchange_rate_set",
    "expense_record",
    "fund_create",
    "grace_grant",
    "grant_record",
    "income_group_set",
    "income_groups_standard",
    "ledger_export",
    "payment_record",
    "receipt_attach",
    "report_freeze",
    "standing_rule_set",
    "standing_waive",
]
