"""Delivering webhook events: `flask --app wsgi deliver-webhooks` and the Celery beat
task run it; many runs at once are safe (rules/core/webhook_deliveries.py claims).
Each event is POSTed as JSON with its id, type and signature; a 2xx answer within the
timeout delivers it, anything else is tried again later."""
import ipaddress
import socket
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import current_app

from .extensions import db
from .rules.accounts.webhook_subscriptions import private_address
from .rules.core import unit_of_work
from .rules.core.webhook_deliveries import (ANSWERED, INSIDE_NETWORK, NOT_REACHED, Claimed,
                                            claim, record, signature)

TIMEOUT = 10  # seconds a receiver has to answer


@dataclass
class Run:
    delivered: int = 0
    retried: int = 0
    failed: int = 0


def deliver(batch: int = 50, limit: int | None = None) -> Run:
    token, done = uuid.uuid4().hex, Run()
    while limit is None or done.delivered + done.retried + done.failed < limit:
        claimed = unit_of_work.run(db.session, lambda: claim(db.session, batch, token))
        if not claimed:
            break
        for one in claimed:
            code, error = post(one)
            outcome = unit_of_work.run(db.session, lambda one=one, code=code, error=error:
                                       record(db.session, one.id, token, code, error))
            if outcome == "delivered":
                done.delivered += 1
            elif outcome == "failed":
                done.failed += 1
            else:
                done.retried += 1
    return done


def post(one: Claimed) -> tuple[int | None, str | None]:
    """The receiver's status code, or why there is none."""
    refused = _refused_address(one.url)
    if refused:
        return None, refused
    body = one.payload.encode()
    request = urllib.request.Request(one.url, data=body, method="POST", headers={
        "Content-Type": "application/json", "User-Agent": "After-Sales-Desk-Webhooks/1",
        "Webhook-Id": f"evt_{one.event_id}", "Webhook-Event": one.event_type,
        "Webhook-Signature": signature(one.secret, int(time.time()), body)})
    try:
        with _OPENER.open(request, timeout=TIMEOUT) as answer:
            return answer.status, None
    except urllib.error.HTTPError as exc:
        return exc.code, ANSWERED.format(code=exc.code)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return None, NOT_REACHED.format(reason=getattr(exc, "reason", exc))[:500]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A receiver's redirect is not followed (it could point inside our network): the
    3xx is its answer, and the delivery is tried again later."""

    def redirect_request(self, *args, **kwargs):
        return None


# no proxy from the environment either: the address checked is the address reached
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())


def _refused_address(url: str) -> str | None:
    """A receiver inside our own network (loopback, private, link-local) only where
    WEBHOOK_ALLOW_PRIVATE says so: a subscription must not reach what only the server
    can."""
    if current_app.config.get("WEBHOOK_ALLOW_PRIVATE"):
        return None
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except OSError as exc:
        return NOT_REACHED.format(reason=exc)[:500]
    for address in addresses:
        if private_address(ipaddress.ip_address(address.split("%")[0])):
            return INSIDE_NETWORK.format(host=host)
    return None
