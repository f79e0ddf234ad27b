"""Webhook events (issue 25): what happened, told to the organization's subscribed URLs.
An event is written in the same transaction as the change it tells (from its audit
row: every change is audited), with one delivery per active subscription that wants
it; the deliverer (admin_app/webhooks.py) sends them after the commit. Nothing is
written for an organization without subscriptions."""
import json

from sqlalchemy import select
from sqlalchemy.orm import Session, scoped_session

from .messages import Labels
from . import webhook_values
from ...models import (Organization, WebhookDelivery, WebhookEvent, WebhookSubscription,
                       utcnow)
from .text import digits_only

EVENT_TYPES = Labels({
    "order.created": "Order created",
    "order.cancelled": "Order cancelled",
    "aftersales.created": "After-sales order created",
    "aftersales.status_changed": "After-sales status changed",
    "aftersales.stocked_in": "Returned goods stocked in",
    "aftersales.deadline_due": "Platform deadline due within 24 h",
    "aftersales.deadline_missed": "Platform deadline missed",
    "claim.opened": "Dispute or logistics claim opened",
    "claim.decided": "Dispute or logistics claim decided",
    "refund.created": "Refund order created",
    "refund.confirmed": "Refund confirmed",
    "refund.rejected": "Refund rejected",
    "payment.received": "Payment received",
    "distribution.pushed": "Return pushed to the supplier",
    "distribution.push_failed": "Push failed",
    "distribution.recalled": "Push recalled",
    "distribution.supplier_stock_in": "Supplier stocked in a pushed return",
    "distribution.supplier_refund": "Supplier refunded a pushed return",
    "campaign.sent": "Campaign sent",
})

# audit action -> the events it tells (a status move of an after-sales order is told
# as such, and some moves are also a refund's outcome)
_BY_ACTION = {
    "order.create": ("order.created",),
    "order.cancel": ("order.cancelled",),
    "aftersales.create": ("aftersales.created",),
    # a return a distributor pushed: a new after-sales order on the supplier's books
    "distribution.received": ("aftersales.created",),
    "aftersales.deadline_due": ("aftersales.deadline_due",),
    "aftersales.deadline_missed": ("aftersales.deadline_missed",),
    "claim.open": ("claim.opened",),
    "claim.decide": ("claim.decided",),
    "aftersalesorder.stock_in": ("aftersales.status_changed", "aftersales.stocked_in"),
    "aftersalesorder.confirm_stock_in": ("aftersales.status_changed",
                                         "aftersales.stocked_in"),
    "aftersalesorder.confirm_refund": ("aftersales.status_changed", "refund.confirmed"),
    "aftersalesorder.refund_to_balance": ("aftersales.status_changed", "refund.confirmed"),
    "aftersalesorder.reject_refund": ("aftersales.status_changed", "refund.rejected"),
    "refund.create": ("refund.created",),
    "ledger.payment": ("payment.received",),
    "distribution.recall": ("distribution.recalled",),
    "distribution.supplier_stock_in": ("distribution.supplier_stock_in",),
    "distribution.supplier_refund": ("distribution.supplier_refund",),
    "campaign.send": ("campaign.sent",),
}


def types_of(action: str, after: dict | None) -> tuple[str, ...]:
    if action in _BY_ACTION:
        return _BY_ACTION[action]
    if action.startswith("aftersalesorder."):
        return ("aftersales.status_changed",)
    if action in ("distribution.push", "distribution.repush"):
        failed = (after or {}).get("status") == "push_failed"
        return ("distribution.push_failed" if failed else "distribution.pushed",)
    return ()


def _real(session) -> Session:
    """The session itself behind a scoped_session (which proxies most of it)."""
    return session() if isinstance(session, scoped_session) else session


def _subscriptions(session, org_id: int) -> list[tuple[int, frozenset]]:
    """The organization's active subscriptions, read once per transaction."""
    session = _real(session)
    cache = session.info.setdefault("webhooks", {})
    transaction = session.get_transaction()
    if cache.get("transaction") is not transaction:
        cache.clear()
        cache["transaction"] = transaction
    if org_id not in cache:
        rows = session.execute(select(WebhookSubscription.id, WebhookSubscription.events)
                               .where(WebhookSubscription.org_id == org_id,
                                      WebhookSubscription.active.is_(True))).all()
        cache[org_id] = [(sid, frozenset((events or "").split())) for sid, events in rows]
    return cache[org_id]


def forget_subscriptions(session) -> None:
    _real(session).info.pop("webhooks", None)


def from_audit(session, row, obj) -> list[WebhookEvent]:
    """The events an audit row tells, each with its deliveries (none: no subscriber)."""
    after = json.loads(row.after) if row.after else None
    made = []
    for event_type in types_of(row.action, after):
        wanted = [sid for sid, events in _subscriptions(session, row.org_id)
                  if "*" in events or event_type in events]
        if wanted:
            made.append(emit(session, row.org_id, event_type,
                             _data(session, row, obj, after), wanted))
    return made


def _data(session, row, obj, after) -> dict:
    org = session.get(Organization, row.org_id)
    data = {"object": row.object_type, "id": _number_or_text(row.object_id),
            "action": row.action, "currency": org.currency if org is not None else None,
            "changes": webhook_values.written(org, obj, after or {})}
    for name in ("number", "status"):
        if obj is not None and getattr(obj, name, None) is not None:
            data[name] = getattr(obj, name)
    return data


def _number_or_text(value: str):
    return int(value) if digits_only(value) else value


def emit(session, org_id: int, event_type: str, data: dict,
         subscriptions: list[int]) -> WebhookEvent:
    now = utcnow()
    event = WebhookEvent(org_id=org_id, event_type=event_type, created_at=now, payload="")
    session.add(event)
    session.flush()
    event.payload = json.dumps({"id": f"evt_{event.id}", "type": event_type,
                                "created_at": now.isoformat() + "Z",
                                "organization_id": org_id, "data": data},
                               ensure_ascii=False, sort_keys=True, default=str)
    session.add_all(WebhookDelivery(org_id=org_id, subscription_id=sid, event_id=event.id,
                                    next_attempt_at=now, created_at=now)
                    for sid in subscriptions)
    return event
