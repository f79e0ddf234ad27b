"""Instants shown on the organization's clock (they are stored in UTC); the columns that
already hold its wall clock (an order's date, as typed) are shown as they are. Amounts
shown with the organization's currency's decimals (VND and IDR have none)."""
from decimal import Decimal

from flask import has_request_context
from flask_login import current_user

from ..rules.core import clock, currency

WALL_CLOCK_COLUMNS = frozenset({"order_date", "last_order"})


def local_text(value, name: str | None = None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    if value is None:
        return ""
    if name not in WALL_CLOCK_COLUMNS:
        org = getattr(current_user, "org", None)
        value = clock.local_time(org, value)
    return value.strftime(pattern)


def register(app) -> None:
    @app.template_filter("local")
    def local_filter(value, pattern: str = "%Y-%m-%d %H:%M"):
        """{{ row.created_at|local }}: an instant on the organization's clock."""
        return local_text(value, None, pattern)


def org_places() -> int:
    org = getattr(current_user, "org", None) if has_request_context() else None
    return currency.minor_units(org.currency) if org is not None else 2


def amount_text(view, value: Decimal, name=None):
    """A list's or a page's amount: in a currency without decimals, a whole amount shows
    none (150000, not 150000.00); anything else (a rate per dong) shows as it is, never
    rounded away."""
    if org_places() == 0 and value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value
