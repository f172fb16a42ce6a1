"""The whole posted ledger as a Beancount file (plain text that `bean-check` verifies and
`bean-query` reads), for the treasurer and for an auditor's own tools.

Our account paths are Beancount's already. A dues receivable kept per organization becomes
one sub-account per organization (Assets:Receivable:Dues:O42), so that Beancount sees each
organization's balance. Organizations at risk are named by that number only
(`public.ledger_label`): the file leaves the platform, and may travel further than its first
reader.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db.models import Prefetch
from django.utils import timezone

from alyansa.members import public
from alyansa.treasury.models import Account, Entry, Leg
from alyansa.treasury.money import Money


def _quoted(text: str) -> str:
    """A Beancount string: double quotes, with backslashes and quotes escaped, on one line."""
    clean = " ".join(str(text).split())
    return '"' + clean.replace("\\", "\\\\").replace('"', '\\"') + '"'


def organization_account(account: Account, organization_id: int | None) -> str:
    if account.per_organization and organization_id is not None:
        return f"{account.path}:{public.ledger_number(organization_id)}"
    return account.path


def _legs() -> Prefetch:
    return Prefetch("legs", queryset=Leg.objects.select_related("account", "fund").order_by("id"))


def beancount_lines(*, today: datetime.date | None = None) -> Iterator[str]:
    """The file, line by line (so that a large ledger is never held whole in memory)."""
    entries = (
        Entry.objects.posted()
        .select_related("organization", "reverses")
        .prefetch_related(_legs())
        .order_by("date", "id")
    )
    first = entries.values_list("date", flat=True).first() or today or timezone.localdate()
    currencies = sorted(set(Leg.objects.values_list("currency", flat=True).distinct()))
    yield "; Alyansa's ledger: every posted entry. Organizations at risk are named by number."
    yield f"; Written {timezone.now():%Y-%m-%d %H:%M} UTC."
    yield 'option "title" "Alyansa"'
    for currency in currencies:
        yield f'option "operating_currency" "{currency}"'
    yield ""
    # A root (Assets, Income, ...) is a kind, not an account, for Beancount; nothing posts to it.
    for account in Account.objects.filter(parent__isnull=False).order_by("path"):
        yield f"{first.isoformat()} open {account.path}"
    per_organization = (
        Leg.objects.filter(account__per_organization=True, organization__isnull=False)
        .values_list("account__path", "organization_id")
        .distinct()
        .order_by("account__path", "organization_id")
    )
    for path, organization_id in per_organization:
        yield f"{first.isoformat()} open {path}:{public.ledger_number(organization_id)}"
    for entry in entries.iterator(chunk_size=2000):
        yield ""
        payee = public.ledger_label(entry.organization, in_file=True) if entry.organization else ""
        head = f"{entry.date.isoformat()} *"
        if payee:
            head += f" {_quoted(payee)}"
        yield f"{head} {_quoted(entry.description)}"
        yield f'  entry: "{entry.number}"'
        yield f'  kind: "{entry.kind}"'
        if entry.reference:
            yield f"  reference: {_quoted(entry.reference)}"
        if entry.reverses_id:
            yield f'  reverses: "E{entry.reverses_id}"'
        for leg in entry.legs.all():
            target = organization_account(leg.account, leg.organization_id)
            money = Money.from_minor(leg.amount_minor, leg.currency)
            yield f"  {target}  {money.plain} {leg.currency}"
            if leg.fund_id:
                yield f'    fund: "{leg.fund.slug}"'  # type: ignore[union-attr]
    yield ""
