"""A customer's page (SPEC S2, S7): what they bought and returned, and where their
account stands, aggregated in SQL."""
from dataclasses import dataclass

from sqlalchemy import func, select

from ..models import AfterSalesOrder, LedgerEntry, Order
from .campaigns import received
from ..money import ZERO

RECENT = 10


@dataclass
class Summary:
    orders: int
    spent: object            # total of orders not cancelled
    last_order: object
    aftersales: int
    recent_orders: list
    recent_aftersales: list
    ledger_entries: int
    campaigns: list          # (campaign, its message to the customer), newest first


def summary(session, customer) -> Summary:
    live = (Order.customer_id == customer.id, Order.status != "cancelled")
    count, spent, last = session.execute(select(
        func.count(), func.sum(Order.total), func.max(Order.order_date))
        .where(*live)).one()
    recent = session.execute(select(Order).where(Order.customer_id == customer.id)
                             .order_by(Order.order_date.desc(), Order.id.desc())
                             .limit(RECENT)).scalars().all()
    aftersales = session.execute(select(AfterSalesOrder).where(
        AfterSalesOrder.customer_id == customer.id).order_by(AfterSalesOrder.id.desc())
        .limit(RECENT)).scalars().all()
    return Summary(
        orders=count, spent=spent if spent is not None else ZERO, last_order=last,
        aftersales=session.scalar(select(func.count()).where(
            AfterSalesOrder.customer_id == customer.id)),
        recent_orders=recent, recent_aftersales=aftersales,
        ledger_entries=session.scalar(select(func.count()).where(
            LedgerEntry.customer_id == customer.id)),
        campaigns=received(session, customer.id, RECENT))
