"""After-sales figures for managers (SPEC S8), aggregated in SQL."""
from datetime import date, timedelta

from sqlalchemy import func, select

from ..models import (AFTERSALES_STATUSES, AFTERSALES_TYPES, REFUND_METHODS,
                      AfterSalesLine, AfterSalesOrder, Order, OrderLine, RefundOrder, Sku,
                      Store)
from ..money import ZERO


def by_type_and_status(session, org_id: int) -> dict:
    """{type label: [count per status, in pipeline order]}"""
    rows = session.execute(select(AfterSalesOrder.kind, AfterSalesOrder.status, func.count())
                           .where(AfterSalesOrder.org_id == org_id)
                           .group_by(AfterSalesOrder.kind, AfterSalesOrder.status)).all()
    counts = {(k, s): n for k, s, n in rows}
    return {label: [counts.get((kind, status), 0) for status in AFTERSALES_STATUSES]
            for kind, label in AFTERSALES_TYPES.items()}


def refunds_by_method_per_week(session, org_id: int, since: date):
    day = func.date(RefundOrder.decided_at)
    rows = session.execute(
        select(day, RefundOrder.method, func.sum(RefundOrder.amount)).where(
            RefundOrder.org_id == org_id, RefundOrder.status == "confirmed",
            RefundOrder.decided_at >= since).group_by(day, RefundOrder.method)).all()
    weeks: dict = {}
    for d, method, amount in rows:
        d = d if isinstance(d, date) else date.fromisoformat(str(d))
        start = d - timedelta(days=d.weekday())
        bucket = weeks.setdefault(start, {m: ZERO for m in REFUND_METHODS})
        bucket[method] += amount
    labels = sorted(weeks)
    return labels, {REFUND_METHODS[m]: [weeks[w][m] for w in labels] for m in REFUND_METHODS}


def return_rate_by_sku(session, org_id: int, limit: int = 10):
    """(SKU code, units sold, units returned) for the SKUs returned most, by rate."""
    sold = select(OrderLine.sku_id, func.sum(OrderLine.quantity).label("sold")).where(
        OrderLine.org_id == org_id).group_by(OrderLine.sku_id).subquery()
    returned = select(AfterSalesLine.sku_id, func.sum(AfterSalesLine.quantity).label("ret")) \
        .join(AfterSalesOrder, AfterSalesOrder.id == AfterSalesLine.aftersales_id).where(
            AfterSalesLine.org_id == org_id, AfterSalesLine.kind == "return",
            AfterSalesOrder.status != "cancelled").group_by(AfterSalesLine.sku_id).subquery()
    rate = returned.c.ret * 1.0 / sold.c.sold
    return session.execute(
        select(Sku.code, sold.c.sold, returned.c.ret).join(sold, sold.c.sku_id == Sku.id)
        .join(returned, returned.c.sku_id == Sku.id).order_by(rate.desc()).limit(limit)).all()


def return_rate_by_channel(session, org_id: int):
    """(channel, orders, after-sales orders)"""
    orders = select(Store.channel, func.count(Order.id).label("orders")).join(
        Order, Order.store_id == Store.id).where(Store.org_id == org_id) \
        .group_by(Store.channel).subquery()
    asos = select(Store.channel, func.count(AfterSalesOrder.id).label("asos")).join(
        Order, Order.store_id == Store.id).join(
        AfterSalesOrder, AfterSalesOrder.order_id == Order.id).where(
        Store.org_id == org_id, AfterSalesOrder.status != "cancelled") \
        .group_by(Store.channel).subquery()
    return session.execute(
        select(orders.c.channel, orders.c.orders, func.coalesce(asos.c.asos, 0))
        .outerjoin(asos, asos.c.channel == orders.c.channel)
        .order_by(orders.c.channel)).all()
