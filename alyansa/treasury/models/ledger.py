"""The double-entry ledger: accounts in a tree, entries (transactions) of two or more legs,
and the mark that posts an entry.

An entry is written with its legs first and posted afterwards by adding its EntryPosting row;
the database refuses that row unless the legs balance in every currency, and refuses any
change to the legs, the entry or the mark once it exists (the triggers in
migrations/0002_ledger_triggers.py, on SQLite and PostgreSQL alike). Only posted entries count.
A correction is a new entry that reverses the old one, never an edit. Legs are never
updated at all, posted or not.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alyansa.treasury.money import Money


class AccountKind(models.TextChoices):
    ASSET = "asset", _("Assets")
    LIABILITY = "liability", _("Liabilities")
    NET_ASSETS = "net_assets", _("Net assets")
    INCOME = "income", _("Income")
    EXPENSE = "expense", _("Expenses")


# The first part of an account's path says its kind; the names are Beancount's, so that the
# export needs no mapping (Beancount calls net assets "Equity").
ROOT_OF_KIND = {
    AccountKind.ASSET: "Assets",
    AccountKind.LIABILITY: "Liabilities",
    AccountKind.NET_ASSETS: "Equity",
    AccountKind.INCOME: "Income",
    AccountKind.EXPENSE: "Expenses",
}
KIND_OF_ROOT = {root: kind for kind, root in ROOT_OF_KIND.items()}
# Debit-normal kinds show their balance as it is; the others with the sign turned.
DEBIT_NORMAL = frozenset({AccountKind.ASSET, AccountKind.EXPENSE})
# One part of a path, as Beancount accepts it: a capital letter or digit, then letters,
# digits and hyphens.
PATH_PART = re.compile(r"^[A-Z0-9][A-Za-z0-9-]{0,59}$")


class Account(models.Model):
    """An account such as Assets:Bank:Main or Expenses:Travel. The tree is in the path; the
    parent is kept too so that a subtree is one query."""

    path = models.CharField(_("account"), max_length=200, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=AccountKind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    # Receivables and the like carry an organization on each leg; this says that they must.
    per_organization = models.BooleanField(_("kept per organization"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["path"]
        verbose_name = _("account")
        verbose_name_plural = _("accounts")

    def __str__(self) -> str:
        return self.path

    @property
    def depth(self) -> int:
        return self.path.count(":")

    @property
    def normal_sign(self) -> int:
        """+1 when a positive sum of legs is the account's natural balance (assets, expenses)."""
        return 1 if self.kind in DEBIT_NORMAL else -1


class Fund(models.Model):
    """Money a donor gave for a purpose: its legs are kept apart so that what is left of it is
    always known. Legs without a fund are the general, unrestricted fund."""

    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    donor = models.CharField(_("donor"), max_length=200, blank=True)
    restriction = models.TextField(_("what the donor allows it for"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("restricted fund")
        verbose_name_plural = _("restricted funds")

    def __str__(self) -> str:
        return self.name


class EntryKind(models.TextChoices):
    ASSESSMENT = "assessment", _("Dues assessed")
    PAYMENT = "payment", _("Dues payment")
    WAIVER = "waiver", _("Dues waived")
    CONTRIBUTION = "contribution", _("Contribution")
    GRANT = "grant", _("Grant")
    EXPENSE = "expense", _("Expense")
    TRANSFER = "transfer", _("Transfer")
    OPENING = "opening", _("Opening balance")
    REVERSAL = "reversal", _("Reversal")


class PaymentMethod(models.TextChoices):
    BANK_TRANSFER = "bank_transfer", _("Bank transfer")
    CASH = "cash", _("Cash")
    MOBILE_MONEY = "mobile_money", _("Mobile money")


class EntryState(models.TextChoices):
    """Derived, never stored: whether the entry counts."""

    PENDING = "pending", _("Waiting for a second person to confirm")
    POSTED = "posted", _("Posted")
    REJECTED = "rejected", _("Not confirmed")


class EntryQuerySet(models.QuerySet["Entry"]):
    def posted(self) -> EntryQuerySet:
        return self.filter(posting__isnull=False)

    def unposted(self) -> EntryQuerySet:
        """Pending and refused entries: few, so that reads of the ledger leave them out by id
        instead of joining every leg to its posting."""
        return self.filter(posting__isnull=True)

    def pending(self) -> EntryQuerySet:
        return self.filter(posting__isnull=True, rejected_at__isnull=True)


class Entry(models.Model):
    """One transaction of the ledger. Its dimensions (organization, dues year, method) let the
    treasury answer "what did this organization pay" without reading descriptions."""

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=EntryKind.choices)
    description = models.CharField(_("description"), max_length=300)
    organization = models.ForeignKey(
        "members.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Assessments and waivers: the year of dues they are for (a reversal copies it).
    dues_year = models.PositiveSmallIntegerField(_("dues year"), null=True, blank=True)
    # Assessments: the day the dues fall due (after it, unpaid dues are arrears).
    due_on = models.DateField(_("due"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=16, choices=PaymentMethod.choices, blank=True)
    reference = models.CharField(_("reference"), max_length=120, blank=True)
    # Cash received at an assembly waits for a second person before it posts.
    assembly = models.ForeignKey(
        "assemblies.Assembly",
        verbose_name=_("received at the assembly"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decision = models.ForeignKey(
        "treasury.Decision",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A pending entry the second person refused: it never posts (and is kept, for the record).
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = EntryQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        indexes = [
            models.Index(fields=["date"]),
            models.Index(fields=["organization", "kind"]),
            models.Index(fields=["dues_year", "organization"], name="trs_entry_dues_year"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="payment") | Q(organization__isnull=False),
                name="trs_payment_has_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.description}"

    @property
    def number(self) -> str:
        """How people and the Beancount file refer to the entry."""
        return f"E{self.pk}"

    @property
    def state(self) -> EntryState:
        if hasattr(self, "posting"):
            return EntryState.POSTED
        return EntryState.REJECTED if self.rejected_at else EntryState.PENDING


class LegQuerySet(models.QuerySet["Leg"]):
    def posted(self, unposted: list[int] | None = None) -> LegQuerySet:
        """The legs that count: all but those of the few entries not (yet) posted (their ids
        read once here, or given when a caller reads several sums)."""
        if unposted is None:
            unposted = unposted_entry_ids()
        return self.exclude(entry_id__in=unposted) if unposted else self


def unposted_entry_ids() -> list[int]:
    return list(Entry.objects.unposted().values_list("id", flat=True))


class Leg(models.Model):
    """One line of an entry: an amount on an account. Positive is a debit, negative a credit,
    in the currency's minor unit (see alyansa/treasury/money.py)."""

    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="legs")
    # The entry's date, kept on each leg so that balances on a day read the legs alone (the
    # database refuses a leg whose date is not its entry's).
    date = models.DateField(_("date"))
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="legs")
    amount_minor = models.BigIntegerField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3)
    fund = models.ForeignKey(
        Fund, null=True, blank=True, on_delete=models.PROTECT, related_name="legs"
    )
    organization = models.ForeignKey(
        "members.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    memo = models.CharField(_("memo"), max_length=200, blank=True)

    objects = LegQuerySet.as_manager()

    class Meta:
        ordering = ["entry", "id"]
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        indexes = [
            # Balances on a day by account and currency read this index alone.
            models.Index(
                fields=["account", "organization", "currency", "date", "amount_minor"],
                name="trs_leg_balance",
            ),
            models.Index(fields=["organization", "account"], name="trs_leg_organization"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(amount_minor=0), name="trs_leg_not_zero"),
            models.CheckConstraint(condition=Exact(Length("currency"), 3), name="trs_leg_currency"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.money}"

    @property
    def money(self) -> Money:
        return Money.from_minor(self.amount_minor, self.currency)

    @property
    def debit(self) -> Money | None:
        return self.money if self.amount_minor > 0 else None

    @property
    def credit(self) -> Money | None:
        return -self.money if self.amount_minor < 0 else None


class EntryPosting(models.Model):
    """The mark that posts an entry: from then on it counts, and nothing of it may change.
    (Beancount calls the legs "postings"; here posting is the act.)"""

    entry = models.OneToOneField(Entry, on_delete=models.PROTECT, related_name="posting")
    posted_at = models.DateTimeField(default=timezone.now)
    # For cash received at an assembly: the second person, who confirmed it.
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")

    def __str__(self) -> str:
        return f"{self.entry_id} posted {self.posted_at:%Y-%m-%d}"

    def natural_key(self) -> tuple[Any, ...]:
        return (self.entry_id,)

    # A backup restores the marks after the legs (portal/backup.py orders models by these
    # dependencies): the database refuses a mark whose legs are not there yet.
    natural_key.dependencies = ["treasury.leg"]  # type: ignore[attr-defined]


class ExchangeRate(models.Model):
    """How many units of `quote` one unit of `base` bought on a day, as the treasurer entered
    it (the treasury never asks the network)."""

    day = models.DateField(_("date"))
    base = models.CharField(_("currency"), max_length=3)
    quote = models.CharField(_("in"), max_length=3)
    rate = models.DecimalField(_("rate"), max_digits=20, decimal_places=8)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-day", "base", "quote"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.UniqueConstraint(fields=["day", "base", "quote"], name="trs_one_rate_a_day"),
            models.CheckConstraint(condition=Q(rate__gt=0), name="trs_rate_positive"),
            models.CheckConstraint(condition=~Q(base=models.F("quote")), name="trs_rate_two"),
        ]

    def __str__(self) -> str:
        return f"{self.day} 1 {self.base} = {self.rate} {self.quote}"
