"""Webhooks over the API (SPEC S11), as on the Webhooks page: subscribe a URL to
events, pause and resume it, list every delivery with its status and answer, and send
one again."""
from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, String
from apiflask.validators import Length, OneOf
from flask import current_app
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import DELIVERY_STATUSES, WebhookDelivery, WebhookSubscription
from ..rules.accounts import webhook_subscriptions as subscriptions
from ..rules.core.webhook_deliveries import DELIVERY, next_attempt
from ..rules.core.webhooks import EVENT_TYPES
from . import bp, shapes
from .auth import auth, user
from .calls import ok, write
from .paging import page, where_of
from .rows import may_read, row
from .schemas import ERRORS, Id, ListQuery, page_of

PERMISSION = subscriptions.PERMISSION
TAGS = ["Webhooks"]


class SubscriptionOut(Schema):
    id = Integer()
    url = String()
    events = List(String(), metadata={"description": '"*" for every event'})
    secret = String(metadata={"description": "Signs each delivery (Webhook-Signature)"})
    active = Boolean()
    description = String(allow_none=True)
    created_at = String()


class SubscriptionIn(Schema):
    url = String(required=True, validate=Length(min=1, max=500),
                 metadata={"description": "https://... where the events are POSTed"})
    events = List(String(validate=OneOf(["*", *EVENT_TYPES])), required=True,
                  validate=Length(min=1, max=len(EVENT_TYPES) + 1))
    description = String(load_default="", validate=Length(max=200))


class DeliveryOut(Schema):
    id = Integer()
    subscription_id = Integer()
    event_id = Integer()
    event_type = String()
    status = String()
    attempts = Integer()
    response_code = Integer(allow_none=True)
    error = String(allow_none=True)
    created_at = String()
    delivered_at = String(allow_none=True)
    next_attempt_at = String(allow_none=True, metadata={
        "description": "When it is tried again; null once delivered or given up"})
    allowed_events = List(String(), metadata={"description": "redeliver"})


class DeliveryQuery(ListQuery):
    subscription_id = Id()
    status = String(validate=OneOf(list(DELIVERY_STATUSES)))


def subscription_shape(s: WebhookSubscription) -> dict:
    org = user().org
    return {"id": s.id, "url": s.url, "events": s.events.split(), "secret": s.secret,
            "active": s.active, "description": s.description,
            "created_at": shapes.instant(org, s.created_at)}


def delivery_shape(d: WebhookDelivery) -> dict:
    org = user().org
    return {"id": d.id, "subscription_id": d.subscription_id, "event_id": d.event_id,
            "event_type": d.event.event_type, "status": d.status, "attempts": d.attempts,
            "response_code": d.response_code, "error": d.error,
            "created_at": shapes.instant(org, d.created_at),
            "delivered_at": shapes.instant(org, d.delivered_at),
            "next_attempt_at": shapes.instant(org, next_attempt(d)),
            "allowed_events": ["redeliver"] if DELIVERY.can(d, "redeliver") else []}


@bp.get("/webhooks")
@bp.auth_required(auth)
@bp.input(ListQuery, location="query")
@bp.output(page_of(SubscriptionOut, "SubscriptionPage"))
@bp.doc(tags=TAGS, responses=ERRORS)
def list_webhooks(query_data):
    """The organization's subscriptions, newest first"""
    may_read(PERMISSION)
    return ok(page(WebhookSubscription, [WebhookSubscription.org_id == user().org_id],
                   query_data, subscription_shape))


@bp.post("/webhooks")
@bp.auth_required(auth)
@bp.input(SubscriptionIn, location="json")
@bp.output(SubscriptionOut, status_code=201)
@bp.doc(tags=TAGS, responses=ERRORS)
def subscribe_webhook(json_data):
    """Send these events to a URL, signed with the secret answered"""
    return write(lambda: subscriptions.subscribe(
        db.session, user(), url=json_data["url"], events=json_data["events"],
        description=json_data["description"],
        allow_private=current_app.config.get("WEBHOOK_ALLOW_PRIVATE", False)),
        subscription_shape)


@bp.post("/webhooks/<int:subscription_id>/events/<any(pause,resume):change>")
@bp.auth_required(auth)
@bp.output(SubscriptionOut)
@bp.doc(tags=TAGS, responses=ERRORS)
def switch_webhook(subscription_id, change):
    """Pause (no new event goes to it) or resume a subscription"""
    return write(lambda: subscriptions.set_active(
        db.session, user(), row(WebhookSubscription, subscription_id), change == "resume"),
        subscription_shape, 200)


@bp.get("/webhooks/deliveries")
@bp.auth_required(auth)
@bp.input(DeliveryQuery, location="query")
@bp.output(page_of(DeliveryOut, "DeliveryPage"))
@bp.doc(tags=TAGS, responses=ERRORS)
def list_deliveries(query_data):
    """Every delivery, newest first: its status, attempts and the receiver's answer"""
    may_read(PERMISSION)
    return ok(page(WebhookDelivery, where_of(WebhookDelivery, user().org_id, query_data,
                                             ("subscription_id", "status")),
                   query_data, delivery_shape, (joinedload(WebhookDelivery.event),)))


@bp.post("/webhooks/deliveries/<int:delivery_id>/redeliver")
@bp.auth_required(auth)
@bp.output(DeliveryOut)
@bp.doc(tags=TAGS, responses=ERRORS)
def redeliver_webhook(delivery_id):
    """Send the event again now (a receiver that was down, or lost it)"""
    return write(lambda: subscriptions.redeliver(
        db.session, user(), row(WebhookDelivery, delivery_id)), delivery_shape, 200)
