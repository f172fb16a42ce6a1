"""The accounts every alliance's ledger starts with. The treasurer adds others (expense
categories, more bank accounts) under them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DUES_RECEIVABLE = "Assets:Receivable:Dues"
BANK = "Assets:Bank"
CASH = "Assets:Cash"
MOBILE_MONEY = "Assets:Mobile-Money"
DUES_INCOME = "Income:Dues"
GRANTS = "Income:Grants"
CONTRIBUTIONS = "Income:Contributions"
DUES_WAIVED = "Expenses:Dues-Waived"
CURRENCY_EXCHANGE = "Equity:Currency-Exchange"
OPENING_BALANCES = "Equity:Opening-Balances"

# path → (name, kept per organization)
STANDARD_ACCOUNTS = {
    "Assets": (_("Assets"), False),
    "Assets:Receivable": (_("Receivables"), False),
    DUES_RECEIVABLE: (_("Dues receivable"), True),
    BANK: (_("Bank"), False),
    CASH: (_("Cash"), False),
    MOBILE_MONEY: (_("Mobile money"), False),
    "Liabilities": (_("Liabilities"), False),
    "Equity": (_("Net assets"), False),
    CURRENCY_EXCHANGE: (_("Currency exchange"), False),
    OPENING_BALANCES: (_("Opening balances"), False),
    "Income": (_("Income"), False),
    DUES_INCOME: (_("Dues"), False),
    GRANTS: (_("Grants"), False),
    CONTRIBUTIONS: (_("Contributions"), False),
    "Expenses": (_("Expenses"), False),
    DUES_WAIVED: (_("Dues waived"), False),
}
