"""A campaign's contribution to orders (SPEC S7): the orders its recipients placed during
its period, gross and net of cancellations and refunds, aggregated in SQL for a whole
page of campaigns at once. Recipients are those it was sent or is being sent to; a
message that failed does not count."""
from dataclasses import dataclass

from sqlalchemy import and_, func, select, type_coerce

from ..models import Campaign, Order, Outbox
from ..money import ZERO, Money


@dataclass(frozen=True)
class Contribution:
    orders: int = 0          # every order placed in the period
    amount: object = ZERO    # their totals
    net_orders: int = 0      # those not cancelled
    net_amount: object = ZERO  # their totals less what was refunded on them


def contributions(session, campaign_ids) -> dict:
    """{campaign id: Contribution}; campaigns without orders get zeros."""
    out = {cid: Contribution() for cid in campaign_ids}
    if not out:
        return out
    live = Order.status != "cancelled"
    day = func.date(Order.order_date)
    rows = session.execute(
        select(Outbox.campaign_id, func.count(Order.id),
               type_coerce(func.sum(Order.total), Money),
               func.count(Order.id).filter(live),
               type_coerce(func.sum(Order.total - Order.refunded_total).filter(live), Money))
        .join(Campaign, Campaign.id == Outbox.campaign_id)
        .join(Order, and_(Order.customer_id == Outbox.customer_id,
                          Order.org_id == Campaign.org_id,
                          day >= Campaign.starts_on, day <= Campaign.ends_on))
        # a recipient whose message failed did not get it: not their orders
        .where(Outbox.campaign_id.in_(list(out)), Outbox.status != "failed")
        .group_by(Outbox.campaign_id))
    for cid, orders, amount, net_orders, net_amount in rows:
        out[cid] = Contribution(orders, amount or ZERO, net_orders, net_amount or ZERO)
    return out


def received(session, customer_id, limit: int = 10) -> list:
    """The campaigns a customer was sent, newest first, with their message's outcome."""
    return session.execute(
        select(Campaign, Outbox).join(Outbox, Outbox.campaign_id == Campaign.id)
        .where(Outbox.customer_id == customer_id)
        .order_by(Outbox.id.desc()).limit(limit)).all()
