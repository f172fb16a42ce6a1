"""Money that is not dues: restricted grants (each a fund of its own), contributions,
expenses with their receipts, and the budget."""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.audit.services import audit_record

# The statements' pictures and the receipts are stripped by the same code, in one place.
from alyansa.statements.services import reencode_image
from alyansa.treasury.audit_actions import AuditAction
from alyansa.treasury.chart import BANK, CONTRIBUTIONS, GRANTS
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import (
    Account,
    AccountKind,
    BudgetLine,
    Entry,
    EntryKind,
    Fund,
    Leg,
    Receipt,
)
from alyansa.treasury.money import Money
from alyansa.treasury.services.ledger import LegSpec, entry_summary, standard_account, write_entry

MAX_RECEIPT_BYTES = 15 * 1024 * 1024


def _not_future(day: datetime.date) -> None:
    if day > timezone.localdate():
        raise TreasuryRuleError(_("Money received or spent cannot be dated in the future."))


def _positive(money: Money) -> None:
    if money.minor <= 0:
        raise TreasuryRuleError(_("The amount is more than zero."))


def _asset(account: Account | None) -> Account:
    account = account or standard_account(BANK)
    if account.kind != AccountKind.ASSET or account.per_organization:
        raise TreasuryRuleError(_("Money is received into or paid from a bank or cash account."))
    return account


@transaction.atomic
def fund_create(*, name: str, donor: str, restriction: str, acting_user: User) -> Fund:
    """A restricted fund: what a donor gave for a purpose, kept apart."""
    name = " ".join(name.split())[:200]
    if not name:
        raise TreasuryRuleError(_("Give the fund a name."))
    base = slugify(name)[:50] or "fund"
    slug, number = base, 1
    while Fund.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    fund = Fund.objects.create(
        slug=slug, name=name, donor=" ".join(donor.split())[:200], restriction=restriction.strip()
    )
    audit_record(
        actor=acting_user, action=AuditAction.FUND_CREATE, obj=fund, changes={"slug": slug}
    )
    return fund


@transaction.atomic
def grant_record(
    *,
    fund: Fund,
    money: Money,
    date: datetime.date,
    acting_user: User,
    into: Account | None = None,
    reference: str = "",
) -> Entry:
    """A grant received for a restricted fund: the money and the income both carry the fund,
    so what is left of it is always known."""
    _positive(money)
    _not_future(date)
    into = _asset(into)
    entry = write_entry(
        date=date,
        kind=EntryKind.GRANT,
        description=_("Grant from %(donor)s: %(fund)s")
        % {"donor": fund.donor or "-", "fund": fund.name},
        legs=[
            LegSpec(account=into, money=money, fund=fund),
            LegSpec(account=standard_account(GRANTS), money=-money, fund=fund),
        ],
        reference=reference,
        acting_user=acting_user,
    )
    audit_record(
        actor=acting_user, action=AuditAction.GRANT_RECORD, obj=entry, changes=entry_summary(entry)
    )
    return entry


@transaction.atomic
def contribution_record(
    *,
    donor: str,
    money: Money,
    date: datetime.date,
    acting_user: User,
    into: Account | None = None,
    reference: str = "",
) -> Entry:
    """An unrestricted contribution (solidarity fund-raising, a gift)."""
    _positive(money)
    _not_future(date)
    into = _asset(into)
    donor = " ".join(donor.split())[:120]
    entry = write_entry(
        date=date,
        kind=EntryKind.CONTRIBUTION,
        description=_("Contribution from %(donor)s") % {"donor": donor or "-"},
        legs=[
            LegSpec(account=into, money=money),
            LegSpec(account=standard_account(CONTRIBUTIONS), money=-money),
        ],
        reference=reference,
        acting_user=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.CONTRIBUTION_RECORD,
        obj=entry,
        changes=entry_summary(entry),
    )
    return entry


def fund_balance(fund: Fund, currency: str, day: datetime.date | None = None) -> Money:
    """What is left of a fund in a currency: its income less its expenses, posted."""
    legs = Leg.objects.posted().filter(
        fund=fund,
        currency=currency,
        account__kind__in=[AccountKind.INCOME, AccountKind.EXPENSE],
    )
    if day is not None:
        legs = legs.filter(date__lte=day)
    return Money.from_minor(-(legs.aggregate(total=Sum("amount_minor"))["total"] or 0), currency)


@transaction.atomic
def expense_record(
    *,
    account: Account,
    money: Money,
    date: datetime.date,
    description: str,
    acting_user: User,
    paid_from: Account | None = None,
    fund: Fund | None = None,
    receipt: bytes | None = None,
) -> Entry:
    """An expense in a category (an expense account), paid from a bank or cash account, and
    charged to a restricted fund when it is spent on the fund's purpose (never more than is
    left of it). A picture of the receipt may come with it."""
    _positive(money)
    _not_future(date)
    if account.kind != AccountKind.EXPENSE:
        raise TreasuryRuleError(_("An expense goes to an expense account."))
    paid_from = _asset(paid_from)
    if fund is not None:
        Fund.objects.select_for_update().filter(pk=fund.pk).first()
        left = fund_balance(fund, money.currency)
        if left.minor < money.minor:
            raise TreasuryRuleError(
                _("The fund %(fund)s has only %(left)s left.") % {"fund": fund.name, "left": left}
            )
    entry = write_entry(
        date=date,
        kind=EntryKind.EXPENSE,
        description=description,
        legs=[
            LegSpec(account=account, money=money, fund=fund),
            LegSpec(account=paid_from, money=-money, fund=fund),
        ],
        acting_user=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.EXPENSE_RECORD,
        obj=entry,
        changes=entry_summary(entry),
    )
    if receipt:
        receipt_attach(entry=entry, data=receipt, acting_user=acting_user)
    return entry


@transaction.atomic
def receipt_attach(*, entry: Entry, data: bytes, acting_user: User) -> Receipt:
    """Keep a picture of a receipt with an entry: re-encoded at once, so that its metadata
    (the phone, the place it was taken) is never written to disk."""
    if len(data) > MAX_RECEIPT_BYTES:
        raise TreasuryRuleError(_("The picture is too large (at most 15 MB)."))
    try:
        clean, _size = reencode_image(data)
    except ValidationError as error:
        raise TreasuryRuleError(error.messages[0]) from error
    receipt = Receipt(entry=entry, uploaded_by=acting_user)
    receipt.image.save(f"{secrets.token_hex(12)}.jpg", ContentFile(clean), save=False)
    receipt.save()
    audit_record(
        actor=acting_user,
        action=AuditAction.RECEIPT_ATTACH,
        obj=receipt,
        changes={"entry": entry.pk},
    )
    return receipt


@transaction.atomic
def budget_set(*, year: int, account: Account, money: Money, acting_user: User) -> BudgetLine:
    """What the budget allows (expenses) or expects (income) for an account in a year."""
    if account.kind not in (AccountKind.INCOME, AccountKind.EXPENSE):
        raise TreasuryRuleError(_("A budget is set for income and expense accounts."))
    if money.minor < 0:
        raise TreasuryRuleError(_("A budget is not negative."))
    line = BudgetLine.objects.filter(year=year, account=account, currency=money.currency).first()
    before = str(Money.from_minor(line.amount_minor, line.currency)) if line else None
    if line is None:
        line = BudgetLine(year=year, account=account, currency=money.currency)
    line.amount_minor = money.minor
    line.set_at = timezone.now()
    line.save()
    audit_record(
        actor=acting_user,
        action=AuditAction.BUDGET_SET,
        obj=line,
        changes={"account": account.path, "year": year, "amount": [before, str(money)]},
    )
    return line
