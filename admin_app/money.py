"""Money: Decimal in Python, integer cents in the database (SPEC S9).

One column type, `Money`, so SQLite and PostgreSQL both add amounts up exactly, and one
rounding function, `quantize`, applied once where an amount is stored.
"""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import BigInteger
from sqlalchemy.types import TypeDecorator
from .rules.core import currency

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
# The largest amount any form accepts: far above any order, far below BIGINT cents.
MAX_AMOUNT = Decimal("999999999999.99")


def quantize(value) -> Decimal:
    """Round half-up to 2 places. Refuses floats: they are already inexact."""
    if isinstance(value, float):
        raise TypeError("money must not be a float; pass a Decimal or a string")
    try:
        return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {value!r}") from exc


def to_cents(value) -> int:
    return int(quantize(value) * 100)


def from_cents(cents: int) -> Decimal:
    return Decimal(int(cents)).scaleb(-2)


def fmt(value, symbol: bool = False) -> str:
    """An amount for people: the reader's language's separators and the organization's
    currency's minor units, with its sign if `symbol` (rules/core/currency.text)."""
    return currency.text(value, symbol=symbol)


class Money(TypeDecorator):
    """Stores a Decimal amount as BIGINT cents; SUM() comes back as Decimal too."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else to_cents(value)

    def process_result_value(self, value, dialect):
        return None if value is None else from_cents(value)


RATE_PLACES = 6
MAX_RATE = Decimal("1000")


class Rate(TypeDecorator):
    """A rate that is not money (points earned per unit of currency spent): a Decimal of
    up to 6 places, stored as BIGINT millionths. A shop in dong earns a point per
    1,000 with 0.001, which an amount's 2 places cannot hold."""

    impl = BigInteger
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return None if value is None else int(Decimal(value).scaleb(RATE_PLACES))

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(int(value)).scaleb(-RATE_PLACES)
