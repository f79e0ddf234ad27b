"""Exchange orders (SPEC S5): one click makes the pending messenger order for the
exchange items, paid first by the returned goods."""
from decimal import ROUND_UP, Decimal

from sqlalchemy import select

from ..core import audit, currency
from ..credit import exchange_goods, order_money
from .kinds import goods_in_exchange, kind_of, left_to_refund
from . import hooks
from .orders import can, lock_aso, move, refundable, require
from ..credit.terms import Payment
from ..core.errors import RuleError
from ..sales import cancellation, orders as sales_orders
from ..sales.orders import LineInput, create_order
from ...models import AfterSalesOrder, Organization
from ...money import ZERO, quantize
from ..core.usecase import use_case


@use_case("aftersales.manual")
def generate(session, user, aso):
    """The returned goods pay min(R, E), less what refunds already gave back of them:
    from what the original order's money account can still give, then from goods still
    owed for (the original's credit, which stays owed until a refund of R - E offsets
    it); the rest is owed like any order, settled when the exchange order is approved."""
    if not kind_of(aso).exchange_lines:
        raise RuleError(
            "exchange.exchange_items", {"number": aso.number, "kind_label": aso.kind_label}
        )
    lock_aso(session, aso)
    require(aso, "generate_exchange")
    live = aso.exchange_order
    if live is not None and live.status != "cancelled":
        raise RuleError(
            "exchange.already_exchange_order", {"number": aso.number, "number2": live.number}
        )
    wanted = max(ZERO, min(aso.returned_amount - aso.refunded - goods_in_exchange(aso),
                           aso.exchange_amount))
    paid = order_money.give_back(aso.order, "exchange", min(
        wanted, order_money.available(aso.order, "exchange")), "Exchange")
    # goods still owed for pay too: the original order's debt for them stands
    owed = max(ZERO, aso.order.unsettled - exchange_goods.on_credit(
        session, aso.order))
    goods = paid + min(wanted - paid, owed)
    order = create_order(
        session, user, store=aso.order.store, customer=aso.order.customer,
        lines=[_priced(session, aso, line) for line in aso.exchange_lines],
        order_type="messenger", payment_method="prepaid",
        note=f"Exchange for after-sales order {aso.number}",
        payment=Payment(goods=goods, paid_with="exchange"), remainder_later=True)
    aso.exchange_order = order
    session.flush()
    audit.record(session, user, "aftersales.exchange_order", aso, before={},
                 after={"exchange_order": order.number, "paid_by_goods": str(goods)})
    return order


def _priced(session, aso, line) -> LineInput:
    """An exchange line as the exchange order's line, at the value E counted: an amount
    edited by hand (SPEC S5) is the line's amount, its unit price that amount per unit
    (rounded up to the currency's units, so the line's cap holds it)."""
    if line.amount == quantize(line.unit_price * line.quantity):
        return LineInput(line.sku, line.quantity, line.unit_price)
    step = Decimal(1).scaleb(-currency.minor_units(
        session.get(Organization, aso.org_id).currency))
    unit = (line.amount / line.quantity).quantize(step, rounding=ROUND_UP)
    return LineInput(line.sku, line.quantity, unit, amount=line.amount)


def complete_when_settled(session, user, aso) -> bool:
    """An exchange whose goods are back and whose exchange order is approved, with
    nothing left to refund, is done: it completes by itself, saying why."""
    order = aso.exchange_order
    if kind_of(aso).code != "exchange" or order is None or \
            order.status in ("pending", "cancelled") or not can(aso, "complete") or \
            left_to_refund(aso) > 0:
        return False
    move(session, user, aso, "complete")
    audit.record(session, user, "aftersales.settled_by_exchange", aso, after={
        "why": f"exchange order {order.number} approved; nothing left to refund"})
    return True


def _of_exchange_order(session, order):
    aso = session.execute(select(AfterSalesOrder).where(
        AfterSalesOrder.exchange_order_id == order.id)).scalar()
    if aso is not None:
        lock_aso(session, aso)
    return aso


def _approved(session, user, order) -> None:
    aso = _of_exchange_order(session, order)
    if aso is not None:
        complete_when_settled(session, user, aso)


def _cancelled(session, user, order) -> None:
    """Its returned goods are back on the after-sales order (SPEC S5), which opens again
    if it had completed, for one new exchange order or a refund."""
    aso = _of_exchange_order(session, order)
    if aso is not None:
        _reopen(session, user, aso)


def _refunded(session, user, aso) -> None:
    """A refund confirmed after its exchange order was cancelled completes the order:
    the goods that paid the cancelled exchange order are still owed a way back."""
    order = aso.exchange_order
    if kind_of(aso).code == "exchange" and order is not None and order.status == "cancelled":
        _reopen(session, user, aso)


def _reopen(session, user, aso) -> None:
    if can(aso, "exchange_cancelled") and refundable(aso) > 0:
        move(session, user, aso, "exchange_cancelled")
        aso.completed_at = None


sales_orders.AFTER_APPROVE.append(_approved)
cancellation.AFTER_CANCEL.append(_cancelled)
hooks.ON_REFUND.append(_refunded)
hooks.ON_STOCK_IN.append(complete_when_settled)  # the goods back after the approval


@use_case("aftersales.manual")
def complete_without_refund(session, user, aso):
    """An exchange whose goods are worth no more than the exchange items: done."""
    lock_aso(session, aso)
    require(aso, "complete")  # its exchange order first: the page's hidden button is no check
    # what the order can no longer give back (cancelled: its money went to the balance)
    # is no refund due
    if left_to_refund(aso) > 0:
        raise RuleError('exchange.still_refund_due_create', {'number': aso.number})
    move(session, user, aso, "complete")
    return aso
