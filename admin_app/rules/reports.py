"""Aggregates for dashboards, computed in SQL."""
from datetime import timedelta

from sqlalchemy import func

from ..models import ORDER_STATUSES, Order, StockLevel, Warehouse, utcnow
from ..money import ZERO


def orders_by_status(session, org_id: int, days: int = 30) -> list[tuple[str, int, object]]:
    since = utcnow() - timedelta(days=days)
    rows = dict(
        (status, (count, total))
        for status, count, total in session.query(
            Order.status, func.count(Order.id), func.sum(Order.total)
        ).filter(Order.org_id == org_id, Order.order_date >= since)
        .group_by(Order.status)
    )
    return [(label, rows.get(code, (0, ZERO))[0], rows.get(code, (0, ZERO))[1] or ZERO)
            for code, label in ORDER_STATUSES.items()]


def unqualified_by_warehouse(session, org_id: int) -> list[tuple[str, int]]:
    return session.query(Warehouse.name, func.sum(StockLevel.unqualified)).join(
        StockLevel, StockLevel.warehouse_id == Warehouse.id
    ).filter(StockLevel.org_id == org_id).group_by(Warehouse.name).order_by(
        Warehouse.name).all()
