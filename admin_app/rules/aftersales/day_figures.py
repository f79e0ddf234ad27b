"""After-sales orders and returned units per day, store, kind and status (models/
day_figures.py), kept as after-sales orders are created and move, so the dashboard reads
a few rows per day instead of every after-sales order of its period.

They are kept from the session's flush: every way an after-sales order is made (a page,
the API, an import of thousands, a distributor's push, a platform's claim) or moved goes
through it. A transaction's changes are summed and written when it commits, one upsert
per table in key order (rules/core/commit_figures.py). `rebuild`
recounts from the after-sales orders (the migration, bench/generate's bulk load);
`mismatches` compares (verify-ledger)."""
from collections import Counter

from sqlalchemy import delete, event, func, inspect, select
from sqlalchemy.orm import Session

from ..core import clock, commit_figures
from ..credit import verification
from ...models import (AfterSalesDay, AfterSalesLine, AfterSalesOrder, Order, Organization,
                       SkuReturnsDay)

CANCELLED = "cancelled"


def _where(session, aso) -> tuple:
    """(org, the organization's date of its creation, the order's store)"""
    org = session.get(Organization, aso.org_id)
    order = session.get(Order, aso.order_id)
    return aso.org_id, clock.business_date(org, aso.created_at), order.store_id


def _add(session, aso, status: str, sign: int, counts: Counter, units: Counter,
         lines: bool = True) -> None:
    org_id, day, store_id = _where(session, aso)
    counts[(org_id, day, store_id, aso.kind, status)] += sign
    if lines and status != CANCELLED:
        for line in aso.lines:
            if line.kind == "return":
                units[(org_id, day, store_id, line.sku_id)] += sign * line.quantity


def changes(session) -> tuple[Counter, Counter]:
    """What this flush changes: (after-sales orders by key, returned units by key)."""
    counts: Counter = Counter()
    units: Counter = Counter()
    for aso in session.new:
        if isinstance(aso, AfterSalesOrder):
            _add(session, aso, aso.status, 1, counts, units)
    for aso in session.dirty:
        if isinstance(aso, AfterSalesOrder):
            history = inspect(aso).attrs.status.history
            if history.deleted and history.added and history.deleted[0] != history.added[0]:
                before, after = history.deleted[0], history.added[0]
                # the returned units change only when it is cancelled (or brought back)
                lines = (before == CANCELLED) != (after == CANCELLED)
                _add(session, aso, before, -1, counts, units, lines)
                _add(session, aso, after, 1, counts, units, lines)
    for aso in session.deleted:
        if isinstance(aso, AfterSalesOrder):
            _add(session, aso, inspect(aso).attrs.status.loaded_value, -1, counts, units)
    return counts, units


@event.listens_for(Session, "after_flush")
def _keep(session, flush_context) -> None:
    if not any(isinstance(o, AfterSalesOrder)
               for rows in (session.new, session.dirty, session.deleted) for o in rows):
        return
    counts, units = changes(session)
    commit_figures.add(session, AfterSalesDay.__tablename__, counts)
    commit_figures.add(session, SkuReturnsDay.__tablename__, units)


def recount(session, org_id: int | None = None) -> tuple[Counter, Counter]:
    """The figures as the after-sales orders hold them now. Each one's day is its
    organization's date, found in Python: SQLite has no time zones."""
    zones = {org.id: org for org in session.scalars(select(Organization))}
    asos = select(AfterSalesOrder.id, AfterSalesOrder.org_id, AfterSalesOrder.created_at,
                  Order.store_id, AfterSalesOrder.kind, AfterSalesOrder.status) \
        .join(Order, Order.id == AfterSalesOrder.order_id)
    lines = select(AfterSalesLine.aftersales_id, AfterSalesLine.sku_id,
                   func.sum(AfterSalesLine.quantity)) \
        .join(AfterSalesOrder, AfterSalesOrder.id == AfterSalesLine.aftersales_id) \
        .where(AfterSalesLine.kind == "return", AfterSalesOrder.status != CANCELLED) \
        .group_by(AfterSalesLine.aftersales_id, AfterSalesLine.sku_id)
    if org_id is not None:
        asos = asos.where(AfterSalesOrder.org_id == org_id)
        lines = lines.where(AfterSalesOrder.org_id == org_id)
    counts: Counter = Counter()
    where = {}
    for aso_id, org, created, store_id, kind, status in session.execute(asos):
        where[aso_id] = (org, clock.business_date(zones[org], created), store_id)
        counts[(*where[aso_id], kind, status)] += 1
    units: Counter = Counter()
    for aso_id, sku_id, n in session.execute(lines):
        units[(*where[aso_id], sku_id)] += n
    return counts, units


def _kept(session, model, column: str, org_id: int | None) -> Counter:
    keys = [c.name for c in model.__table__.primary_key]
    query = select(*(getattr(model, k) for k in keys), getattr(model, column))
    if org_id is not None:
        query = query.where(model.org_id == org_id)
    return Counter({tuple(row[:-1]): row[-1] for row in session.execute(query) if row[-1]})


def rebuild(session, org_id: int | None = None) -> None:
    commit_figures.discard(session, (AfterSalesDay.__tablename__, SkuReturnsDay.__tablename__),
                           org_id)
    counts, units = recount(session, org_id)
    connection = session.connection()
    for model, column, figures in ((AfterSalesDay, "count", counts),
                                   (SkuReturnsDay, "units", units)):
        gone = delete(model)
        connection.execute(gone if org_id is None else gone.where(model.org_id == org_id))
        commit_figures.upsert(connection, model, column, figures)


def mismatches(session, org_id: int | None = None) -> list[str]:
    """Where the kept figures differ from a recount of the after-sales orders."""
    commit_figures.settle(session)
    counts, units = recount(session, org_id)
    problems = []
    for model, column, fresh in ((AfterSalesDay, "count", counts),
                                 (SkuReturnsDay, "units", units)):
        kept = _kept(session, model, column, org_id)
        for key in sorted(set(kept) | {k for k, n in fresh.items() if n}, key=str):
            if kept.get(key, 0) != fresh.get(key, 0):
                problems.append(f"{model.__tablename__} {key}: {kept.get(key, 0)} kept, "
                                f"the after-sales orders say {fresh.get(key, 0)}")
    return problems


verification.CHECKS.append(mismatches)
commit_figures.table(AfterSalesDay, "count")
commit_figures.table(SkuReturnsDay, "units")
