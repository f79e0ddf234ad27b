"""The demo's platform after-sales (SPEC S12): on each platform store, requests in each
state as the channel words them, some due within 24 hours, one overdue (missed, with its
cost), a dispute won, a logistics claim waiting, an abnormal return, a refund-only."""
from datetime import timedelta

from sqlalchemy import select

from ..models import AfterSalesOrder, Order, Store, utcnow
from ..rules.aftersales import orders as aftersales
from ..rules.aftersales.orders import Receipt, ReturnInput
from ..rules.core import currency
from ..rules.platforms import alerts, claims, requests, tables

# each channel's words for: asked, accepted, buyer shipped, refunded, closed
WORDS = {
    "Shopee": ("REQUESTED", "ACCEPTED", "PROCESSING", "REFUND_PAID", "CLOSED"),
    "Lazada": ("REQUEST_INITIATE", "AGREE_RETURN", "BUYER_RETURN_ITEM", "REFUND_SUCCESS",
               "REQUEST_CANCEL"),
    "TikTok": ("RETURN_OR_REFUND_REQUEST_PENDING", "AWAITING_BUYER_SHIP",
               "BUYER_SHIPPED_ITEM", "RETURN_OR_REFUND_REQUEST_SUCCESS",
               "RETURN_OR_REFUND_REQUEST_CANCEL"),
}
# (what happens, the statuses it goes through: indexes into WORDS)
PLAN = [("due_soon", (0,)), ("overdue", (0,)), ("abnormal", ()), ("dispute_won", (0, 1, 3)),
        ("claim_pending", (0, 3)), ("refund_only", (0,)), ("accepted", (0, 1)),
        ("buyer_shipped", (0, 1, 2)), ("stocked_in", (0, 1, 2)), ("closed", (0, 4))]


def platform_after_sales(session, main, org, warehouse) -> None:
    stores = session.execute(select(Store).where(
        Store.org_id == org.id, Store.channel.in_(tables.channels()))).scalars().all()
    for store in stores:
        orders = session.execute(select(Order).where(
            Order.store_id == store.id, Order.status.in_(("shipped", "completed")),
            Order.payment_method == "prepaid", Order.order_type == "platform",
            ~select(AfterSalesOrder.id).where(AfterSalesOrder.order_id == Order.id).exists()
        ).order_by(Order.id.desc()).limit(len(PLAN))).scalars().all()
        for (what, steps), order in zip(PLAN, orders):
            _one(session, main, store, order, warehouse, what, steps)
    alerts.mark_missed(session, utcnow())


def _one(session, main, store, order, warehouse, what, steps) -> None:
    words, now = WORDS[store.channel], utcnow()
    line = order.lines[0]
    # one unit comes back: the platform refunds that unit's price
    unit = currency.quantize(line.amount / line.quantity, main.org.currency)
    base = dict(store=store, order=order, warehouse=warehouse, reason="Damaged in transit",
                refund_amount=unit, lines=[ReturnInput(1, order_line=line)],
                evidence_links=[f"https://{store.channel.lower()}.example/evidence/{order.id}.jpg"])
    if what == "abnormal":
        requests.receive(session, main, requests.PlatformRequest(
            **base, request_id=f"AB-{order.id}", type="abnormal_return",
            platform_status="FAILED_DELIVERY"))
        return
    kind = "refund_only" if what == "refund_only" else "return_refund"
    due = {"due_soon": now + timedelta(hours=9), "overdue": now - timedelta(hours=6)}
    aso = None
    for n, step in enumerate(steps):
        aso = requests.receive(session, main, requests.PlatformRequest(
            **base, request_id=f"RR-{order.id}", type=kind, platform_status=words[step],
            requested_at=now - timedelta(hours=20), due_at=due.get(what) if n == 0 else None
        )).aso
    if what == "stocked_in":
        aftersales.stock_in(session, main, aso, {ln.id: Receipt(ln.quantity)
                                                 for ln in aso.return_lines})
    elif what == "dispute_won":
        claim = claims.open_claim(session, main, aso, "dispute",
                                  "The buyer sent back a different item", unit)
        claims.decide(session, main, claim, "won", unit)
    elif what == "claim_pending":
        claims.open_claim(session, main, aso, "logistics", "Parcel crushed by the courier",
                          unit)
