"""After-sales figures for managers (SPEC S8), aggregated in SQL over a dashboard
period (reports.Period): after-sales and refunds created in it, orders dated in it."""
from datetime import date, timedelta

from sqlalchemy import func, literal, select, union_all

from ..models import (
    REFUND_METHODS,
    AfterSalesDay,
    AfterSalesOrder,
    DeadlineMark,
    Order,
    RefundOrder,
    Sku,
    SkuReturnsDay,
    SkuUnitsDay,
    Store,
    StoreOrdersDay,
)
from ..money import ZERO
from ..rules.aftersales.kinds import KIND_NAMES, STATUSES
from ..rules.core import clock, commit_figures


def by_type_and_status(session, org_id: int, period) -> dict:
    """{type label: [count per status, in pipeline order]}"""
    rows = session.execute(
        select(AfterSalesDay.kind, AfterSalesDay.status, func.sum(AfterSalesDay.count))
        .where(*_days(session, AfterSalesDay, org_id, period))
        .group_by(AfterSalesDay.kind, AfterSalesDay.status)).all()
    counts = {(k, s): n for k, s, n in rows}
    return {label: [counts.get((kind, status), 0) for status in STATUSES]
            for kind, label in KIND_NAMES.items()}


def refunds_by_method_per_week(session, org_id: int, period):
    week = period.week_of(RefundOrder.decided_at)
    query = select(week, RefundOrder.method, func.sum(RefundOrder.amount)).where(
        RefundOrder.org_id == org_id, RefundOrder.status == "confirmed",
        *period.covers_instants(RefundOrder.decided_at))
    if period.store_id:
        query = query.join(AfterSalesOrder, AfterSalesOrder.id == RefundOrder.aftersales_id) \
            .join(Order, Order.id == AfterSalesOrder.order_id) \
            .where(Order.store_id == period.store_id)
    rows = session.execute(query.group_by(week, RefundOrder.method)).all()
    weeks: dict = {}
    for start, method, amount in rows:
        bucket = weeks.setdefault(date.fromisoformat(start), {m: ZERO for m in REFUND_METHODS})
        bucket[method] += amount
    labels = sorted(weeks)
    return labels, {REFUND_METHODS[m]: [weeks[w][m] for w in labels] for m in REFUND_METHODS}


def _days(session, model, org_id, period):
    """The kept per-day figures of the period (rules/sales/day_figures.py,
    rules/aftersales/day_figures.py), with what this transaction changed."""
    commit_figures.settle(session)
    where = [model.org_id == org_id, model.day >= period.start, model.day <= period.end]
    if period.store_id:
        where.append(model.store_id == period.store_id)
    return where


def return_rate_by_sku(session, org_id: int, period, limit: int = 10):
    """(SKU code, units sold, units returned) for the SKUs returned most, by rate: units
    on orders dated in the period, against units on returns created in it."""
    sold = select(SkuUnitsDay.sku_id, func.sum(SkuUnitsDay.units).label("sold")).where(
        *_days(session, SkuUnitsDay, org_id, period)).group_by(SkuUnitsDay.sku_id).subquery()
    returned = select(SkuReturnsDay.sku_id, func.sum(SkuReturnsDay.units).label("ret")).where(
        *_days(session, SkuReturnsDay, org_id, period)).group_by(SkuReturnsDay.sku_id) \
        .having(func.sum(SkuReturnsDay.units) > 0).subquery()  # cancelled ones leave 0s
    rate = returned.c.ret * 1.0 / sold.c.sold
    return session.execute(
        select(Sku.code, sold.c.sold, returned.c.ret).join(sold, sold.c.sku_id == Sku.id)
        .join(returned, returned.c.sku_id == Sku.id).where(sold.c.sold > 0)
        .order_by(rate.desc()).limit(limit)).all()


def return_rate_by_channel(session, org_id: int, period):
    """(channel, orders dated in the period, after-sales orders created in it)"""
    orders = select(Store.channel, func.sum(StoreOrdersDay.orders).label("orders")).join(
        StoreOrdersDay, StoreOrdersDay.store_id == Store.id).where(
        *_days(session, StoreOrdersDay, org_id, period))
    asos = select(Store.channel, func.sum(AfterSalesDay.count).label("asos")).join(
        AfterSalesDay, AfterSalesDay.store_id == Store.id).where(
        *_days(session, AfterSalesDay, org_id, period), AfterSalesDay.status != "cancelled")
    by_order = orders.group_by(Store.channel).subquery()
    by_aso = asos.group_by(Store.channel).subquery()
    return session.execute(
        select(by_order.c.channel, by_order.c.orders, func.coalesce(by_aso.c.asos, 0))
        .outerjoin(by_aso, by_aso.c.channel == by_order.c.channel)
        .where(by_order.c.orders > 0)
        .order_by(by_order.c.channel)).all()


def missed_deadlines_per_week(session, org_id: int, period):
    """[(week's Monday, deadlines missed, what they cost)] for the weeks of the period:
    the platforms' seller deadlines that passed unanswered (SPEC S12), each week's
    bounds on the organization's calendar, summed in SQL."""
    weeks = period.weeks()
    start, end = period.covers_instants(DeadlineMark.due_at)
    parts = [select(literal(n).label("week"), func.count(DeadlineMark.id),
                    func.coalesce(func.sum(DeadlineMark.amount), 0)).where(
        DeadlineMark.org_id == org_id, DeadlineMark.what == "missed", start, end,
        DeadlineMark.due_at >= clock.day_start_utc(period.zone, week),
        DeadlineMark.due_at < clock.day_start_utc(period.zone, week + timedelta(days=7)))
        for n, week in enumerate(weeks)]
    found = {n: (count, amount) for n, count, amount in session.execute(union_all(*parts))}
    return [(week, found[n][0], found[n][1]) for n, week in enumerate(weeks)]
