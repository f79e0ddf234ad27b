"""What can still be refunded on an after-sales order: its kind's refundable amount,
within what its order can still give back (SPEC S4: nothing ever gives back more than
came in). A refund first offsets what the order still owes, then pays out of the
money account, by bank or to the balance."""
from decimal import Decimal

from sqlalchemy.orm import object_session

from . import hooks
from ..credit import exchange_goods, order_money
from ...money import ZERO


def most(aso, refundable: Decimal) -> Decimal:
    """The largest refund some method would accept now (0: nothing is left), of the
    `refundable` amount its kind allows."""
    return on_order(object_session(aso), aso.order, refundable)


def on_order(session, order, refundable: Decimal) -> Decimal:
    """most() for a refund of `refundable` on `order` (an after-sales order about to be
    made: a Refund-Only with nothing left to give back would wait for ever)."""
    left = min(refundable, order.total - order.refunded_total)
    if left <= 0:
        return ZERO
    paid_out = max(order_money.available(order, way) for way in ("bank", "balance"))
    if left <= paid_out or order.unsettled <= 0:  # no offset needed, or none possible
        return max(ZERO, min(left, paid_out))
    held = exchange_goods.on_credit(session, order) if session is not None else ZERO
    return max(ZERO, min(left, max(ZERO, order.unsettled - held) + paid_out))


hooks.REFUND_CAPS.append(most)
