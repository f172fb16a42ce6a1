"""Money: a Decimal amount with its currency, never a float.

The database keeps an amount as a whole number of the currency's minor unit (cents, fils,
yen): SQLite keeps a NUMERIC column with a fraction as a binary float, so sums there would not
be exact, and the balance check in the database must be exact (docs/decisions/0004-ledger.md).
ISO 4217 says how many minor units a currency has (Babel's CLDR data: 2 for PHP, 3 for KWD,
0 for JPY).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import get_currency_precision, is_currency
from django.utils.translation import gettext as _

from alyansa.treasury.errors import TreasuryRuleError

_CODE = re.compile(r"^[A-Z]{3}$")


def check_currency(code: str) -> str:
    """The currency code if ISO 4217 knows it (upper case), else a refusal."""
    code = (code or "").strip().upper()
    if not _CODE.match(code) or not is_currency(code):
        raise TreasuryRuleError(
            _("“%(code)s” is not a currency code (for example USD, PHP, HKD).") % {"code": code}
        )
    return code


def digits(currency: str) -> int:
    """How many decimals the currency's minor unit has."""
    return int(get_currency_precision(currency))


def to_decimal(value: object) -> Decimal:
    """A Decimal from text, an int or a Decimal; floats are refused (they are not exact)."""
    if isinstance(value, float):
        raise TypeError("Money is never a float: pass a Decimal or a string.")
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation as error:
        raise TreasuryRuleError(_("“%(value)s” is not an amount.") % {"value": value}) from error


@dataclass(frozen=True)
class Money:
    """An amount in one currency. Adding two currencies is an error, not a conversion."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            object.__setattr__(self, "amount", to_decimal(self.amount))
        object.__setattr__(self, "currency", check_currency(self.currency))
        if not self.amount.is_finite():
            raise TreasuryRuleError(_("An amount must be a number."))
        exponent = self.amount.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > digits(self.currency):
            quantized = self.amount.quantize(Decimal(1).scaleb(-digits(self.currency)))
            if quantized != self.amount:
                raise TreasuryRuleError(
                    _("%(currency)s amounts have at most %(digits)d decimals.")
                    % {"currency": self.currency, "digits": digits(self.currency)}
                )

    @classmethod
    def of(cls, amount: object, currency: str) -> Money:
        return cls(to_decimal(amount), currency)

    @classmethod
    def from_minor(cls, minor: int, currency: str) -> Money:
        return cls(Decimal(int(minor)).scaleb(-digits(currency)), currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls.from_minor(0, currency)

    @property
    def minor(self) -> int:
        """The amount in the currency's minor unit, as the database keeps it."""
        return int(self.amount.scaleb(digits(self.currency)).to_integral_exact())

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"Cannot add {other.currency} to {self.currency}.")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money.from_minor(self.minor + other.minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money.from_minor(self.minor - other.minor, self.currency)

    def __neg__(self) -> Money:
        return Money.from_minor(-self.minor, self.currency)

    def __abs__(self) -> Money:
        return Money.from_minor(abs(self.minor), self.currency)

    def __str__(self) -> str:
        return f"{format_minor(self.minor, self.currency)} {self.currency}"

    @property
    def plain(self) -> str:
        """The amount with all its decimals and no grouping (1234.50), for files."""
        return f"{self.amount:.{digits(self.currency)}f}"


def format_minor(minor: int, currency: str) -> str:
    """1234550, "USD" → "12,345.50": grouping and the currency's own decimals."""
    amount = Decimal(int(minor)).scaleb(-digits(currency))
    return f"{amount:,.{digits(currency)}f}"


def convert(money: Money, *, rate: Decimal, to: str) -> Money:
    """`money` in another currency at `rate` (units of `to` for one unit of money's currency),
    rounded half-even to the target's minor unit (the rounding banks use)."""
    exact = money.amount * rate
    step = Decimal(1).scaleb(-digits(to))
    return Money(exact.quantize(step), to)
