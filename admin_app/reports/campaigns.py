"""A campaign's contribution to orders (SPEC S7): the orders its recipients placed during
its period, gross and net of cancellations and refunds, aggregated in SQL for a whole
page of campaigns at once. Recipients are those it was sent or is being sent to; a
message that failed does not count."""
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.orm import joinedload
from sqlalchemy import (DateTime, Integer, String, and_, bindparam, func, or_, select,
                        type_coerce)

from ..models import Campaign, Customer, Order, Outbox
from ..money import ZERO, Money


@dataclass(frozen=True)
class Contribution:
    orders: int = 0          # every order placed in the period
    amount: object = ZERO    # their totals
    net_orders: int = 0      # those not cancelled
    net_amount: object = ZERO  # their totals less what was refunded on them


def contributions(session, campaigns) -> dict:
    """{campaign id: Contribution} of the given campaigns; those without orders get
    zeros. Each period is a range on the order date (the (org, date) index finds the
    period's orders, then they meet the recipients), not a date function of each row."""
    out = {c.id: Contribution() for c in campaigns}
    if not out:
        return out
    # Every value is written into the SQL, not bound: a prepared statement's generic
    # plan, blind to the campaign and its dates, walks every recipient's orders (4x
    # slower from the 11th run on PostgreSQL).
    periods = or_(*(and_(
        Outbox.campaign_id == _inline(c.id, Integer),
        Order.org_id == _inline(c.org_id, Integer),
        Order.order_date >= _inline(datetime.combine(c.starts_on, time()), DateTime),
        Order.order_date < _inline(datetime.combine(c.ends_on + timedelta(days=1), time()),
                                   DateTime)) for c in campaigns))
    live = Order.status != _inline("cancelled", String)
    rows = session.execute(
        select(Outbox.campaign_id, func.count(Order.id),
               type_coerce(func.sum(Order.total), Money),
               func.count(Order.id).filter(live),
               type_coerce(func.sum(Order.total - Order.refunded_total).filter(live), Money))
        .join(Order, and_(Order.customer_id == Outbox.customer_id, periods,
                          # goods sent again for an after-sales order: not a purchase
                          Order.order_type != _inline("replacement", String)))
        # a recipient whose message failed did not get it: not their orders
        .where(Outbox.campaign_id.in_([_inline(cid, Integer) for cid in out]),
               Outbox.status != _inline("failed", String))
        .group_by(Outbox.campaign_id))
    for cid, orders, amount, net_orders, net_amount in rows:
        out[cid] = Contribution(orders, amount or ZERO, net_orders, net_amount or ZERO)
    return out


def outcome_counts(session, campaign_ids) -> dict:
    """{campaign id: {status: count}} of the campaigns' messages, in one query."""
    out: dict = {cid: {} for cid in campaign_ids}
    if campaign_ids:
        for cid, status, count in session.execute(
                select(Outbox.campaign_id, Outbox.status, func.count())
                .where(Outbox.campaign_id.in_(campaign_ids))
                .group_by(Outbox.campaign_id, Outbox.status)):
            out[cid][status] = count
    return out


def messages(session, campaign, limit: int) -> list:
    """The campaign's messages, failed first, up to `limit` (each part read by the
    (campaign, status, id) index), with their customer's label columns."""
    found: list = []
    for failed in (True, False):
        found += session.execute(
            select(Outbox).where(Outbox.campaign_id == campaign.id,
                                 (Outbox.status == "failed") if failed
                                 else (Outbox.status != "failed"))
            .options(joinedload(Outbox.customer).load_only(
                *(getattr(Customer, c) for c in Customer.label_columns)))
            .order_by(Outbox.id).limit(limit - len(found))).scalars().all()
        if len(found) >= limit:
            break
    return found


def _inline(value, type_):
    return bindparam(None, value, type_, literal_execute=True)


def received(session, customer_id, limit: int = 10) -> list:
    """The campaigns a customer was sent, newest first, with their message's outcome."""
    return session.execute(
        select(Campaign, Outbox).join(Outbox, Outbox.campaign_id == Campaign.id)
        .where(Outbox.customer_id == customer_id)
        .order_by(Outbox.id.desc()).limit(limit)).all()
