"""How values are written in the API's JSON: money as a string with the currency's
decimals (the currency code beside it), instants as ISO 8601 with the organization's
offset, business dates as ISO dates."""
from datetime import date, datetime
from decimal import Decimal

from ..rules.core import clock, currency


def money(amount: Decimal | None, code: str) -> str | None:
    if amount is None:
        return None
    return str(currency.quantize(amount, code))


def instant(org, at: datetime | None) -> str | None:
    """A stored instant (naive UTC) on the organization's clock."""
    return clock.local_time(org, at).isoformat() if at is not None else None


def wall(org, at: datetime | None) -> str | None:
    """A wall-clock time the organization typed (an order's date): its zone attached."""
    if at is None:
        return None
    return at.replace(tzinfo=clock.zone(org.timezone)).isoformat()


def day(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
