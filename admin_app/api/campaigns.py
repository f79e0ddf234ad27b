"""Campaigns (with their contribution to orders; written as on their page: a draft
made and changed, sent, its failed messages retried, deleted) and the email outbox
(read)."""
from apiflask import Schema
from apiflask.fields import Date, Integer, List, String
from apiflask.validators import Length, OneOf

from ..extensions import db
from ..models import CAMPAIGN_STATUSES, OUTBOX_STATUSES, Campaign, CustomerLevel, Label, Outbox
from ..reports import campaigns as campaign_reports
from ..rules.customers import campaigns
from . import bp, shapes
from .auth import auth, user
from .calls import ok, write
from .inputs import amount
from .paging import page
from .rows import may_read, row
from .schemas import ERRORS, Amount, Id, Instant, ListQuery, Money, page_of

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
    allowed_events = List(String(), metadata={"description": "send, edit, delete, retry"})


class CampaignIn(Schema):
    name = String(required=True, validate=Length(max=120))
    subject = String(required=True, validate=Length(max=200),
                     metadata={"description": "{name} is the customer's name"})
    body_text = String(required=True, validate=Length(max=20000))
    body_html = String(allow_none=True, validate=Length(max=100000))
    level_id = Id(allow_none=True)
    label_id = Id(allow_none=True)
    min_spent = Amount(allow_none=True)
    last_order_from = Date(allow_none=True)
    last_order_to = Date(allow_none=True)
    starts_on = Date(required=True)
    ends_on = Date(required=True)


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
    listed["data"] = _shapes(listed["data"])
    return ok(listed)


def _shapes(rows: list) -> list[dict]:
    made = campaign_reports.contributions(db.session, rows)
    code, org = user().org.currency, user().org
    return [{
        "id": c.id, "name": c.name, "subject": c.subject, "status": c.status,
        "starts_on": shapes.day(c.starts_on), "ends_on": shapes.day(c.ends_on),
        "recipients": c.recipients, "currency": code,
        "orders": made[c.id].orders, "amount": shapes.money(made[c.id].amount, code),
        "net_orders": made[c.id].net_orders,
        "net_amount": shapes.money(made[c.id].net_amount, code),
        "sent_at": shapes.instant(org, c.sent_at),
        "allowed_events": campaigns.allowed(user(), c)} for c in rows]


def _shape(campaign: Campaign) -> dict:
    return _shapes([campaign])[0]


def _save(campaign: Campaign, data: dict) -> Campaign:
    def own(model, key):
        return row(model, data[key]) if data.get(key) is not None else None
    return campaigns.save(
        db.session, user(), campaign, name=data["name"], subject=data["subject"],
        body_text=data["body_text"], body_html=data.get("body_html"),
        level=own(CustomerLevel, "level_id"), label=own(Label, "label_id"),
        min_spent=amount(data.get("min_spent"), "min_spent"),
        last_order_from=data.get("last_order_from"), last_order_to=data.get("last_order_to"),
        starts_on=data["starts_on"], ends_on=data["ends_on"])


@bp.get("/campaigns/<int:campaign_id>")
@bp.auth_required(auth)
@bp.output(CampaignOut)
@bp.doc(tags=["Campaigns"], responses=ERRORS)
def get_campaign(campaign_id):
    """One campaign, with its contribution and what may be done with it"""
    may_read(*READ)
    return ok(_shape(row(Campaign, campaign_id)))


@bp.post("/campaigns")
@bp.auth_required(auth)
@bp.input(CampaignIn, location="json")
@bp.output(CampaignOut, status_code=201)
@bp.doc(tags=["Campaigns"], responses=ERRORS)
def create_campaign(json_data):
    """A draft campaign: its message and whom it goes to"""
    return write(lambda: _save(Campaign(), json_data), _shape)


@bp.patch("/campaigns/<int:campaign_id>")
@bp.auth_required(auth)
@bp.input(CampaignIn, location="json")
@bp.output(CampaignOut)
@bp.doc(tags=["Campaigns"], responses=ERRORS)
def update_campaign(campaign_id, json_data):
    """A draft changed, every field sent again (a sent campaign is not)"""
    return write(lambda: _save(row(Campaign, campaign_id), json_data), _shape, 200)


@bp.post("/campaigns/<int:campaign_id>/<any(send,retry):campaign_step>")
@bp.auth_required(auth)
@bp.output(CampaignOut)
@bp.doc(tags=["Campaigns"], responses=ERRORS)
def campaign_step(campaign_id, campaign_step):
    """send: queue one message per matching customer (send-mail delivers them);
    retry: queue the failed ones again"""
    def apply():
        campaign = row(Campaign, campaign_id)
        (campaigns.send if campaign_step == "send" else campaigns.retry_failed)(
            db.session, user(), campaign)
        return campaign
    return write(apply, _shape, 200)


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
