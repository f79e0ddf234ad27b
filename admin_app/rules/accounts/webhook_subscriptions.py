"""Webhook subscriptions (issue 25): an organization's URLs and the events each wants,
with the secret that signs what is sent; a delivery sent again on request."""
import ipaddress
import secrets
from urllib.parse import urlsplit

from ..core import audit, webhooks
from ..core.errors import RuleError
from ..core.usecase import use_case
from ..core.webhook_deliveries import DELIVERY
from ...models import WebhookDelivery, WebhookSubscription, utcnow

PERMISSION = "settings.manage"  # the organization's settings


def checked_url(url: str, allow_private: bool = False) -> str:
    """An https address on the internet; plain http and addresses inside the server's
    own network only where the deployment allows them (a receiver on the same host)."""
    url = (url or "").strip()
    parts = urlsplit(url)
    schemes = ("http", "https") if allow_private else ("https",)
    if len(url) > 500 or parts.scheme not in schemes or not parts.hostname \
            or parts.username or parts.password:
        raise RuleError("webhook.url_invalid", field="url")
    if not allow_private and _inside(parts.hostname):
        raise RuleError("webhook.url_private", {"host": parts.hostname}, field="url")
    return url


def _inside(host: str) -> bool:
    """A name or address that can only mean this server's own network (the delivery
    checks the addresses a name resolves to again, when it sends)."""
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return True
    try:
        return private_address(ipaddress.ip_address(host))
    except ValueError:
        return False  # a name: resolved when sent


def private_address(ip) -> bool:
    """An address only this server's network reaches (loopback, private, link-local,
    multicast): checked when subscribing and again on each delivery."""
    return not ip.is_global or ip.is_multicast


def checked_events(events) -> str:
    chosen = sorted(set(events or ()))
    unknown = [e for e in chosen if e != "*" and e not in webhooks.EVENT_TYPES]
    if not chosen or unknown:
        raise RuleError("webhook.events_choose", {"unknown": f" (not {', '.join(unknown)})"
                                                  if unknown else ""},
                        field="events")
    return "*" if "*" in chosen else " ".join(chosen)


@use_case(PERMISSION)
def subscribe(session, user, *, url: str, events, description: str = "",
              allow_private: bool = False) -> WebhookSubscription:
    row = WebhookSubscription(org_id=user.org_id, url=checked_url(url, allow_private),
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
