"""An after-sales order's lines (SPEC S5): what comes back, from which order line, for
how much (never more than sold less what earlier after-sales orders returned, in the
currency's units), and the exchange items."""
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import object_session

from ..core import currency, usage
from ..core.chunks import chunks
from ..core.errors import RuleError
from ..core.messages._marker import _
from ..sales.pricing import price_for
from .kinds import KINDS, PLATFORM_KINDS
from ...models import (AfterSalesLine, AfterSalesOrder, OrderLine, Organization,
                       ReturnReason, Sku)
from ...money import MAX_AMOUNT, ZERO, fmt, quantize

MAX_QTY = 100_000
# kinds whose goods come back, paid back or free (a service); and a Refund-Only's kinds,
# whose goods stay with the buyer
GOODS_PAID = tuple(code for code, kind in KINDS.items() if kind.warehouse and kind.pays)
GOODS_FREE = tuple(code for code, kind in KINDS.items() if kind.warehouse and not kind.pays)
GOODS_BACK = GOODS_PAID + GOODS_FREE
MONEY_ONLY = tuple(code for code, kind in KINDS.items() if not kind.warehouse and kind.pays)


@dataclass
class ReturnInput:
    """A returned line: from the original order (order_line) or an added SKU."""
    quantity: int
    order_line: OrderLine | None = None
    sku: Sku | None = None
    amount: Decimal | None = None   # None: quantity x unit price
    reason: ReturnReason | None = None


@dataclass
class ExchangeInput:
    sku: Sku
    quantity: int
    unit_price: Decimal | None = None  # None: priced by price_for
    amount: Decimal | None = None


def returned_before(session, order_line_id: int, goods_only: bool = False,
                    repairs: bool = True) -> int:
    """Units of the order line live after-sales orders already took. Units come back
    paid (a return refunded), come back free (a service), or are paid without coming
    back (a Refund-Only). Goods come back once: paid + free (`goods_only`). Money goes
    back once a unit, and a free return may bring the very units a Refund-Only paid
    for (seed 000, scenario 2): paid + the larger of refunded-only and free."""
    return returned_many(session, [order_line_id], goods_only, repairs)[order_line_id]


def returned_many(session, line_ids, goods_only: bool = False,
                  repairs: bool = True) -> dict[int, int]:
    """returned_before of many order lines, read in a statement per thousand (an
    import's check). Units in an open repair are with the seller: no other service or
    return of the seller's takes them until the repair is done and they are back with
    the buyer (`repairs`; a platform's request is the platform's to make)."""
    cancelled = AfterSalesOrder.status == "cancelled"

    def units(*conditions, quantity=AfterSalesLine.quantity):
        return func.coalesce(func.sum(case((and_(*conditions), quantity), else_=0)), 0)
    returned = AfterSalesLine.kind == "return"
    # a request the platform closed after its goods were stocked in keeps them (S12):
    # they came back with no money, as a service's do; any other cancelled order took
    # its goods out and is not read at all
    kept = units(returned, cancelled,
                 quantity=AfterSalesLine.qualified_qty + AfterSalesLine.unqualified_qty)
    out: defaultdict[int, int] = defaultdict(int)
    for part in chunks(list(line_ids)):
        for line_id, paid, free, refunded_only, in_repair in session.execute(
                select(AfterSalesLine.order_line_id,
                       units(returned, ~cancelled, AfterSalesOrder.kind.in_(GOODS_PAID)),
                       units(returned, AfterSalesOrder.kind.in_(GOODS_FREE)) + kept,
                       units(returned, AfterSalesOrder.kind.in_(MONEY_ONLY)),
                       units(AfterSalesLine.kind == "repair",
                             AfterSalesOrder.status == "in_repair")).join(
                    AfterSalesOrder, AfterSalesOrder.id == AfterSalesLine.aftersales_id)
                .where(AfterSalesLine.order_line_id.in_(part),
                       AfterSalesLine.kind.in_(("return", "repair")),
                       or_(~cancelled, and_(AfterSalesOrder.kind.in_(PLATFORM_KINDS),
                                            AfterSalesOrder.received_at.is_not(None))))
                .group_by(AfterSalesLine.order_line_id)):
            out[line_id] = (in_repair if repairs else 0) + (
                paid + free if goods_only else paid + max(refunded_only, free))
    return out


def returnable(session, order_line, goods_only: bool = False, repairs: bool = True) -> int:
    return order_line.quantity - returned_before(session, order_line.id,
                                                 goods_only=goods_only, repairs=repairs)


def _check_quantity(n, qty):
    if not isinstance(qty, int) or not 1 <= qty <= MAX_QTY:
        raise RuleError('aftersales.line_quantity_must_1', {'n': n, 'max_qty': MAX_QTY})


AMOUNT, UNIT_PRICE = _("Amount"), _("Unit price")


def _code(order) -> str:
    """The order's currency (its organization's, from the identity map)."""
    session = object_session(order)
    org = session.get(Organization, order.org_id) if session is not None else None
    assert org is not None, "a stored order's lines are being built"
    return org.currency


def _typed(order, amount, label=AMOUNT):  # S9: no finer than the currency (VND: dong)
    return currency.entered_for(object_session(order), order.org_id, amount, label)


def _line_amount(n, qty, unit_price, amount, sold=None, before: int = 0, *, code: str):
    """A line's amount: `amount` if typed, within quantity x unit price; `sold` (an
    order line) also caps it at its share of what that line was sold for (an exchange
    order's line is worth the amount it was edited to, its unit price rounded up).
    Shares are in the currency's units (`code`: a dong shop's are whole), counted on from
    the `before` units already returned: the line's returns, one by one or all at once,
    add up to exactly what it was sold for."""
    cap = currency.quantize(unit_price * qty, code)
    if sold is not None and sold.quantity:
        def share(units):
            return currency.quantize(sold.amount * units / sold.quantity, code)
        cap = min(cap, share(before + qty) - share(before))
    if amount is None:
        return cap
    amount = quantize(amount)
    if amount < 0:
        raise RuleError('aftersales.line_amount_negative', {'n': n})
    if amount > cap:
        raise RuleError("aftersales.line_amount_most_x", {
            "n": n, "cap": fmt(cap), "qty": qty, "unit_price": fmt(unit_price)})
    return amount


def build_return_lines(session, order, inputs: list[ReturnInput],
                       returned: dict | None = None, goods_only: bool = False,
                       repairs: bool = True) -> list[AfterSalesLine]:
    """returned: what is already returned per order line, read in bulk by the caller
    under the orders' locks (an import); it is counted up with these lines."""
    if not inputs:
        raise RuleError('aftersales.returned_items_add_least', field='returned_items')
    by_sku = {line.sku_id: line for line in order.lines}
    code = _code(order)
    built: list[AfterSalesLine] = []
    wanted: dict[int, int] = {}
    for n, item in enumerate(inputs, start=1):
        _check_quantity(n, item.quantity)
        line = item.order_line
        if line is None and item.sku is not None:
            line = by_sku.get(item.sku.id)  # an added SKU that the order has is its line
        before = 0
        if line is not None:
            if line.order_id != order.id:
                raise RuleError('aftersales.line_line_order', {'n': n, 'number': order.number})
            before = wanted.get(line.id, 0)
            wanted[line.id] = before + item.quantity
            left = line.quantity - (returned_before(session, line.id, goods_only, repairs)
                                    if returned is None
                                    else returned[line.id])
            before += line.quantity - left
            if wanted[line.id] > left:
                raise RuleError("aftersales.line_sold_already_returned", {
                    "n": n, "code": line.sku.code, "quantity": line.quantity,
                    "value": line.quantity - left, "left": left})
            sku, unit_price = line.sku, line.unit_price
        else:
            if item.sku is None or item.sku.org_id != order.org_id:
                raise RuleError('aftersales.line_choose_sku_your', {'n': n})
            sku, unit_price = item.sku, price_for(session, order.customer, item.sku)
        if item.reason is not None and item.reason.org_id != order.org_id:
            raise RuleError('aftersales.line_choose_one_your', {'n': n})
        usage.require_active(item.reason)
        built.append(AfterSalesLine(
            org_id=order.org_id, kind="return", order_line_id=getattr(line, "id", None),
            sku_id=sku.id, sku=sku, quantity=item.quantity, unit_price=unit_price,
            amount=_line_amount(n, item.quantity, unit_price, _typed(order, item.amount),
                                line, before, code=code),
            reason=item.reason))
    if returned is not None:
        for line_id, qty in wanted.items():
            returned[line_id] += qty
    return built


def build_exchange_lines(session, order, inputs: list[ExchangeInput]) -> list[AfterSalesLine]:
    built = []
    for n, item in enumerate(inputs, start=1):
        _check_quantity(n, item.quantity)
        if item.sku is None or item.sku.org_id != order.org_id:
            raise RuleError('aftersales.exchange_line_choose_sku', {'n': n})
        usage.require_active(item.sku)  # its exchange order could never be made
        price = quantize(_typed(order, item.unit_price, UNIT_PRICE) if item.unit_price
                         is not None else price_for(session, order.customer, item.sku))
        if not ZERO <= price <= MAX_AMOUNT:
            raise RuleError("aftersales.exchange_line_unit_price",
                            {"n": n, "max_amount": MAX_AMOUNT})
        built.append(AfterSalesLine(
            org_id=order.org_id, kind="exchange", sku_id=item.sku.id, sku=item.sku,
            quantity=item.quantity, unit_price=price,
            amount=_line_amount(n, item.quantity, price, _typed(order, item.amount),
                                code=_code(order))))
    return built


def totals(lines) -> tuple[Decimal, Decimal]:
    """R (returned) and E (exchange)."""
    r = sum((line.amount for line in lines if line.kind == "return"), ZERO)
    e = sum((line.amount for line in lines if line.kind == "exchange"), ZERO)
    return r, e
