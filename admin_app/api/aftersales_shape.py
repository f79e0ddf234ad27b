"""An after-sales order and a refund order as the API writes them."""
from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, Nested, String

from ..models import AfterSalesOrder, RefundOrder
from ..rules.aftersales import orders as aftersales, refund_orders
from . import shapes
from .auth import user
from .schemas import Instant, Money, row_of


class AfterSalesLineOut(Schema):
    id = Integer()
    kind = String(metadata={"description": "return, exchange or repair"})
    order_line_id = Integer(allow_none=True)
    sku_id = Integer()
    sku_code = String()
    quantity = Integer()
    unit_price = Money()
    amount = Money()
    qualified = Integer()
    unqualified = Integer()
    missing = Integer()


class RefundOut(Schema):
    id = Integer()
    number = String()
    aftersales_id = Integer()
    amount = Money()
    currency = String()
    method = String()
    status = String()
    reject_reason = String(allow_none=True)
    has_proof = Boolean()
    allowed_events = List(String())
    created_at = Instant()


class AfterSalesOut(Schema):
    id = Integer()
    number = String()
    kind = String()
    status = String()
    order_id = Integer()
    customer_id = Integer()
    warehouse_id = Integer(allow_none=True)
    tracking_no = String(allow_none=True)
    currency = String()
    returned_amount = Money()
    exchange_amount = Money()
    refunded = Money()
    refundable = Money()
    handling_fee = Money()
    exchange_order_id = Integer(allow_none=True)
    note = String(allow_none=True)
    lines = List(Nested(AfterSalesLineOut))
    refunds = List(Nested(row_of(RefundOut)))
    allowed_events = List(String())
    created_at = Instant()
    received_at = Instant(allow_none=True)
    completed_at = Instant(allow_none=True)


def shape(aso: AfterSalesOrder) -> dict:
    acting = user()
    org, code = acting.org, acting.org.currency
    return {
        "id": aso.id, "number": aso.number, "kind": aso.kind, "status": aso.status,
        "order_id": aso.order_id, "customer_id": aso.customer_id,
        "warehouse_id": aso.warehouse_id, "tracking_no": aso.return_tracking_no,
        "currency": code,
        **{name: shapes.money(getattr(aso, name), code) for name in (
            "returned_amount", "exchange_amount", "refunded", "handling_fee")},
        "refundable": shapes.money(aftersales.refundable(aso), code),
        "exchange_order_id": aso.exchange_order_id, "note": aso.note,
        "lines": [{"id": line.id, "kind": line.kind, "order_line_id": line.order_line_id,
                   "sku_id": line.sku_id, "sku_code": line.sku.code,
                   "quantity": line.quantity,
                   "unit_price": shapes.money(line.unit_price, code),
                   "amount": shapes.money(line.amount, code),
                   "qualified": line.qualified_qty, "unqualified": line.unqualified_qty,
                   "missing": line.missing_qty} for line in aso.lines],
        "refunds": [refund_shape(refund) for refund in aso.refunds],
        "allowed_events": aftersales.allowed(acting, aso),
        "created_at": shapes.instant(org, aso.created_at),
        "received_at": shapes.instant(org, aso.received_at),
        "completed_at": shapes.instant(org, aso.completed_at),
    }


def refund_shape(refund: RefundOrder) -> dict:
    acting = user()
    code = acting.org.currency
    return {"id": refund.id, "number": refund.number,
            "aftersales_id": refund.aftersales_id,
            "amount": shapes.money(refund.amount, code), "currency": code,
            "method": refund.method, "status": refund.status,
            "reject_reason": refund.reject_reason,
            "has_proof": bool(refund.proof_file),
            "allowed_events": refund_orders.allowed(acting, refund),
            "created_at": shapes.instant(acting.org, refund.created_at)}
