"""Returned goods that paid an exchange order while the original order still owed for
them (SPEC S5: the goods pay min(R, E) even when they were bought on credit): the debt
stands for them until it is paid; once paid, they count as given back to the exchange,
as if the order had been paid when it was exchanged."""
from sqlalchemy import select

from . import order_money
from ...models import AfterSalesOrder, Order, PaymentAllocation
from ...money import ZERO


def on_credit(session, original: Order):
    """What returned goods still owed for pay of this order's live exchange orders: the
    order's debt stands for them, so it is not cancelled or offset away while they are
    held."""
    held = session.execute(select(Order.goods_received, Order.back_goods).join(
        AfterSalesOrder, AfterSalesOrder.exchange_order_id == Order.id).where(
        AfterSalesOrder.order_id == original.id, Order.status != "cancelled")).all()
    return max(ZERO, sum((got - back for got, back in held), ZERO) - original.back_exchange)


def paid_for(session, receipt_id: int) -> None:
    """A payment receipt settled its orders (the customer locked, the orders updated):
    goods on credit of theirs whose debt it paid count as given back from now on (a
    refund or cancellation of the order then gives back the same, however it was
    paid)."""
    originals = session.execute(select(AfterSalesOrder.order_id).join(
        PaymentAllocation, PaymentAllocation.order_id == AfterSalesOrder.order_id).where(
        PaymentAllocation.receipt_id == receipt_id,
        AfterSalesOrder.exchange_order_id.is_not(None)).distinct()).scalars().all()
    for original_id in sorted(originals):  # an exchange of an order paid now (rare)
        original = session.get(Order, original_id)
        session.refresh(original, with_for_update=True)
        paid = on_credit(session, original) - original.unsettled
        if paid > 0:
            order_money.give_back(original, "exchange",
                                  min(paid, order_money.available(original, "exchange")),
                                  "Exchange")
