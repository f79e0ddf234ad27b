"""Customer reconciliation and credit figures, aggregated in SQL (SPEC S4, S8)."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, literal, or_, select, true, type_coerce, union_all
from sqlalchemy.orm import undefer

from ..rules.core.messages import Labels
from ..rules.core.messages._marker import _

from ..models import Customer, CustomerLevel, Order, PaymentAllocation, PaymentReceipt
from ..money import ZERO, Money
from .text_search import match

AGING_BUCKETS = ("0-30", "31-60", "61-90", "90+")
CREDIT_STATUS = Labels({"all": "All customers", "has": "Has credit amount",
                        "none": "No credit amount"})
TERM_STATUS = Labels({"": "Any", "no_term": "No credit term", "due": "Due",
                      "not_due": "Not yet due"})


@dataclass
class Overview:
    credit_customers: int
    total_credit: object
    due_customers: int
    due_amount: object


def _overdue(org_id: int, today: date):
    return (Order.org_id == org_id, Order.unsettled > 0, Order.credit_due_date < today)


def _in_store(store_id: int | None) -> tuple:
    """Orders of the chosen store (S8): a store's credit is what its orders still owe;
    opening credit belongs to no store."""
    return (Order.store_id == store_id,) if store_id else ()


def overview(session, org_id: int, today: date, store_id: int | None = None) -> Overview:
    """One statement: the customers' totals beside the overdue orders' totals."""
    if store_id:  # the customers owing on the store's orders, and what they owe there
        customers = select(func.count(func.distinct(Order.customer_id)).label("n"),
                           func.coalesce(func.sum(Order.unsettled), 0).label("credit")
                           ).where(Order.org_id == org_id, Order.unsettled > 0,
                                   Order.store_id == store_id).subquery()
    else:
        customers = select(func.count(case((Customer.credit_allowed, 1))).label("n"),
                           func.coalesce(func.sum(Customer.total_credit), 0).label("credit")
                           ).where(Customer.org_id == org_id).subquery()
    overdue = select(func.count(func.distinct(Order.customer_id)).label("n"),
                     func.coalesce(func.sum(Order.unsettled), 0).label("due")
                     ).where(*_overdue(org_id, today), *_in_store(store_id)).subquery()
    n, credit, due_n, due = session.execute(select(
        customers.c.n, customers.c.credit, overdue.c.n, overdue.c.due).select_from(
        customers.join(overdue, true()))).one()
    return Overview(n, credit or ZERO, due_n, due or ZERO)


def due_column(today: date):
    """A customer's overdue amount, as a column of a customer query (read through the
    customer's open-orders index)."""
    return select(func.coalesce(func.sum(Order.unsettled), 0)).where(
        Order.customer_id == Customer.id, Order.unsettled > 0,
        Order.credit_due_date < today).correlate(Customer).scalar_subquery().label("due")


def customers_query(org_id: int, today: date, level_id=None, credit_status="all",
                    term_status="", search="", dialect: str = "sqlite"):
    """The reconciliation list: credit customers and anyone holding credit or balance;
    `search` is found in any part of the code, name, phone or email."""
    overdue = select(Order.customer_id).where(*_overdue(org_id, today))
    query = select(Customer).where(
        Customer.org_id == org_id,
        or_(Customer.credit_allowed, Customer.total_credit > 0, Customer.total_balance > 0))
    if level_id:
        query = query.where(Customer.level_id == level_id)
    if credit_status == "has":
        query = query.where(Customer.total_credit > 0)
    elif credit_status == "none":
        query = query.where(Customer.total_credit == 0)
    if term_status == "no_term":
        query = query.where(Customer.account_period_days.is_(None))
    elif term_status == "due":
        query = query.where(Customer.id.in_(overdue))
    elif term_status == "not_due":
        query = query.where(Customer.account_period_days.is_not(None),
                            Customer.total_credit > 0, Customer.id.not_in(overdue))
    if search.strip():
        query = query.where(or_(*(match(column, search.strip(), dialect) for column in (
            Customer.code, Customer.name, Customer.phone, Customer.email))))
    return query.order_by(Customer.total_credit.desc(), Customer.id) \
        .options(undefer(Customer.expired_balance))  # type: ignore[attr-defined]


AGING_COLUMNS = (_("Not yet due"), *AGING_BUCKETS, _("Opening credit"))


def _aging_buckets(today: date):
    d = Order.credit_due_date
    return [
        or_(d.is_(None), d >= today),
        d.between(today - timedelta(days=30), today - timedelta(days=1)),
        d.between(today - timedelta(days=60), today - timedelta(days=31)),
        d.between(today - timedelta(days=90), today - timedelta(days=61)),
        d < today - timedelta(days=90),
    ]


def _owed(org_id: int, today: date, store_id: int | None = None):
    """One row per order's unsettled credit (in its bucket) and per unsettled opening
    credit (its own column): together they are every customer's total credit. For one
    store, its orders' rows only."""
    zero = type_coerce(literal(0), Money)
    orders = select(Order.customer_id.label("customer_id"),
                    *[case((cond, Order.unsettled), else_=zero).label(f"b{n}")
                      for n, cond in enumerate(_aging_buckets(today))],
                    zero.label("opening")).where(Order.org_id == org_id,
                                                 Order.unsettled > 0, *_in_store(store_id))
    if store_id:
        return orders.subquery()
    opening = select(Customer.id, *[zero.label(f"b{n}") for n in range(5)],
                     Customer.opening_credit_unsettled).where(
        Customer.org_id == org_id, Customer.opening_credit_unsettled > 0)
    return union_all(orders, opening).subquery()


def _sums(owed):
    return [type_coerce(func.coalesce(func.sum(c), 0), Money)
            for c in (*[owed.c[f"b{n}"] for n in range(5)], owed.c.opening)]


def aging(session, org_id: int, today: date, limit: int = 200) -> list[tuple]:
    """Unsettled credit by days past due, per customer, most past due first:
    (customer id, code, name, not due, 0-30, 31-60, 61-90, 90+, opening credit, total)."""
    owed = _owed(org_id, today)
    sums = _sums(owed)
    past_due = sum(sums[1:5], type_coerce(literal(0), Money))
    # a sum of Money expressions is a plain number in SQL: read it as Money (cents)
    total = type_coerce(sum(sums, type_coerce(literal(0), Money)), Money)
    return session.execute(
        select(owed.c.customer_id, Customer.code, Customer.name, *sums, total)
        .join(Customer, Customer.id == owed.c.customer_id)
        .group_by(owed.c.customer_id, Customer.code, Customer.name)
        .order_by(past_due.desc(), owed.c.customer_id).limit(limit)).all()


def aging_totals(session, org_id: int, today: date, store_id: int | None = None) -> dict:
    """{column: total} with "Total": it equals the overview's total credit."""
    sums = _sums(_owed(org_id, today, store_id))
    totals = session.execute(select(*sums)).one()
    return {**dict(zip(AGING_COLUMNS, totals)), _("Total"): sum(totals, ZERO)}


def top_customers(session, org_id: int, limit: int = 10,
                  store_id: int | None = None) -> list[tuple]:
    """(customer, credit owed, credit limit, all they owe), most owed first: the owed
    is all they owe, or what they owe on the store's orders (their limit is used by all
    of it)."""
    label = Customer.name + " (" + Customer.code + ")"
    if store_id:
        owed = type_coerce(func.sum(Order.unsettled), Money)
        return session.execute(
            select(label, owed, Customer.credit_limit, Customer.total_credit).join(
                Order, Order.customer_id == Customer.id)
            .where(Order.org_id == org_id, Order.unsettled > 0, Order.store_id == store_id)
            .group_by(Customer.id, Customer.name, Customer.code, Customer.credit_limit,
                      Customer.total_credit)
            .order_by(owed.desc(), Customer.id).limit(limit)).all()
    return session.execute(
        select(label, Customer.total_credit, Customer.credit_limit, Customer.total_credit)
        .where(Customer.org_id == org_id, Customer.total_credit > 0)
        .order_by(Customer.total_credit.desc()).limit(limit)).all()


def due_within(session, org_id: int, today: date, days: int, store_id: int | None = None):
    return session.execute(
        select(func.coalesce(func.sum(Order.unsettled), 0)).where(
            Order.org_id == org_id, Order.unsettled > 0, *_in_store(store_id),
            Order.credit_due_date.between(today, today + timedelta(days=days)))
    ).scalar() or ZERO


def payments_by_week(session, org_id: int, period) -> list[tuple]:
    """(week start, amount received in the period), the organization's weeks, in SQL;
    for one store, what the payments settled of its orders."""
    week = period.week_of(PaymentReceipt.created_at)
    if period.store_id:
        amount = func.sum(PaymentAllocation.amount)
        query = select(week, amount).join(
            PaymentAllocation, PaymentAllocation.receipt_id == PaymentReceipt.id).join(
            Order, Order.id == PaymentAllocation.order_id).where(
            Order.store_id == period.store_id)
    else:
        query = select(week, func.sum(PaymentReceipt.amount))
    rows = session.execute(query.where(
        PaymentReceipt.org_id == org_id, *period.covers_instants(PaymentReceipt.created_at))
        .group_by(week)).all()
    paid = {date.fromisoformat(start): amount or ZERO for start, amount in rows}
    return [(week, paid.get(week, ZERO)) for week in period.weeks()]  # a quiet week: 0


def levels(session, org_id: int):
    return session.execute(select(CustomerLevel.id, CustomerLevel.name)
                           .where(CustomerLevel.org_id == org_id)
                           .order_by(CustomerLevel.name)).all()
