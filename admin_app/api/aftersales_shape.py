"""An after-sales order and a refund order as the API writes them."""
import dataclasses

from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, Nested, String

from ..extensions import db
from ..models import AfterSalesOrder, Organization, RefundOrder
from ..rules.core.permissions import has_permission
from ..rules.aftersales import orders as aftersales, refund_orders
from ..rules.aftersales.kinds import kind_of
from ..rules.distribution import refunds as distribution_refunds
from ..rules.platforms import deadlines
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


class DeadlineOut(Schema):
    step = String(metadata={"description": "respond, buyer_ship or confirm_receipt"})
    due_at = Instant()
    missed = String(metadata={"description": "What the platform does when it passes"})
    sellers = Boolean(metadata={"description": "The seller's step (else the buyer's)"})


class PlatformOut(Schema):
    store_id = Integer()
    channel = String()
    request_id = String()
    status = String(metadata={"description": "The platform's own status"})
    reason = String(allow_none=True)
    refund = Money(metadata={"description": "What the platform refunds its buyer"})
    refunded = Money(metadata={"description": "Recorded as taken from our payout"})
    requested_at = Instant(allow_none=True)
    deadline = Nested(DeadlineOut, allow_none=True)


class EvidenceOut(Schema):
    id = Integer()
    kind = String(metadata={"description": "link, photo or video"})
    stage = String(metadata={"description": "request, stock_in or claim"})
    name = String()
    url = String(allow_none=True, metadata={"description": "A link's address"})
    claim_id = Integer(allow_none=True)


class DistributionFiguresOut(Schema):
    """A return pushed by a distributor, on the supplier's books (SPEC S6): refundable =
    return amount - unsettled on the distribution order - exchange - handling fee (what
    leaves as money once the debt is offset)."""
    return_amount = Money()
    handling_fee = Money()
    distribution_fee = Money()
    stock_out_amount = Money()
    estimated = Money()
    unsettled = Money()
    exchange = Money()
    refundable = Money()


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
    platform = Nested(PlatformOut, allow_none=True)
    distribution = Nested(DistributionFiguresOut, allow_none=True)
    evidence = List(Nested(EvidenceOut))
    created_at = Instant()
    received_at = Instant(allow_none=True)
    completed_at = Instant(allow_none=True)


def platform_shape(aso: AfterSalesOrder) -> dict | None:
    if aso.store_id is None:
        return None
    org, code = user().org, user().org.currency
    running = deadlines.next_of(db.session, aso)
    return {"store_id": aso.store_id, "channel": aso.store.channel,
            "request_id": aso.platform_request_id, "status": aso.platform_status,
            "reason": aso.platform_reason,
            "refund": shapes.money(aso.platform_refund, code),
            "refunded": shapes.money(aso.platform_refunded, code),
            "requested_at": shapes.instant(org, aso.requested_at),
            "deadline": None if running is None else {
                "step": running.step, "due_at": shapes.instant(org, running.due_at),
                "missed": running.missed, "sellers": running.seller}}


def distribution_shape(aso: AfterSalesOrder) -> dict | None:
    """The S6 figures of a pushed return, as its refund page shows them."""
    if not kind_of(aso).partner:
        return None
    code = user().org.currency
    return {name: shapes.money(value, code)
            for name, value in dataclasses.asdict(distribution_refunds.figures(aso)).items()}


def evidence_shape(row) -> dict:
    return {"id": row.id, "kind": row.kind, "stage": row.stage, "name": row.name,
            "url": row.url, "claim_id": row.claim_id}


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
        "platform": platform_shape(aso),
        "distribution": distribution_shape(aso),
        "evidence": [evidence_shape(e) for e in aso.evidence],
        "created_at": shapes.instant(org, aso.created_at),
        "received_at": shapes.instant(org, aso.received_at),
        "completed_at": shapes.instant(org, aso.completed_at),
    }


def refund_shape(refund: RefundOrder) -> dict:
    """A refund order; a supplier's refund to the distributor reading it is in the
    supplier's currency, and its event is the distributor's receipt (SPEC S6)."""
    acting = user()
    code = db.session.get(Organization, refund.org_id).currency
    events = refund_orders.allowed(acting, refund) if refund.org_id == acting.org_id else \
        ["confirm_receipt"] if refund.status == "pending" and \
        has_permission(acting, "aftersales.refund") else []
    return {"id": refund.id, "number": refund.number,
            "aftersales_id": refund.aftersales_id,
            "amount": shapes.money(refund.amount, code), "currency": code,
            "method": refund.method, "status": refund.status,
            "reject_reason": refund.reject_reason,
            "has_proof": bool(refund.proof_file),
            "allowed_events": events,
            "created_at": shapes.instant(acting.org, refund.created_at)}
