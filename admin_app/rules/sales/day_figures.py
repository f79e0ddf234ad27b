"""Orders and units sold per day, store and SKU (models/day_figures.py), counted as
orders are created and their lines replaced (written when the transaction commits:
rules/core/commit_figures.py), so the dashboard's return rates read a few
rows per day whatever the number of orders. `rebuild` recounts from the orders (the
migration and bench/generate's bulk load); `mismatches` compares (verify-ledger)."""
from collections import Counter

from sqlalchemy import and_, delete, func, insert, literal, select

from ..core import commit_figures
from ..credit import verification
from ...models import Order, OrderLine, SkuUnitsDay, StoreOrdersDay


def count(session, order: Order, lines, sign: int = 1) -> None:
    """Add (sign=1) or take away (sign=-1) the units of some of an order's lines (the
    order and its lines flushed), when the transaction commits."""
    day = order.order_date.date()
    units: Counter = Counter()
    for line in lines:
        units[(order.org_id, day, order.store_id, line.sku_id)] += sign * line.quantity
    commit_figures.add(session, SkuUnitsDay.__tablename__, units)


def count_order(session, order: Order, sign: int = 1) -> None:
    commit_figures.add(session, StoreOrdersDay.__tablename__, Counter(
        {(order.org_id, order.order_date.date(), order.store_id): sign}))


def _recount(org_id: int | None):
    day = func.date(Order.order_date)  # a date on PostgreSQL, its ISO text on SQLite
    units = select(Order.org_id.label("org_id"), day.label("day"),
                   Order.store_id.label("store_id"), OrderLine.sku_id.label("sku_id"),
                   func.sum(OrderLine.quantity).label("n")) \
        .join(OrderLine, OrderLine.order_id == Order.id) \
        .group_by(Order.org_id, day, Order.store_id, OrderLine.sku_id)
    orders = select(Order.org_id.label("org_id"), day.label("day"),
                    Order.store_id.label("store_id"), func.count().label("n")) \
        .group_by(Order.org_id, day, Order.store_id)
    if org_id is not None:
        units, orders = units.where(Order.org_id == org_id), orders.where(Order.org_id == org_id)
    return units, orders


def rebuild(session, org_id: int | None = None) -> None:
    commit_figures.discard(session, (SkuUnitsDay.__tablename__, StoreOrdersDay.__tablename__),
                           org_id)
    units, orders = _recount(org_id)
    for model in (SkuUnitsDay, StoreOrdersDay):
        gone = delete(model)
        session.execute(gone if org_id is None else gone.where(model.org_id == org_id))
    session.execute(insert(SkuUnitsDay).from_select(
        ["org_id", "day", "store_id", "sku_id", "units"], units))
    session.execute(insert(StoreOrdersDay).from_select(
        ["org_id", "day", "store_id", "orders"], orders))


def mismatches(session, org_id: int | None = None) -> list[str]:
    """Where the kept figures differ from a recount of the orders, compared in SQL
    (two outer joins: a figure kept wrong or missing, a figure kept for nothing)."""
    commit_figures.settle(session)
    units, orders = _recount(org_id)
    problems = []
    for model, recount, column in ((SkuUnitsDay, units, "units"),
                                   (StoreOrdersDay, orders, "orders")):
        fresh = recount.subquery()
        kept = select(model).where(*([model.org_id == org_id] if org_id else [])).subquery()
        keys = [c.name for c in model.__table__.primary_key]
        same_key = and_(*(fresh.c[k] == kept.c[k] for k in keys))
        wrong = select(*(fresh.c[k] for k in keys), fresh.c.n, kept.c[column]) \
            .outerjoin(kept, same_key) \
            .where(func.coalesce(kept.c[column], 0) != fresh.c.n)
        stray = select(*(kept.c[k] for k in keys), literal(0), kept.c[column]) \
            .outerjoin(fresh, same_key) \
            .where(fresh.c.org_id.is_(None), kept.c[column] != 0)
        for statement in (wrong, stray):
            problems += [f"{model.__tablename__} "
                         f"{', '.join(f'{k} {v}' for k, v in zip(keys, row))}: "
                         f"{row[-1] or 0} kept, the orders say {row[-2]}"
                         for row in session.execute(statement)]
    return problems


verification.CHECKS.append(mismatches)
commit_figures.table(SkuUnitsDay, "units")
commit_figures.table(StoreOrdersDay, "orders")
