"""Verify a customer's account against the S4 invariants; every mismatch is reported."""
from sqlalchemy import func, select

from ..models import CreditLot, Customer, LedgerEntry, Order, PointLot
from ..money import ZERO


def _sums(session, column, model, where, customer_ids):
    rows = session.execute(
        select(model.customer_id, func.sum(column)).where(
            model.customer_id.in_(customer_ids), *where).group_by(model.customer_id))
    return {cid: (total or 0) for cid, total in rows}


def verify(session, org_id: int | None = None, customer_code: str | None = None,
           batch: int = 500) -> tuple[int, list[str]]:
    """Return (customers checked, problems). Aggregates run in SQL, per batch."""
    query = select(Customer).order_by(Customer.id)
    if org_id is not None:
        query = query.where(Customer.org_id == org_id)
    if customer_code is not None:
        query = query.where(Customer.code == customer_code)
    problems, checked, last_id = [], 0, 0
    while True:
        customers = session.execute(query.where(Customer.id > last_id).limit(batch)) \
            .scalars().all()
        if not customers:
            return checked, problems
        problems += _verify_batch(session, customers)
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
