"""Exchange orders (SPEC S5): one click makes the pending messenger order for the
exchange items, paid first by the returned goods."""
from decimal import Decimal

from . import audit
from .aftersales import lock_aso, move, refundable, require
from .credit import Payment
from .errors import RuleError
from .orders import LineInput, create_order
from ..money import ZERO


def generate(session, user, aso, paid_now: Decimal = ZERO):
    """min(R, E) is received from the return; the rest is owed like any order (credit
    if allowed, else `paid_now` must cover it)."""
    if aso.kind != "exchange":
        raise RuleError(f"{aso.number} is not an Exchange.")
    lock_aso(session, aso)
    require(aso, "generate_exchange")
    if aso.exchange_order is not None and aso.exchange_order.status != "cancelled":
        raise RuleError(f"{aso.number} already has exchange order "
                        f"{aso.exchange_order.number}.")
    from_return = min(aso.returned_amount, aso.exchange_amount)
    order = create_order(
        session, user, store=aso.order.store, customer=aso.order.customer,
        lines=[LineInput(line.sku, line.quantity, line.unit_price)
               for line in aso.exchange_lines],
        order_type="messenger", payment_method="prepaid",
        note=f"Exchange for after-sales order {aso.number}",
        payment=Payment(received=from_return + (paid_now or ZERO), paid_with="exchange"))
    aso.exchange_order = order
    session.flush()
    audit.record(session, user, "aftersales.exchange_order", aso, before={},
                 after={"exchange_order": order.number})
    return order


def complete_without_refund(session, user, aso) -> None:
    """An exchange whose goods are worth no more than the exchange items: done."""
    lock_aso(session, aso)
    if refundable(aso) > 0:
        raise RuleError(f"{aso.number} still has a refund due: create a refund order.")
    move(session, user, aso, "complete")
