"""Time filters typed on the organization's clock (SPEC S9): the lists show stored
instants (UTC) on that clock, so "Created between 2026-11-02 00:00 and 23:59" means the
shop's 2 November, and the typed times are turned into UTC before they are compared.
Columns that already hold the shop's wall clock (an order's date) are compared as typed."""
from datetime import datetime, timezone

from flask_admin.contrib.sqla.filters import FilterConverter
from flask_admin.model import filters
from flask_login import current_user

from ..rules.core import clock
from .local_time import WALL_CLOCK_COLUMNS


def _utc(at: datetime) -> datetime:
    org = getattr(current_user, "org", None)
    local = at.replace(tzinfo=clock.zone(getattr(org, "timezone", None)))
    return local.astimezone(timezone.utc).replace(tzinfo=None)


def _on_the_shops_clock(filter_class):
    class Typed(filter_class):
        def clean(self, value):
            cleaned = super().clean(value)
            return [_utc(v) for v in cleaned] if isinstance(cleaned, list) else _utc(cleaned)
    Typed.__name__ = Typed.__qualname__ = filter_class.__name__
    return Typed


class ShopClockConverter(FilterConverter):
    instant_filters = tuple(_on_the_shops_clock(f) for f in FilterConverter.datetime_filters)

    @filters.convert("datetime", "datetime2", "timestamp", "smalldatetime")
    def conv_datetime(self, column, name, **kwargs):
        kinds = self.datetime_filters if getattr(column, "key", None) in WALL_CLOCK_COLUMNS \
            else self.instant_filters
        return [f(column, name, **kwargs) for f in kinds]
