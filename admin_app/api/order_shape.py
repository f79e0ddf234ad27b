"""An order as the API writes it: its lines, what paid it, what went back, and the
events the caller may send next."""
from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, Nested, String

from ..models import Order
from ..rules.sales import orders
from . import shapes
from .auth import user
from .schemas import Instant, Money


class LineOut(Schema):
    sku_id = Integer()
    sku_code = String()
    quantity = Integer()
    unit_price = Money()
    amount = Money()


class Ref(Schema):
    id = Integer()
    name = String()


class CustomerRef(Ref):
    blacklisted = Boolean(metadata={"description": "On the blacklist: a channel's order is "
                                                   "taken and flagged"})


class OrderOut(Schema):
    id = Integer()
    number = String()
    external_id = String(allow_none=True)
    store = Nested(Ref)
    customer = Nested(CustomerRef)
    order_type = String()
    payment_method = String()
    status = String()
    order_date = Instant()
    note = String(allow_none=True)
    currency = String()
    total = Money()
    fee = Money()
    received = Money()
    balance_used = Money()
    points_used = Integer()
    points_value = Money()
    credit_amount = Money()
    unsettled = Money()
    credit_due_date = String(allow_none=True, metadata={"format": "date"})
    refunded_total = Money()
    payment_taken = Boolean()
    revert_status = String(allow_none=True)
    lines = List(Nested(LineOut))
    allowed_events = List(String())
    created_at = Instant()


MONEY = ("total", "fee", "received", "balance_used", "points_value", "credit_amount",
         "unsettled", "refunded_total")


def shape(order: Order) -> dict:
    acting = user()
    org, code = acting.org, acting.org.currency
    return {
        "id": order.id, "number": order.number, "external_id": order.external_id,
        "store": {"id": order.store.id, "name": order.store.name},
        "customer": {"id": order.customer.id, "name": order.customer.name,
                     "blacklisted": order.customer.blacklisted},
        "order_type": order.order_type, "payment_method": order.payment_method,
        "status": order.status, "order_date": shapes.wall(org, order.order_date),
        "note": order.note, "currency": code,
        **{name: shapes.money(getattr(order, name), code) for name in MONEY},
        "points_used": order.points_used,
        "credit_due_date": shapes.day(order.credit_due_date),
        "payment_taken": order.payment_taken, "revert_status": order.revert_status,
        "lines": [{"sku_id": line.sku_id, "sku_code": line.sku.code,
                   "quantity": line.quantity,
                   "unit_price": shapes.money(line.unit_price, code),
                   "amount": shapes.money(line.amount, code)} for line in order.lines],
        "allowed_events": orders.allowed(acting, order),
        "created_at": shapes.instant(org, order.created_at),
    }
