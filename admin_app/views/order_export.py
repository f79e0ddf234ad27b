"""The Orders export from plain tuples: the list's own query (its organization, tab,
filters, search and sort) narrowed to the nine columns the file has, read in batches,
each row turned into its cells with a few dictionary lookups. The same cells as the
object export (a test compares them), without building an order, its customer and its
store for each of a million rows."""
from sqlalchemy import literal
from sqlalchemy.orm import aliased

from flask_babel import gettext

from ..models import (ORDER_STATUSES, ORDER_TYPES, PAYMENT_METHODS, REVERT_STATUSES,
                      Customer, Order, Store)

# Joined under names of their own: the list's query may join them already (a sort by
# customer); joined, not read by a subquery per row (three times cheaper at 1 M orders)
BUYER, SHOP = aliased(Customer, name="export_customer"), aliased(Store, name="export_store")
# by export column: what each one reads
READS = {"number": (Order.number,), "status": (Order.status, Order.uncollected),
         "order_date": (Order.order_date,),
         "customer": (BUYER.code + literal(" ") + BUYER.name, BUYER.blacklisted),
         "total": (Order.total,), "unsettled": (Order.unsettled,),
         "store": (SHOP.name + literal(" (") + SHOP.channel + literal(")"),),
         "order_type": (Order.order_type, Order.payment_method),
         "revert_status": (Order.revert_status,)}


LIST_COLUMNS = ("number", "status", "order_date", "customer", "total", "unsettled", "store",
                "order_type", "revert_status")


def _words() -> dict:
    """The export's words in the reader's language, looked up once per file (a lookup
    per cell would cost seconds at a million rows)."""
    return {"status": dict(ORDER_STATUSES.items()), "type": dict(ORDER_TYPES.items()),
            "paid": dict(PAYMENT_METHODS.items()), "revert": dict(REVERT_STATUSES.items()),
            # the list's markers, as the object export writes them
            "blacklist": " \u2691 " + gettext("blacklist"),
            "uncollected": " · " + gettext("Uncollected")}


def _list_cells(w: dict):
    statuses, types, paid_with, reverts = w["status"], w["type"], w["paid"], w["revert"]
    blacklist, uncollected_mark = w["blacklist"], w["uncollected"]

    def cells(row) -> list:
        (number, status, uncollected, day, customer, blacklisted, total, unsettled, store,
         kind, paid, revert) = row
        return [number, statuses.get(status, status) + (uncollected_mark if uncollected else ""),
                day.date().isoformat(), None if customer is None else
                customer + (blacklist if blacklisted else ""), total, unsettled, store,
                f"{types.get(kind, kind)} · {paid_with.get(paid, '')}",
                reverts.get(revert, "—")]
    return cells


def _cell(name, w: dict):
    if name == "status":
        return lambda s, u: w["status"].get(s, s) + (w["uncollected"] if u else "")
    if name == "order_date":
        return lambda d: f"{d:%Y-%m-%d}"
    if name == "customer":
        return lambda c, b: None if c is None else c + (w["blacklist"] if b else "")
    if name == "order_type":
        return lambda t, p: f"{w['type'].get(t, t)} · {w['paid'].get(p, '')}"
    if name == "revert_status":
        return lambda r: w["revert"].get(r, "—")
    return lambda value: value


def tuples(query, names):
    """(the narrowed query, a function of one tuple giving its cells), or None when a
    column is one this export does not know (the object export does it then)."""
    if any(name not in READS for name in names):
        return None
    columns, plan, words = [], [], _words()
    for name in names:
        plan.append((_cell(name, words), len(columns), len(columns) + len(READS[name])))
        columns.extend(READS[name])

    def cells(row):
        return [cell(*row[start:end]) for cell, start, end in plan]
    if tuple(names) == LIST_COLUMNS:
        cells = _list_cells(words)  # the list's own columns: one function, no slicing
    narrowed = query.enable_eagerloads(False).with_entities(*columns) \
        .outerjoin(BUYER, BUYER.id == Order.customer_id) \
        .outerjoin(SHOP, SHOP.id == Order.store_id)
    return narrowed, cells
