"""The Orders export from plain tuples: the list's own query (its organization, tab,
filters, search and sort) narrowed to the nine columns the file has, read in batches,
each row turned into its cells with a few dictionary lookups. The same cells as the
object export (a test compares them), without building an order, its customer and its
store for each of a million rows."""
from sqlalchemy import literal, select

from ..models import (ORDER_STATUSES, ORDER_TYPES, PAYMENT_METHODS, REVERT_STATUSES,
                      Customer, Order, Store)

BLACKLIST = " \u2691 blacklist"  # the list's marker, as the object export writes it
UNCOLLECTED = " · Uncollected"
CUSTOMER = select(Customer.code + literal(" ") + Customer.name).where(
    Customer.id == Order.customer_id).scalar_subquery()
BLACKLISTED = select(Customer.blacklisted).where(
    Customer.id == Order.customer_id).scalar_subquery()
STORE = select(Store.name + literal(" (") + Store.channel + literal(")")).where(
    Store.id == Order.store_id).scalar_subquery()
# by export column: what each one reads
READS = {"number": (Order.number,), "status": (Order.status, Order.uncollected),
         "order_date": (Order.order_date,), "customer": (CUSTOMER, BLACKLISTED),
         "total": (Order.total,), "unsettled": (Order.unsettled,), "store": (STORE,),
         "order_type": (Order.order_type, Order.payment_method),
         "revert_status": (Order.revert_status,)}


def _cell(name):
    if name == "status":
        return lambda s, u: ORDER_STATUSES.get(s, s) + (UNCOLLECTED if u else "")
    if name == "order_date":
        return lambda d: f"{d:%Y-%m-%d}"
    if name == "customer":
        return lambda c, b: None if c is None else c + (BLACKLIST if b else "")
    if name == "order_type":
        return lambda t, p: f"{ORDER_TYPES.get(t, t)} · {PAYMENT_METHODS.get(p, '')}"
    if name == "revert_status":
        return lambda r: REVERT_STATUSES.get(r, "—")
    return lambda value: value


def tuples(query, names):
    """(the narrowed query, a function of one tuple giving its cells), or None when a
    column is one this export does not know (the object export does it then)."""
    if any(name not in READS for name in names):
        return None
    columns, plan = [], []
    for name in names:
        plan.append((_cell(name), len(columns), len(columns) + len(READS[name])))
        columns.extend(READS[name])

    def cells(row):
        return [cell(*row[start:end]) for cell, start, end in plan]
    return query.enable_eagerloads(False).with_entities(*columns), cells
