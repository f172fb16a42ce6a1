"""The ledger's own changes: accounts, entries and their reversal, exchange rates.

Every entry goes through `write_entry`, which checks in Python what the database checks again
when the entry is posted (docs/decisions/0004-ledger.md): two legs or more, none zero, and the
legs of each currency adding up to zero. Services of the other subjects (dues, payments, funds)
call it inside their own transaction and write their own audit row.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import Assembly
from alyansa.audit.services import audit_record
from alyansa.members.models import Organization
from alyansa.treasury.audit_actions import AuditAction
from alyansa.treasury.chart import STANDARD_ACCOUNTS
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import (
    KIND_OF_ROOT,
    PATH_PART,
    Account,
    Decision,
    Entry,
    EntryKind,
    EntryPosting,
    ExchangeRate,
    Fund,
    Leg,
)
from alyansa.treasury.money import Money, check_currency


@dataclass(frozen=True)
class LegSpec:
    """A leg to write: positive money is a debit, negative a credit."""

    account: Account
    money: Money
    fund: Fund | None = None
    organization: Organization | None = None
    memo: str = ""


def check_balanced(legs: Sequence[LegSpec]) -> None:
    """The rule of double entry, said before the database says it."""
    if len(legs) < 2:
        raise TreasuryRuleError(_("An entry needs at least two legs."))
    totals: dict[str, int] = defaultdict(int)
    for leg in legs:
        if leg.money.minor == 0:
            raise TreasuryRuleError(_("A leg of an entry cannot be zero."))
        if leg.account.per_organization and leg.organization is None:
            raise TreasuryRuleError(
                _("The account %(account)s is kept per organization: say which.")
                % {"account": leg.account.path}
            )
        totals[leg.money.currency] += leg.money.minor
    unbalanced = sorted(currency for currency, total in totals.items() if total != 0)
    if unbalanced:
        raise TreasuryRuleError(
            _("The debits and credits of this entry differ in %(currencies)s.")
            % {"currencies": ", ".join(unbalanced)}
        )


def write_entry(
    *,
    date: datetime.date,
    kind: EntryKind,
    description: str,
    legs: Sequence[LegSpec],
    acting_user: User,
    post: bool = True,
    organization: Organization | None = None,
    dues_year: int | None = None,
    due_on: datetime.date | None = None,
    method: str = "",
    reference: str = "",
    assembly: Assembly | None = None,
    decision: Decision | None = None,
    reverses: Entry | None = None,
) -> Entry:
    """Write an entry and its legs, and post it unless `post` is False (cash that waits for a
    second person). Call inside the caller's transaction."""
    description = " ".join(description.split())[:300]
    if not description:
        raise TreasuryRuleError(_("Describe the entry."))
    check_balanced(legs)
    entry = Entry.objects.create(
        date=date,
        kind=kind,
        description=description,
        organization=organization,
        dues_year=dues_year,
        due_on=due_on,
        method=method,
        reference=reference.strip()[:120],
        assembly=assembly,
        decision=decision,
        reverses=reverses,
        recorded_by=acting_user,
    )
    Leg.objects.bulk_create(
        Leg(
            entry=entry,
            date=date,
            account=leg.account,
            amount_minor=leg.money.minor,
            currency=leg.money.currency,
            fund=leg.fund,
            organization=leg.organization,
            memo=leg.memo[:200],
        )
        for leg in legs
    )
    if post:
        EntryPosting.objects.create(entry=entry)
    return entry


def entry_summary(entry: Entry) -> dict[str, object]:
    """What the audit trail keeps of an entry: its kind, date and legs (account, amount)."""
    return {
        "kind": entry.kind,
        "date": entry.date.isoformat(),
        "legs": [
            [leg.account.path, str(leg.money), leg.organization_id]
            for leg in entry.legs.select_related("account")
        ],
    }


@transaction.atomic
def entry_record(
    *,
    date: datetime.date,
    kind: EntryKind,
    description: str,
    legs: Sequence[LegSpec],
    acting_user: User,
    reference: str = "",
) -> Entry:
    """Post a general entry (a transfer between accounts, an opening balance, ...)."""
    entry = write_entry(
        date=date,
        kind=kind,
        description=description,
        legs=legs,
        reference=reference,
        acting_user=acting_user,
    )
    audit_record(
        actor=acting_user, action=AuditAction.ENTRY_POST, obj=entry, changes=entry_summary(entry)
    )
    return entry


@transaction.atomic
def entry_reverse(
    *, entry: Entry, reason: str, acting_user: User, date: datetime.date | None = None
) -> Entry:
    """Correct a posted entry the only way the ledger allows: a new entry with every leg
    turned round, on the day of the correction (or a later day than the entry's). The
    original stays as it was, and says it was reversed."""
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if not EntryPosting.objects.filter(entry=entry).exists():
        raise TreasuryRuleError(_("Only a posted entry can be reversed."))
    if Entry.objects.filter(reverses=entry).exists():
        raise TreasuryRuleError(_("This entry has already been reversed."))
    if entry.kind == EntryKind.REVERSAL:
        raise TreasuryRuleError(_("A reversal is not reversed: record the entry again."))
    if not reason.strip():
        raise TreasuryRuleError(_("Say why the entry is reversed."))
    day = date or timezone.localdate()
    if day < entry.date:
        raise TreasuryRuleError(_("A reversal cannot be dated before the entry it reverses."))
    legs = [
        LegSpec(
            account=leg.account,
            money=-leg.money,
            fund=leg.fund,
            organization=leg.organization,
            memo=leg.memo,
        )
        for leg in entry.legs.select_related("account", "fund", "organization")
    ]
    reversal = write_entry(
        date=day,
        kind=EntryKind.REVERSAL,
        description=_("Reversal of %(number)s: %(reason)s")
        % {"number": entry.number, "reason": reason.strip()},
        legs=legs,
        organization=entry.organization,
        dues_year=entry.dues_year,
        reverses=entry,
        acting_user=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.ENTRY_REVERSE,
        obj=reversal,
        changes={"reverses": entry.pk, "reason": reason.strip()[:200]},
    )
    return reversal


def _check_path(path: str) -> tuple[str, list[str]]:
    parts = [part.strip() for part in path.strip().split(":")]
    if len(parts) < 2 or parts[0] not in KIND_OF_ROOT:
        raise TreasuryRuleError(
            _(
                "An account starts with Assets, Liabilities, Equity, Income or Expenses, "
                "then a name."
            )
        )
    for part in parts:
        if not PATH_PART.match(part):
            raise TreasuryRuleError(
                _(
                    "Each part of an account is a capital letter or digit followed by letters, "
                    "digits or hyphens (for example Expenses:Travel-2026)."
                )
            )
    return ":".join(parts), parts


def _account_at(path: str, name: str, per_organization: bool = False) -> Account:
    """The account at `path`, opened with its missing parents (no audit: the caller's)."""
    existing = Account.objects.filter(path=path).first()
    if existing is not None:
        return existing
    parent = _account_at(path.rsplit(":", 1)[0], path.rsplit(":", 2)[-2]) if ":" in path else None
    return Account.objects.create(
        path=path,
        name=name,
        kind=KIND_OF_ROOT[path.split(":", 1)[0]],
        parent=parent,
        per_organization=per_organization,
    )


@transaction.atomic
def account_open(
    *, path: str, name: str, acting_user: User, per_organization: bool = False
) -> Account:
    """Open an account (and the accounts above it that are missing). Its kind is its first
    part's: Assets, Liabilities, Equity (net assets), Income or Expenses."""
    path, _parts = _check_path(path)
    if Account.objects.filter(path=path).exists():
        raise TreasuryRuleError(_("This account exists already."))
    account = _account_at(path, name.strip()[:120] or path.rsplit(":", 1)[-1], per_organization)
    audit_record(
        actor=acting_user, action=AuditAction.ACCOUNT_OPEN, obj=account, changes={"path": path}
    )
    return account


def standard_account(path: str) -> Account:
    """One of the accounts every ledger has (chart.py), opened the first time it is needed."""
    existing = Account.objects.filter(path=path).first()
    if existing is not None:
        return existing
    name, per_organization = STANDARD_ACCOUNTS[path]
    parent = path.rsplit(":", 1)[0]
    if ":" in path and not Account.objects.filter(path=parent).exists():
        standard_account(parent)
    return _account_at(path, str(name), per_organization)


@transaction.atomic
def exchange_rate_set(
    *, day: datetime.date, base: str, quote: str, rate: Decimal, acting_user: User
) -> ExchangeRate:
    """What one unit of `base` bought in `quote` on `day`, entered by hand. Entries already
    posted keep the amounts they were posted with."""
    base, quote = check_currency(base), check_currency(quote)
    if base == quote:
        raise TreasuryRuleError(_("A rate is between two different currencies."))
    if not isinstance(rate, Decimal) or not rate.is_finite() or rate <= 0:
        raise TreasuryRuleError(_("A rate is a positive number."))
    found, created = ExchangeRate.objects.update_or_create(
        day=day,
        base=base,
        quote=quote,
        defaults={"rate": rate, "recorded_by": acting_user},
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.RATE_SET,
        obj=found,
        changes={"rate": str(rate), "new": created},
    )
    return found


def rate_on(day: datetime.date, base: str, quote: str) -> Decimal | None:
    """The latest rate entered on or before `day` (the inverse of the other way round if only
    that was entered), or None."""
    if base == quote:
        return Decimal(1)
    direct = (
        ExchangeRate.objects.filter(day__lte=day, base=base, quote=quote).order_by("-day").first()
    )
    inverse = (
        ExchangeRate.objects.filter(day__lte=day, base=quote, quote=base).order_by("-day").first()
    )
    if direct is not None and (inverse is None or direct.day >= inverse.day):
        return direct.rate
    if inverse is not None:
        return Decimal(1) / inverse.rate
    return None
