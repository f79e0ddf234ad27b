"""A webhook's values written as the API writes them (SPEC S9, S11): amounts with the
organization's currency's decimals, instants with its offset, the wall-clock times it
typed (an order's date) in its zone. Audit rows keep plain values: a Decimal's own
digits and naive UTC times; a receiver could not tell 450000.00 dong from a price, nor
an instant from a wall-clock time."""
from datetime import datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import DateTime, inspect as sa_inspect

from . import clock, currency
from ...money import Money

# values an event carries that are not columns of its row: a deadline's instant and
# what missing it cost (rules/platforms: alerts, deadlines)
NOT_COLUMNS = {"due_at": DateTime(), "amount": Money()}


def written(org, obj, changes: dict) -> dict:
    """`changes` (column -> audit value) of `obj`, each column's value as the API
    writes it; other keys as they are."""
    if obj is None or org is None:
        return changes
    columns = sa_inspect(type(obj)).columns
    out = {}
    for key, value in changes.items():
        column = columns.get(key)
        kind = column.type if column is not None else NOT_COLUMNS.get(key)
        out[key] = value if kind is None or value is None else _value(org, key, kind, value)
    return out


def _value(org, key: str, kind, value):
    try:
        if isinstance(kind, Money):
            return str(currency.quantize(Decimal(str(value)), org.currency))
        if isinstance(kind, DateTime):
            at = datetime.fromisoformat(str(value))
            if key in clock.WALL_CLOCK_COLUMNS:
                return at.replace(tzinfo=clock.zone(org.timezone)).isoformat()
            return clock.local_time(org, at).isoformat()
    except (InvalidOperation, ValueError, TypeError):
        pass  # not a value of its column (a message's own words): as it was
    return value
