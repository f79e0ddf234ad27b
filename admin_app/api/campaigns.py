"""Campaigns (read, with their contribution to orders) and the email outbox (read)."""
from apiflask import Schema
from apiflask.fields import Integer, String
from apiflask.validators import OneOf

from ..extensions import db
from ..models import CAMPAIGN_STATUSES, OUTBOX_STATUSES, Campaign, Outbox
from ..reports import campaigns as campaign_reports
from . import bp, shapes
from .auth import auth, user
from .calls import ok
from .paging import page
from .rows import may_read
from .schemas import ERRORS, Instant, ListQuery, Money, page_of

READ = ("customers.manage",)


class CampaignOut(Schema):
    id = Integer()
    name = String()
    subject = String()
    status = String()
    starts_on = String(metadata={"format": "date"})
    ends_on = String(metadata={"format": "date"})
    recipients = Integer()
    currency = String()
    orders = Integer(metadata={"description": "Recipients' orders in the period"})
    amount = Money()
    net_orders = Integer(metadata={"description": "Of them, not cancelled"})
    net_amount = Money(metadata={"description": "Their totals less what was refunded"})
    sent_at = Instant(allow_none=True)


class OutboxOut(Schema):
    id = Integer()
    campaign_id = Integer(allow_none=True)
    customer_id = Integer(allow_none=True)
    to_address = String(allow_none=True)
    subject = String()
    status = String()
    attempts = Integer()
    error = String(allow_none=True)
    created_at = Instant()


class CampaignQuery(ListQuery):
    status = String(validate=OneOf(list(CAMPAIGN_STATUSES)))


class OutboxQuery(ListQuery):
    status = String(validate=OneOf(list(OUTBOX_STATUSES)))


@bp.get("/campaigns")
@bp.auth_required(auth)
@bp.input(CampaignQuery, location="query")
@bp.output(page_of(CampaignOut, "CampaignPage"))
@bp.doc(tags=["Campaigns"], responses=ERRORS)
def list_campaigns(query_data):
    """Campaigns, newest first, each with the orders its recipients placed in its period"""
    may_read(*READ)
    where = [Campaign.org_id == user().org_id]
    if query_data.get("status"):
        where.append(Campaign.status == query_data["status"])
    listed = page(Campaign, where, query_data, lambda c: c)
    made = campaign_reports.contributions(db.session, listed["data"])
    code, org = user().org.currency, user().org
    listed["data"] = [{
        "id": c.id, "name": c.name, "subject": c.subject, "status": c.status,
        "starts_on": shapes.day(c.starts_on), "ends_on": shapes.day(c.ends_on),
        "recipients": c.recipients, "currency": code,
        "orders": made[c.id].orders, "amount": shapes.money(made[c.id].amount, code),
        "net_orders": made[c.id].net_orders,
        "net_amount": shapes.money(made[c.id].net_amount, code),
        "sent_at": shapes.instant(org, c.sent_at)} for c in listed["data"]]
    return ok(listed)


@bp.get("/outbox")
@bp.auth_required(auth)
@bp.input(OutboxQuery, location="query")
@bp.output(page_of(OutboxOut, "OutboxPage"))
@bp.doc(tags=["Campaigns"], responses=ERRORS)
def list_outbox(query_data):
    """The email outbox: campaigns' and notifications' messages, newest first"""
    may_read(*READ)
    where = [Outbox.org_id == user().org_id]
    if query_data.get("status"):
        where.append(Outbox.status == query_data["status"])
    org = user().org
    return ok(page(Outbox, where, query_data, lambda m: {
        "id": m.id, "campaign_id": m.campaign_id, "customer_id": m.customer_id,
        "to_address": m.to_address, "subject": m.subject, "status": m.status,
        "attempts": m.attempts, "error": m.error,
        "created_at": shapes.instant(org, m.created_at)}))
