"""Verify the books: every customer's account against the S4 invariants, every order's
money account, total and ledger postings, every after-sales order's refunds against its
lines, and stock against its movements. Every mismatch is reported."""
from sqlalchemy import case, func, select

from . import order_money
from ...models import (
    AfterSalesLine,
    AfterSalesOrder,
    CreditLot,
    Customer,
    LedgerEntry,
    Order,
    OrderLine,
    PaymentAllocation,
    PointLot,
    RefundOrder,
    StockLevel,
    StockMovement,
)
from ...money import ZERO


def _sums(session, column, model, where, customer_ids):
    rows = session.execute(
        select(model.customer_id, func.sum(column)).where(
            model.customer_id.in_(customer_ids), *where).group_by(model.customer_id))
    return {cid: (total or 0) for cid, total in rows}


# Whole-organization checks of later areas (sales' per-day figures), each
# check(session, org_id) -> problems; registered when their module is imported.
CHECKS: list = []


def verify(session, org_id: int | None = None, customer_code: str | None = None,
           batch: int = 500) -> tuple[int, list[str]]:
    """Return (customers checked, problems). Aggregates run in SQL, per batch."""
    query = select(Customer).order_by(Customer.id)
    if org_id is not None:
        query = query.where(Customer.org_id == org_id)
    if customer_code is not None:
        query = query.where(Customer.code == customer_code)
    problems, checked, last_id = [], 0, 0
    if customer_code is None:
        problems += verify_stock(session, org_id)
        for check in CHECKS:
            problems += check(session, org_id)
    while True:
        customers = session.execute(query.where(Customer.id > last_id).limit(batch)) \
            .scalars().all()
        if not customers:
            return checked, problems
        problems += _verify_batch(session, customers)
        ids = [c.id for c in customers]
        problems += verify_orders(session, ids) + verify_aftersales(session, ids)
        checked += len(customers)
        last_id = customers[-1].id


def _verify_batch(session, customers) -> list[str]:
    ids = [c.id for c in customers]
    unsettled = _sums(session, Order.unsettled, Order, [], ids)
    lots = _sums(session, CreditLot.remaining, CreditLot, [], ids)
    point_lots = _sums(session, PointLot.remaining, PointLot, [], ids)
    negatives = dict(session.execute(
        select(Order.customer_id, func.count()).where(
            Order.customer_id.in_(ids),
            (Order.unsettled < 0) | (Order.unsettled > Order.credit_amount))
        .group_by(Order.customer_id)).all())
    bad_lots = dict(session.execute(
        select(CreditLot.customer_id, func.count()).where(
            CreditLot.customer_id.in_(ids),
            (CreditLot.remaining < 0) | (CreditLot.remaining > CreditLot.amount))
        .group_by(CreditLot.customer_id)).all())
    chains = _chains(session, ids)
    problems = []
    for c in customers:
        name = f"{c.code} ({c.name})"
        owed = (unsettled.get(c.id) or ZERO) + c.opening_credit_unsettled
        if c.total_credit != owed:
            problems.append(f"{name}: total credit {c.total_credit} but unsettled orders "
                            f"and opening credit add up to {owed}")
        if c.total_balance != (lots.get(c.id) or ZERO):
            problems.append(f"{name}: balance {c.total_balance} but store-credit lots "
                            f"hold {lots.get(c.id) or ZERO}")
        if c.points != (point_lots.get(c.id) or 0):
            problems.append(f"{name}: {c.points} points but point lots hold "
                            f"{point_lots.get(c.id) or 0}")
        if min(c.total_credit, c.total_balance, c.opening_credit_unsettled) < 0 or c.points < 0:
            problems.append(f"{name}: a negative total")
        if negatives.get(c.id):
            problems.append(f"{name}: {negatives[c.id]} order(s) with unsettled below 0 "
                            "or above their credit")
        if bad_lots.get(c.id):
            problems.append(f"{name}: {bad_lots[c.id]} store-credit lot(s) out of bounds")
        problems += [f"{name}: {p}" for p in _check_chain(c, chains.get(c.id, []))]
    return problems


def _chains(session, ids):
    rows = session.execute(select(
        LedgerEntry.customer_id, LedgerEntry.seq, LedgerEntry.credit_change,
        LedgerEntry.balance_change, LedgerEntry.total_credit, LedgerEntry.total_balance,
    ).where(LedgerEntry.customer_id.in_(ids)).order_by(LedgerEntry.customer_id,
                                                       LedgerEntry.seq))
    chains = {}
    for row in rows:
        chains.setdefault(row.customer_id, []).append(row)
    return chains


def _check_chain(customer, entries) -> list[str]:
    problems, credit, balance = [], ZERO, ZERO
    for expected_seq, e in enumerate(entries, start=1):
        if e.seq != expected_seq:
            problems.append(f"entry #{e.seq} out of sequence (expected #{expected_seq})")
        credit += e.credit_change
        balance += e.balance_change
        if (e.total_credit, e.total_balance) != (credit, balance):
            problems.append(f"entry #{e.seq} totals {e.total_credit}/{e.total_balance} "
                            f"but the changes add up to {credit}/{balance}")
            credit, balance = e.total_credit, e.total_balance
        if e.total_credit < 0 or e.total_balance < 0:
            problems.append(f"entry #{e.seq} has a negative total")
    if (credit, balance) != (customer.total_credit, customer.total_balance):
        problems.append(f"newest entry totals {credit}/{balance} differ from the "
                        f"customer's {customer.total_credit}/{customer.total_balance}")
    return problems


ORDER_COLUMNS = ("id", "number", "total", "fee", "payment_method", "payment_taken", "shipped_at",
                 "received", "settled", "balance_used", "points_value", "goods_received",
                 "credit_amount", "unsettled", "on_ledger", "refunded_total",
                 "credit_offset", "compensation",
                 *(col for col, _, _ in order_money.WAYS.values()))


def verify_orders(session, customer_ids) -> list[str]:
    """Each order of these customers: its money account gives back no more than came in,
    its lines add up to its total, its payments to what it settled, and its ledger
    postings to its total and its credit."""
    of_customers = select(Order.id).where(Order.customer_id.in_(customer_ids))
    lines = dict(session.execute(select(OrderLine.order_id, func.sum(OrderLine.amount))
                                 .where(OrderLine.order_id.in_(of_customers))
                                 .group_by(OrderLine.order_id)).all())
    paid = dict(session.execute(
        select(PaymentAllocation.order_id, func.sum(PaymentAllocation.amount))
        .where(PaymentAllocation.order_id.in_(of_customers))
        .group_by(PaymentAllocation.order_id)).all())
    is_order = LedgerEntry.doc_type == "order"
    postings = {row.order_id: row for row in session.execute(
        select(LedgerEntry.order_id, func.sum(LedgerEntry.credit_change).label("credit"),
               func.count(case((is_order, 1))).label("entries"),
               func.sum(case((is_order, LedgerEntry.receivable), else_=0)).label("total"))
        .where(LedgerEntry.customer_id.in_(customer_ids),
               LedgerEntry.order_id.is_not(None)).group_by(LedgerEntry.order_id))}
    problems = []
    for o in session.execute(select(*(getattr(Order, c) for c in ORDER_COLUMNS)).where(
            Order.customer_id.in_(customer_ids))):
        found = _order_problems(o, lines.get(o.id, ZERO), paid.get(o.id, ZERO),
                                postings.get(o.id))
        problems += [f"order {o.number}: {p}" for p in found]
    return problems


def _order_problems(o, lines, paid, posted) -> list[str]:
    out = [f"money account: {p}" for p in order_money.of(o).problems()]
    if lines + o.fee != o.total:
        out.append(f"lines add up to {lines} (fee {o.fee}), the total is {o.total}")
    if o.refunded_total > o.total:
        out.append(f"refunds of {o.refunded_total} exceed the total {o.total}")
    if paid != o.settled:
        out.append(f"payments allocated {paid}, settled says {o.settled}")
    if not ZERO <= o.unsettled <= o.credit_amount - o.settled - o.credit_offset:
        out.append(f"unsettled {o.unsettled} outside 0..credit {o.credit_amount} less "
                   f"settled {o.settled} and refund offsets {o.credit_offset}")
    if o.on_ledger:
        if posted is None or posted.entries != 1 or posted.total != o.total:
            out.append(f"one order entry of {o.total} expected on the ledger")
        elif posted.credit != o.unsettled + o.settled:
            out.append(f"ledger credit changes add up to {posted.credit}, but unsettled "
                       f"{o.unsettled} + settled {o.settled} = {o.unsettled + o.settled}")
    elif o.credit_amount or (posted is not None and (posted.entries or posted.credit)):
        out.append("not on the ledger, yet it has credit or an order entry")
    return out


def verify_aftersales(session, customer_ids) -> list[str]:
    """Each after-sales order: R and E are its lines, refunded is its confirmed refund
    orders, and never more than was returned."""
    of_customers = select(AfterSalesOrder.id).where(
        AfterSalesOrder.customer_id.in_(customer_ids))
    sums = {}
    for aso_id, kind, amount in session.execute(
            select(AfterSalesLine.aftersales_id, AfterSalesLine.kind,
                   func.sum(AfterSalesLine.amount))
            .where(AfterSalesLine.aftersales_id.in_(of_customers))
            .group_by(AfterSalesLine.aftersales_id, AfterSalesLine.kind)):
        sums[aso_id, kind] = amount
    refunds = dict(session.execute(
        select(RefundOrder.aftersales_id, func.sum(RefundOrder.amount))
        .where(RefundOrder.aftersales_id.in_(of_customers),
               RefundOrder.status == "confirmed").group_by(RefundOrder.aftersales_id)).all())
    problems = []
    for a in session.execute(select(
            AfterSalesOrder.id, AfterSalesOrder.number, AfterSalesOrder.returned_amount,
            AfterSalesOrder.exchange_amount, AfterSalesOrder.refunded)
            .where(AfterSalesOrder.customer_id.in_(customer_ids))):
        r, e = sums.get((a.id, "return"), ZERO), sums.get((a.id, "exchange"), ZERO)
        refunded = refunds.get(a.id, ZERO)
        if (a.returned_amount, a.exchange_amount) != (r, e):
            problems.append(f"after-sales {a.number}: R/E {a.returned_amount}/"
                            f"{a.exchange_amount} but its lines add up to {r}/{e}")
        if a.refunded != refunded:
            problems.append(f"after-sales {a.number}: refunded {a.refunded} but its "
                            f"confirmed refund orders add up to {refunded}")
        if a.refunded > a.returned_amount:
            problems.append(f"after-sales {a.number}: refunded {a.refunded} is more than "
                            f"was returned ({a.returned_amount})")
    return problems


def verify_stock(session, org_id: int | None = None) -> list[str]:
    """Every stock level equals the sum of its movements, and none is negative."""
    moved = select(StockMovement.sku_id, StockMovement.warehouse_id,
                   func.sum(case((StockMovement.quality == "qualified",
                                  StockMovement.quantity), else_=0)).label("q"),
                   func.sum(case((StockMovement.quality == "unqualified",
                                  StockMovement.quantity), else_=0)).label("u")) \
        .group_by(StockMovement.sku_id, StockMovement.warehouse_id)
    levels = select(StockLevel.id, StockLevel.sku_id, StockLevel.warehouse_id,
                    StockLevel.qualified, StockLevel.unqualified)
    if org_id is not None:
        moved = moved.where(StockMovement.org_id == org_id)
        levels = levels.where(StockLevel.org_id == org_id)
    sums = {(m.sku_id, m.warehouse_id): (m.q, m.u) for m in session.execute(moved)}
    problems = []
    for level in session.execute(levels):
        expected = sums.pop((level.sku_id, level.warehouse_id), (0, 0))
        if (level.qualified, level.unqualified) != tuple(expected):
            problems.append(f"stock level {level.id}: {level.qualified}/"
                            f"{level.unqualified} but its movements add up to "
                            f"{expected[0]}/{expected[1]}")
    problems += [f"stock of SKU {sku} in warehouse {wh} moved without a level"
                 for (sku, wh), qty in sums.items() if any(qty)]
    return problems
