"""Instants shown on the organization's clock (they are stored in UTC); the columns that
already hold its wall clock (an order's date, as typed) are shown as they are. Amounts
shown as the reader's language writes them, with the organization's currency's decimals
(VND and IDR have none)."""
from decimal import Decimal

from flask_login import current_user

from ..money import fmt
from ..rules.core import clock

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


def amount_text(view, value: Decimal, name=None) -> str:
    """A list's or a page's amount: as the reader's language writes it, in the
    organization's currency's units (money.fmt); a rate finer than the currency keeps
    its decimals."""
    return fmt(value)
