"""Webhook subscriptions (issue 25): an organization's URLs and the events each wants,
with the secret that signs what is sent; a delivery sent again on request."""
import secrets
from urllib.parse import urlsplit

from ..core import audit, webhooks
from ..core.errors import RuleError
from ..core.usecase import use_case
from ..core.webhook_deliveries import DELIVERY
from ...models import WebhookDelivery, WebhookSubscription, utcnow

PERMISSION = "settings.manage"  # the organization's settings


def checked_url(url: str) -> str:
    url = (url or "").strip()
    parts = urlsplit(url)
    if len(url) > 500 or parts.scheme not in ("http", "https") or not parts.hostname \
            or parts.username or parts.password:
        raise RuleError("webhook.url_invalid", field="url")
    return url


def checked_events(events) -> str:
    chosen = sorted(set(events or ()))
    unknown = [e for e in chosen if e != "*" and e not in webhooks.EVENT_TYPES]
    if not chosen or unknown:
        raise RuleError("webhook.events_choose", {"unknown": f" (not {', '.join(unknown)})"
                                                  if unknown else ""},
                        field="events")
    return "*" if "*" in chosen else " ".join(chosen)


@use_case(PERMISSION)
def subscribe(session, user, *, url: str, events, description: str = ""
              ) -> WebhookSubscription:
    row = WebhookSubscription(org_id=user.org_id, url=checked_url(url),
                              events=checked_events(events),
                              secret="whsec_" + secrets.token_urlsafe(24),
                              description=(description or "").strip()[:200] or None,
                              active=True)
    session.add(row)
    session.flush()
    webhooks.forget_subscriptions(session)
    audit.record(session, user, "webhook.subscribe", row)
    return row


@use_case(PERMISSION)
def set_active(session, user, row: WebhookSubscription, active: bool) -> WebhookSubscription:
    before = audit.snapshot(row)
    row.active = bool(active)
    webhooks.forget_subscriptions(session)
    audit.record(session, user, "webhook.active" if active else "webhook.paused", row,
                 before=before)
    return row


@use_case(PERMISSION)
def redeliver(session, user, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send the event again now (a receiver that was down, or lost it)."""
    DELIVERY.apply(delivery, "redeliver")
    # the three days of retries count again from a redelivery
    delivery.next_attempt_at = delivery.created_at = utcnow()
    delivery.error = None
    audit.record(session, user, "webhook.redeliver", delivery,
                 after={"event_id": delivery.event_id})
    return delivery
