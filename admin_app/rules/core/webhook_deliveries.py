"""Delivering webhook events: at least once, never forged. A run claims due deliveries
(row locks, SKIP LOCKED on PostgreSQL) for a lease; a run that dies leaves them to be
claimed again when the lease ends, so a receiver may see an event twice (its id says
so) but never misses one. A failure is retried with exponential backoff for up to
three days."""
import hashlib
import hmac
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, or_, select

from .messages._marker import _
from .transitions import Lifecycle
from ...models import (DELIVERY_STATUSES, WebhookDelivery, WebhookEvent,
                       WebhookSubscription, utcnow)
from .text import digits_only

DELIVERY = Lifecycle("webhook_delivery", {
    "pending": {"claim": "delivering"},
    "delivering": {"claim": "delivering", "deliver": "delivered", "retry": "pending",
                   "give_up": "failed"},
    "delivered": {"redeliver": "pending"},
    "failed": {"redeliver": "pending"},
}, DELIVERY_STATUSES, {"claim": "Claim", "deliver": "Delivered", "retry": "Retry later",
                       "give_up": "Give up", "redeliver": "Redeliver"})

# What a failed try keeps as its answer, in English (as the log reads it); the page
# shows it in the reader's language by its pattern (notes.shown).
ANSWERED = _("answered {code}")
NOT_REACHED = _("not reached: {reason}")
INSIDE_NETWORK = _("not sent: {host} is an address inside this server's network")
ANSWERS = (ANSWERED, INSIDE_NETWORK, NOT_REACHED)


def retrying(delivery: WebhookDelivery) -> bool:
    """Waiting for its next try after a failed one."""
    return DELIVERY.state(delivery) == "pending" and delivery.attempts > 0


LEASE = timedelta(minutes=2)
GIVE_UP_AFTER = timedelta(days=3)
FIRST_WAIT, LONGEST_WAIT = timedelta(minutes=1), timedelta(hours=6)


@dataclass(frozen=True)
class Claimed:
    id: int
    url: str
    secret: str
    event_id: int
    event_type: str
    payload: str


def due(now):
    return or_(and_(WebhookDelivery.status == "pending",
                    WebhookDelivery.next_attempt_at <= now),
               and_(WebhookDelivery.status == "delivering",
                    WebhookDelivery.claimed_at < now - LEASE))


# a paused subscription's deliveries wait until it is resumed
paused = select(WebhookSubscription.active).where(
    WebhookSubscription.id == WebhookDelivery.subscription_id).scalar_subquery() \
    .is_not(True)


def claim(session, limit: int, token: str, now=None) -> list[Claimed]:
    """Up to `limit` due deliveries for the run `token` (commit before sending)."""
    now = now or utcnow()
    ids = session.execute(select(WebhookDelivery.id).where(due(now), ~paused)
                          .order_by(WebhookDelivery.id).limit(limit)
                          .with_for_update(skip_locked=True)).scalars().all()
    if not ids:
        return []
    DELIVERY.move_many(session, WebhookDelivery, "claim", WebhookDelivery.id.in_(ids),
                       due(now), claimed_by=token, claimed_at=now)
    rows = session.execute(
        select(WebhookDelivery.id, WebhookSubscription.url, WebhookSubscription.secret,
               WebhookEvent.id, WebhookEvent.event_type, WebhookEvent.payload)
        .join(WebhookSubscription, WebhookSubscription.id == WebhookDelivery.subscription_id)
        .join(WebhookEvent, WebhookEvent.id == WebhookDelivery.event_id)
        .where(WebhookDelivery.id.in_(ids), WebhookDelivery.claimed_by == token)
        .order_by(WebhookDelivery.id)).all()
    return [Claimed(*row) for row in rows]


def wait_after(attempts: int) -> timedelta:
    """1, 2, 4, 8 ... minutes, at most six hours."""
    return min(FIRST_WAIT * (2 ** max(attempts - 1, 0)), LONGEST_WAIT)


def record(session, delivery_id: int, token: str, code: int | None, error: str | None,
           now=None) -> str:
    """What the receiver answered: a 2xx is delivered; anything else is tried again
    later, until three days after the event."""
    now = now or utcnow()
    row = session.get(WebhookDelivery, delivery_id, with_for_update=True,
                      populate_existing=True)
    if row is None or row.status != "delivering" or row.claimed_by != token:
        return "lost"  # its lease ended and another run took it
    row.attempts += 1
    row.response_code, row.claimed_by = code, None
    if code is not None and 200 <= code < 300:
        DELIVERY.apply(row, "deliver")
        row.delivered_at, row.error = now, None
    elif now - row.created_at >= GIVE_UP_AFTER:
        DELIVERY.apply(row, "give_up")
        row.error = (error or f"answered {code}")[:500]
    else:
        DELIVERY.apply(row, "retry")
        row.error = (error or f"answered {code}")[:500]
        row.next_attempt_at = now + wait_after(row.attempts)
    return row.status


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The Webhook-Signature header: t=<unix time>,v1=<HMAC-SHA256 of "t.body">."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify(secret: str, header: str, body: bytes, now: int, tolerance: int = 300) -> bool:
    """What a receiver checks (the README shows it): the signature, and a recent time."""
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    if not digits_only(parts.get("t", "")) or abs(now - int(parts["t"])) > tolerance:
        return False
    expected = signature(secret, int(parts["t"]), body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


def next_attempt(delivery: WebhookDelivery):
    """When a waiting delivery goes out next; None once it is sent or given up."""
    return delivery.next_attempt_at if delivery.status == "pending" else None
