"""Payments of dues: by bank transfer (with its reference), in cash, by mobile money; in part
or in full; in another currency at a rate the treasurer entered. Cash received at an assembly
waits for a second person to confirm it before it posts."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from alyansa.accounts.models import User
from alyansa.assemblies.models import Assembly
from alyansa.audit.services import audit_record
from alyansa.members.models import Organization
from alyansa.treasury.audit_actions import AuditAction
from alyansa.treasury.chart import BANK, CASH, CURRENCY_EXCHANGE, DUES_RECEIVABLE, MOBILE_MONEY
from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import (
    DuesSchedule,
    Entry,
    EntryKind,
    EntryPosting,
    Leg,
    PaymentMethod,
)
from alyansa.treasury.money import Money, convert
from alyansa.treasury.services.ledger import (
    LegSpec,
    entry_summary,
    rate_on,
    standard_account,
    write_entry,
)

ACCOUNT_OF_METHOD = {
    PaymentMethod.BANK_TRANSFER: BANK,
    PaymentMethod.CASH: CASH,
    PaymentMethod.MOBILE_MONEY: MOBILE_MONEY,
}


def dues_currency(organization: Organization) -> str | None:
    """The currency an organization's dues are charged in: that of its latest charge, else of
    the latest schedule."""
    charged = (
        Leg.objects.filter(account__path=DUES_RECEIVABLE, organization=organization)
        .order_by("-entry__date", "-id")
        .values_list("currency", flat=True)
        .first()
    )
    if charged:
        return charged
    return DuesSchedule.objects.order_by("-year", "-id").values_list("currency", flat=True).first()


def _payment_legs(
    organization: Organization, money: Money, method: PaymentMethod, day: datetime.date
) -> list[LegSpec]:
    received = standard_account(ACCOUNT_OF_METHOD[method])
    receivable = standard_account(DUES_RECEIVABLE)
    owed_in = dues_currency(organization) or money.currency
    if owed_in == money.currency:
        return [
            LegSpec(account=received, money=money),
            LegSpec(account=receivable, money=-money, organization=organization),
        ]
    rate = rate_on(day, money.currency, owed_in)
    if rate is None:
        raise TreasuryRuleError(
            _("Enter the rate of %(paid)s in %(owed)s on or before %(day)s first.")
            % {"paid": money.currency, "owed": owed_in, "day": day.isoformat()}
        )
    credited = convert(money, rate=rate, to=owed_in)
    if credited.minor == 0:
        raise TreasuryRuleError(_("This amount is worth nothing in the dues' currency."))
    # A trading account keeps each currency balanced: the money came in as paid, and the
    # organization is credited its worth in the dues' currency.
    exchange = standard_account(CURRENCY_EXCHANGE)
    memo = f"1 {money.currency} = {rate} {owed_in}"
    return [
        LegSpec(account=received, money=money),
        LegSpec(account=exchange, money=-money, memo=memo),
        LegSpec(account=exchange, money=credited, memo=memo),
        LegSpec(account=receivable, money=-credited, organization=organization),
    ]


@transaction.atomic
def payment_record(
    *,
    organization: Organization,
    money: Money,
    date: datetime.date,
    method: PaymentMethod | str,
    acting_user: User,
    reference: str = "",
    assembly: Assembly | None = None,
) -> Entry:
    """Record what an organization paid. It pays its oldest unpaid dues first (standing.py);
    paying more than it owes leaves a credit for later years. Cash received at an assembly is
    recorded now and posts only when a second person confirms it (cash_confirm)."""
    method = PaymentMethod(method)
    if money.minor <= 0:
        raise TreasuryRuleError(_("A payment is more than zero."))
    if date > timezone.localdate():
        raise TreasuryRuleError(_("A payment cannot be dated in the future."))
    if method == PaymentMethod.BANK_TRANSFER and not reference.strip():
        raise TreasuryRuleError(_("Give the bank transfer's reference."))
    if assembly is not None and method != PaymentMethod.CASH:
        raise TreasuryRuleError(_("Only cash is received at an assembly's desk."))
    waits = assembly is not None
    entry = write_entry(
        date=date,
        kind=EntryKind.PAYMENT,
        description=_("Dues paid by %(method)s") % {"method": method.label},
        legs=_payment_legs(organization, money, method, date),
        organization=organization,
        method=method,
        reference=reference,
        assembly=assembly,
        post=not waits,
        acting_user=acting_user,
    )
    audit_record(
        actor=acting_user,
        action=AuditAction.PAYMENT_RECORD,
        obj=entry,
        changes={**entry_summary(entry), "method": method.value, "pending": waits},
    )
    return entry


def _pending_cash(entry: Entry) -> Entry:
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    if EntryPosting.objects.filter(entry=entry).exists():
        raise TreasuryRuleError(_("This payment is posted already."))
    if entry.rejected_at is not None:
        raise TreasuryRuleError(
            _("This payment was not confirmed; record it again if it was received.")
        )
    if entry.assembly_id is None:
        raise TreasuryRuleError(_("Only cash received at an assembly waits for confirmation."))
    return entry


@transaction.atomic
def cash_confirm(*, entry: Entry, acting_user: User) -> Entry:
    """A second person counts the cash and confirms it: the payment posts. The one who
    recorded it cannot be the one who confirms it."""
    entry = _pending_cash(entry)
    if entry.recorded_by_id == acting_user.pk:
        raise TreasuryRuleError(_("Another person must confirm the cash you recorded."))
    EntryPosting.objects.create(entry=entry, confirmed_by=acting_user)
    audit_record(
        actor=acting_user,
        action=AuditAction.CASH_CONFIRM,
        obj=entry,
        changes={"recorded_by": entry.recorded_by_id},
    )
    return entry


@transaction.atomic
def cash_reject(*, entry: Entry, reason: str, acting_user: User) -> Entry:
    """The second person does not confirm the cash (it was not there, or not that much): the
    payment never posts, and stays on record as not confirmed."""
    entry = _pending_cash(entry)
    if not reason.strip():
        raise TreasuryRuleError(_("Say why the cash is not confirmed."))
    entry.rejected_at = timezone.now()
    entry.rejected_by = acting_user
    entry.save(update_fields=["rejected_at", "rejected_by"])
    audit_record(
        actor=acting_user,
        action=AuditAction.CASH_REJECT,
        obj=entry,
        changes={"reason": reason.strip()[:200]},
    )
    return entry
