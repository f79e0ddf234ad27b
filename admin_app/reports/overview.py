"""Aggregates for dashboards, computed in SQL."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func, literal

from ..rules.core import clock
from ..models import ORDER_STATUSES, Order, StockLevel, Warehouse
from ..money import ZERO

DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    """A dashboard's date range (both days included, the organization's days) and
    optional store. `zone`: the organization's time zone, for columns that hold instants
    (UTC): a refund decided at 23:30 UTC counts on Manila's next day."""
    start: date
    end: date
    store_id: int | None = None
    zone: str | None = None

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def until(self) -> datetime:  # exclusive
        return datetime.combine(self.end + timedelta(days=1), time.min)

    def covers(self, column):
        """For a column of the organization's dates and wall-clock times (order date)."""
        return (column >= self.since, column < self.until)

    def covers_instants(self, column):
        """For a column of instants stored in UTC (created_at, decided_at)."""
        return (column >= clock.day_start_utc(self.zone, self.start),
                column < clock.day_start_utc(self.zone, self.end + timedelta(days=1)))

    def weeks(self) -> list[date]:
        """The Mondays of the weeks the period touches."""
        first = self.start - timedelta(days=self.start.weekday())
        return [first + timedelta(weeks=n) for n in range((self.end - first).days // 7 + 1)]

    def week_of(self, column):
        """In SQL, the Monday of the organization's week an instant (UTC) falls in,
        for instants inside the period: a refund at 23:00 UTC on a Sunday counts in
        Manila's next week."""
        return case(*[(column < clock.day_start_utc(self.zone, w + timedelta(days=7)),
                       literal(w.isoformat())) for w in self.weeks()])

    @classmethod
    def last_days(cls, today: date, days: int = DEFAULT_DAYS, store_id=None, zone=None):
        return cls(today - timedelta(days=days - 1), today, store_id, zone)


def orders_by_status(session, org_id: int, period: Period) -> list[tuple[str, int, object]]:
    query = session.query(Order.status, func.count(Order.id), func.sum(Order.total)).filter(
        Order.org_id == org_id, *period.covers(Order.order_date))
    if period.store_id:
        query = query.filter(Order.store_id == period.store_id)
    rows = {status: (count, total) for status, count, total in query.group_by(Order.status)}
    return [(label, rows.get(code, (0, ZERO))[0], rows.get(code, (0, ZERO))[1] or ZERO)
            for code, label in ORDER_STATUSES.items()]


def unqualified_by_warehouse(session, org_id: int) -> list[tuple[str, int]]:
    return session.query(Warehouse.name, func.sum(StockLevel.unqualified)).join(
        StockLevel, StockLevel.warehouse_id == Warehouse.id
    ).filter(StockLevel.org_id == org_id).group_by(Warehouse.name).order_by(
        Warehouse.name).all()
