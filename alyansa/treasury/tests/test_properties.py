"""Properties (hypothesis): whatever sequence of postings and reversals the treasurer makes,
every posted entry balances in each of its currencies, an unbalanced entry never gets in, and
the report's totals equal the sums of the legs, to the minor unit, in every currency."""

from __future__ import annotations

import datetime
from collections import defaultdict

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alyansa.treasury.errors import TreasuryRuleError
from alyansa.treasury.models import Account, AccountKind, Entry, EntryKind, Leg
from alyansa.treasury.money import Money
from alyansa.treasury.reporting import report_build
from alyansa.treasury.services import LegSpec, account_open, entry_record, entry_reverse
from alyansa.treasury.testing import make_treasurer

pytestmark = pytest.mark.django_db

BASE = datetime.date(2023, 1, 1)
# Currencies with 2, 2, 0 and 3 decimals.
CURRENCIES = ["USD", "PHP", "JPY", "KWD"]
PATHS = [
    "Assets:Bank",
    "Assets:Cash",
    "Liabilities:Loans",
    "Equity:Opening-Balances",
    "Income:Dues",
    "Income:Grants",
    "Expenses:Travel",
    "Expenses:Office",
]

amounts = st.integers(min_value=1, max_value=10**11)


@st.composite
def balanced_legs(draw: st.DrawFn) -> list[tuple[int, str, int]]:
    """(account index, currency, minor units): in each currency some legs one way and one leg
    the other way for their total, in any order."""
    legs = []
    for currency in draw(
        st.lists(st.sampled_from(CURRENCIES), min_size=1, max_size=3, unique=True)
    ):
        parts = draw(st.lists(amounts, min_size=1, max_size=3))
        sign = draw(st.sampled_from([1, -1]))
        accounts = draw(
            st.lists(
                st.integers(0, len(PATHS) - 1), min_size=len(parts) + 1, max_size=len(parts) + 1
            )
        )
        legs += [(accounts[i], currency, sign * part) for i, part in enumerate(parts)]
        legs.append((accounts[-1], currency, -sign * sum(parts)))
    return draw(st.permutations(legs))


operations = st.lists(
    st.one_of(
        st.tuples(st.just("post"), st.integers(0, 730), balanced_legs()),
        st.tuples(st.just("reverse"), st.integers(0, 730), st.integers(0, 20)),
        st.tuples(st.just("unbalanced"), st.integers(0, 730), balanced_legs()),
    ),
    max_size=10,
)


@pytest.fixture
def chart():  # type: ignore[no-untyped-def]
    treasurer = make_treasurer()
    return treasurer, [account_open(path=path, name=path, acting_user=treasurer) for path in PATHS]


def _legs(accounts: list[Account], spec: list[tuple[int, str, int]]) -> list[LegSpec]:
    return [
        LegSpec(account=accounts[i], money=Money.from_minor(minor, code)) for i, code, minor in spec
    ]


def _apply(treasurer, accounts, operation) -> None:  # type: ignore[no-untyped-def]
    kind, offset, detail = operation
    day = BASE + datetime.timedelta(days=offset)
    if kind == "post":
        entry_record(
            date=day,
            kind=EntryKind.TRANSFER,
            description="Property",
            legs=_legs(accounts, detail),
            acting_user=treasurer,
        )
    elif kind == "unbalanced":
        index, code, minor = detail[0]
        broken = [(index, code, minor + 1), *detail[1:]]
        before = Entry.objects.count()
        # One minor unit more unbalances the entry, or makes a leg of -1 zero.
        refused = r"debits and credits of this entry differ in|A leg of an entry cannot be zero"
        with pytest.raises(TreasuryRuleError, match=refused):
            entry_record(
                date=day,
                kind=EntryKind.TRANSFER,
                description="Broken",
                legs=_legs(accounts, broken),
                acting_user=treasurer,
            )
        assert Entry.objects.count() == before
    else:
        candidates = list(Entry.objects.posted().exclude(kind=EntryKind.REVERSAL).order_by("pk"))
        if candidates:
            target = candidates[detail % len(candidates)]
            try:
                entry_reverse(
                    entry=target,
                    reason="Property",
                    date=max(day, target.date),
                    acting_user=treasurer,
                )
            except TreasuryRuleError:
                assert Entry.objects.filter(reverses=target).exists()


def _sums(start: datetime.date, end: datetime.date) -> dict[tuple[str, str], int]:
    """The legs added up by hand: (section, currency) → minor units, signed as the report reads
    them."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    for kind, currency, minor, day in Leg.objects.filter(entry__posting__isnull=False).values_list(
        "account__kind", "currency", "amount_minor", "entry__date"
    ):
        if day > end:
            continue
        if kind in (AccountKind.INCOME, AccountKind.EXPENSE):
            totals[("net_assets", currency)] -= minor  # what income and expenses left
            if day >= start:
                section = "income" if kind == AccountKind.INCOME else "expenses"
                totals[(section, currency)] += -minor if kind == AccountKind.INCOME else minor
        elif kind == AccountKind.ASSET:
            totals[("assets", currency)] += minor
        else:
            section = "liabilities" if kind == AccountKind.LIABILITY else "net_assets"
            totals[(section, currency)] -= minor
    return totals


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=operations, window=st.tuples(st.integers(0, 800), st.integers(0, 800)))
def test_any_postings_and_reversals_keep_the_books_balanced_and_the_report_exact(  # type: ignore[no-untyped-def]
    chart, ops, window
) -> None:
    treasurer, accounts = chart
    with transaction.atomic():
        for operation in ops:
            _apply(treasurer, accounts, operation)
        unbalanced = [
            row
            for row in Leg.objects.filter(entry__posting__isnull=False)
            .values_list("entry_id", "currency")
            .order_by()
            .annotate(total=Sum("amount_minor"))
            if row[2] != 0
        ]
        assert unbalanced == []
        start = BASE + datetime.timedelta(days=min(window))
        end = BASE + datetime.timedelta(days=max(window))
        report = report_build(start, end)
        expected = _sums(start, end)
        for currency in CURRENCIES:
            for section in ("income", "expenses", "assets", "liabilities", "net_assets"):
                assert report.total(section, currency) == expected.get((section, currency), 0), (
                    section,
                    currency,
                )
            assert report.total("assets", currency) == report.total(
                "liabilities", currency
            ) + report.total("net_assets", currency)
        transaction.set_rollback(True)
