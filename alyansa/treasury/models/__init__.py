"""The treasury's models, one module per subject (re-exported here for Django and callers)."""

from alyansa.treasury.models.decisions import Decision
from alyansa.treasury.models.dues import (
    CountryIncomeGroup,
    DuesRate,
    DuesSchedule,
    GracePeriod,
    IncomeGroup,
    StandingRule,
    StandingWaiver,
)
from alyansa.treasury.models.ledger import (
    DEBIT_NORMAL,
    KIND_OF_ROOT,
    PATH_PART,
    ROOT_OF_KIND,
    Account,
    AccountKind,
    Entry,
    EntryKind,
    EntryPosting,
    EntryState,
    ExchangeRate,
    Fund,
    Leg,
    PaymentMethod,
    unposted_entry_ids,
)
from alyansa.treasury.models.records import BudgetLine, FrozenReport, Receipt

__all__ = [
    "DEBIT_NORMAL",
    "KIND_OF_ROOT",
    "PATH_PART",
    "ROOT_OF_KIND",
    "Account",
    "AccountKind",
    "BudgetLine",
    "CountryIncomeGroup",
    "Decision",
    "DuesRate",
    "DuesSchedule",
    "Entry",
    "EntryKind",
    "EntryPosting",
    "EntryState",
    "ExchangeRate",
    "FrozenReport",
    "Fund",
    "GracePeriod",
    "IncomeGroup",
    "Leg",
    "PaymentMethod",
    "Receipt",
    "StandingRule",
    "StandingWaiver",
    "unposted_entry_ids",
]
