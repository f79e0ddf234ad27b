"""An exchange on an order bought on credit (SPEC S5): "its value is paid first by the
returned goods: min(R, E) is recorded as received from the return". The goods pay even
while they are still owed for: the original order's debt for them stands until the
refund of R - E offsets it, so the customer owes E in the end, as for a paid order."""
from decimal import Decimal as D

import pytest

from admin_app.rules.aftersales import exchange, orders as aftersales, refund_orders
from admin_app.rules.aftersales.orders import ExchangeInput, ReturnInput
from admin_app.rules.credit import payments, verification
from admin_app.rules.credit.terms import Payment
from admin_app.rules.sales import cancellation
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.rules.sales.status import change_status

from ... import builders
from ..accounts_helpers import assert_books_balance, make_returns_shop, order
from tests.refusals import refused


@pytest.fixture
def shop(session):
    s = make_returns_shop(session)
    s.pen = builders.make_sku(session, s.org, "PEN", "20.00")
    return s


def _exchange(session, shop, received="0"):
    """A book of 33.33 bought, returned (R 33.33) for a pen (E 20.00)."""
    o = order(shop, "33.33", received=received)
    for event in ("to_pickup", "ship"):
        change_status(session, shop.main, o, event)
    aso = aftersales.create(session, shop.main, o, "exchange", [
        ReturnInput(1, order_line=o.lines[0], reason=shop.reason)],
        [ExchangeInput(shop.pen, 1)], warehouse=shop.wh)
    return o, aso


def _shipped(session, shop, sku, qty, price, received):
    """A shipped order of `qty` x `sku` at `price`, `received` paid in cash."""
    o = create_order(session, shop.main, store=shop.store, customer=shop.customer,
                     lines=[LineInput(sku, qty, D(price))],
                     payment=Payment(received=D(received), paid_with="cash"))
    for event in ("to_pickup", "ship"):
        change_status(session, shop.main, o, event)
    return o


def _exchange_shipped(session, shop, o, items):
    """o's first line returned for `items`, its exchange order generated and shipped."""
    aso = aftersales.create(session, shop.main, o, "exchange", [
        ReturnInput(1, order_line=o.lines[0], reason=shop.reason)], items, warehouse=shop.wh)
    aftersales.confirm(session, shop.main, aso, True)
    new = exchange.generate(session, shop.main, aso)
    if new.status == "pending":
        change_status(session, shop.main, new, "approve")
    for event in ("to_pickup", "ship"):
        change_status(session, shop.main, new, event)
    return new


@pytest.mark.parametrize("received,from_money", [("0", "0.00"), ("10.00", "10.00")])
def test_goods_still_owed_for_pay_the_exchange_order_and_the_refund_offsets_the_debt(
        session, shop, received, from_money):
    o, aso = _exchange(session, shop, received)      # R 33.33, E 20.00
    owed_before = shop.customer.total_credit
    assert aftersales.refundable(aso) == D("13.33")
    aftersales.confirm(session, shop.main, aso, True)
    new = exchange.generate(session, shop.main, aso)
    assert (new.goods_received, new.unsettled) == (D("20.00"), D("0.00"))
    assert o.back_exchange == D(from_money)            # money moves only where there was
    assert aftersales.refundable(aso) == D("13.33")    # still R - E
    assert shop.customer.total_credit == owed_before   # the exchange adds no debt
    change_status(session, shop.main, new, "approve")
    refund_orders.create(session, shop.main, aso, D("13.33"), "balance")
    # what is owed in the end: the exchange goods, less what was paid
    assert o.unsettled == D("20.00") - D(received)
    assert shop.customer.total_credit == D("20.00") - D(received)
    assert (aso.status, shop.customer.total_balance) == ("completed", D("0.00"))
    assert_books_balance(session)
    assert verification.verify(session)[1] == []


def test_the_original_is_not_cancelled_away_while_its_debt_pays_an_exchange(session, shop):
    o, aso = _exchange(session, shop)
    aftersales.confirm(session, shop.main, aso, True)
    new = exchange.generate(session, shop.main, aso)
    with refused("cancel.debt_backs_exchange", number=o.number, amount="20.00"):
        cancellation.cancel(session, shop.main, o)
    assert (o.status, o.unsettled) == ("shipped", D("33.33"))
    cancellation.cancel(session, shop.main, new)       # the goods go back to the return
    assert aftersales.refundable(aso) == D("33.33") and o.back_exchange == D("0.00")
    refund_orders.create(session, shop.main, aso, D("33.33"), "balance")
    assert (o.unsettled, shop.customer.total_credit) == (D("0.00"), D("0.00"))
    assert_books_balance(session)
    assert verification.verify(session)[1] == []


def test_goods_passed_on_to_an_exchange_of_the_exchange_stay_owed_for(session, shop):
    """A book on credit exchanged for a pen (X, paid by goods still owed for), the pen
    exchanged in turn for a pencil (Y, paid by X's goods). Cancelling X, then the book's
    order, let the pencil go for nothing: X stays until Y is cancelled."""
    pencil = builders.make_sku(session, shop.org, "PENCIL", "20.00")
    o, aso = _exchange(session, shop)
    aftersales.confirm(session, shop.main, aso, True)
    x = exchange.generate(session, shop.main, aso)
    for event in ("approve", "to_pickup", "ship"):
        change_status(session, shop.main, x, event)
    again = aftersales.create(session, shop.main, x, "exchange", [
        ReturnInput(1, order_line=x.lines[0], reason=shop.reason)],
        [ExchangeInput(pencil, 1)], warehouse=shop.wh)
    aftersales.confirm(session, shop.main, again, True)
    y = exchange.generate(session, shop.main, again)
    assert (y.goods_received, y.unsettled) == (D("20.00"), D("0.00"))
    with refused("cancel.goods_pay_exchange", number=x.number, amount="20.00"):
        cancellation.cancel(session, shop.main, x)
    with refused("cancel.debt_backs_exchange", number=o.number):
        cancellation.cancel(session, shop.main, o)
    cancellation.cancel(session, shop.main, y)
    cancellation.cancel(session, shop.main, x)
    cancellation.cancel(session, shop.main, o)
    # nothing kept, nothing owed: every order is cancelled
    assert (shop.customer.total_credit, shop.customer.total_balance) == (D("0"), D("0"))
    assert_books_balance(session)
    assert verification.verify(session)[1] == []


def test_a_later_refund_does_not_offset_the_debt_that_pays_an_exchange(session, shop):
    """2 x 50 on credit; 1 exchanged for a 50 pen (paid by the goods, still owed for);
    then a Refund-Only of 100 (the other unit and an added item). Its offset may clear
    only the debt not standing for the exchange goods: the customer still owes the pen,
    and the rest, with no money in the order to pay it out, is refused, as on a paid
    order."""
    extra = builders.make_sku(session, shop.org, "EXTRA", "50.00")
    shop.pen.wholesale_price = D("50.00")
    o = _shipped(session, shop, shop.sku, 2, "50.00", "0")
    ex = aftersales.create(session, shop.main, o, "exchange", [
        ReturnInput(1, order_line=o.lines[0], reason=shop.reason)],
        [ExchangeInput(shop.pen, 1)], warehouse=shop.wh)
    aftersales.confirm(session, shop.main, ex, True)
    change_status(session, shop.main, exchange.generate(session, shop.main, ex), "approve")
    ro = aftersales.create(session, shop.main, o, "refund_only", [
        ReturnInput(1, order_line=o.lines[0], reason=shop.reason),
        ReturnInput(1, sku=extra, reason=shop.reason)])
    aftersales.confirm(session, shop.main, ro, False)
    owed = shop.customer.total_credit
    with refused("refund.most_with_offset", most="50.00", offset="50.00", left="0.00"):
        refund_orders.create(session, shop.main, ro, D("100.00"), "balance")
    assert shop.customer.total_credit == owed
    refund_orders.create(session, shop.main, ro, D("50.00"), "balance")
    assert (o.unsettled, shop.customer.total_credit) == (D("50.00"), D("50.00"))
    assert_books_balance(session)
    assert verification.verify(session)[1] == []


def test_an_exchange_earns_points_only_on_what_was_paid_beyond_the_returned_goods(
        session, shop):
    """A book of 33.33 paid and completed earns 33 points; exchanged for a pen of 40.00,
    the pen's order is paid 33.33 by the book (which earned already) and 6.67 in cash:
    it earns 6 points, not 40."""
    shop.org.points_earn_rate = D("1")
    shop.pen.wholesale_price = D("40.00")
    o, aso = _exchange(session, shop, received="33.33")
    change_status(session, shop.main, o, "complete")
    assert shop.customer.points == 33
    aftersales.confirm(session, shop.main, aso, True)
    new = exchange.generate(session, shop.main, aso)
    from admin_app.rules.credit import payments
    payments.receive(session, shop.main, shop.customer, D("6.67"), [new.id]) \
        if new.unsettled else None
    for event in ("approve", "to_pickup", "ship", "complete"):
        change_status(session, shop.main, new, event)
    assert new.points_earned == 6 and shop.customer.points == 39
    assert_books_balance(session)


@pytest.mark.parametrize("paid", ["33.33", "25.00"])
def test_goods_on_credit_paid_for_later_count_as_given_back_as_if_paid_first(
        session, shop, paid):
    """S4: nothing gives back more than came in, whatever the order of events. The book
    bought on credit pays the pen; the customer then pays the order: a refund-only on it
    may give back what the same order paid at once could (33.33 - 20.00 = 13.33), not
    the whole payment, which would leave the pen paid for by nothing."""
    o, aso = _exchange(session, shop)
    aftersales.confirm(session, shop.main, aso, True)
    new = exchange.generate(session, shop.main, aso)
    change_status(session, shop.main, new, "approve")
    payments.receive(session, shop.main, shop.customer.id, D(paid), None)
    # what the payment left owed still stands for the pen; the rest of the pen is paid
    assert o.back_exchange == max(D("0.00"), D("20.00") - (D("33.33") - D(paid)))
    claim = aftersales.create(session, shop.main, o, "refund_only", [
        ReturnInput(1, sku=shop.pen, reason=shop.reason, amount=D("20.00"))])
    aftersales.confirm(session, shop.main, claim, False)
    most = D(paid) - o.back_exchange
    with refused("order_money.most_still_given_back", left=str(most)):
        refund_orders.create(session, shop.main, claim, most + D("0.01"), "bank_transfer",
                             refund_orders.BankDetails("Maybank", "Maria", "123"))
    refund_orders.create(session, shop.main, claim, most, "bank_transfer",
                         refund_orders.BankDetails("Maybank", "Maria", "123"))
    assert_books_balance(session)
    assert verification.verify(session)[1] == []


def test_an_exchange_is_never_completed_before_its_exchange_order_exists(session, shop):
    """R 30.00 for E 80.00 (nothing to refund): Complete is refused until the exchange
    order is generated, through the rule, not only by the page hiding the button (it
    completed, and the exchange items could never be sent)."""
    lamp = builders.make_sku(session, shop.org, "LAMP", "80.00")
    o = _shipped(session, shop, shop.sku, 1, "30.00", "30.00")
    aso = aftersales.create(session, shop.main, o, "exchange", [
        ReturnInput(1, order_line=o.lines[0], reason=shop.reason)],
        [ExchangeInput(lamp, 1)], warehouse=shop.wh)
    aftersales.confirm(session, shop.main, aso, True)
    with refused("aftersales.event_not_possible"):
        exchange.complete_without_refund(session, shop.main, aso)
    assert (aso.status, aso.exchange_order_id) == ("received_return", None)
    exchange.generate(session, shop.main, aso)
    assert aso.exchange_order_id is not None


def test_a_deactivated_sku_is_refused_as_an_exchange_item(session, shop):
    """It was accepted, then its exchange order was refused ("deactivated"): the
    after-sales order could neither complete nor refund."""
    o = _shipped(session, shop, shop.sku, 1, "33.33", "33.33")
    shop.pen.active = False
    with refused("usage.deactivated_activate_again_choose"):
        aftersales.create(session, shop.main, o, "exchange", [
            ReturnInput(1, order_line=o.lines[0], reason=shop.reason)],
            [ExchangeInput(shop.pen, 1)], warehouse=shop.wh)


@pytest.mark.parametrize("received,returned", [("90.00", 3), ("90.00", 1), ("0", 3)])
def test_an_exchange_on_a_cancelled_order_completes_with_nothing_left_to_refund(
        session, shop, received, returned):
    """3 x 30.00, paid (or on credit), cancelled: its money went to the balance (or its
    debt away), so a refund can give nothing back. An exchange of its goods for 2 pens
    completes once its exchange order is approved (it could only be cancelled: refunds
    refused at 0.00, Complete refused as "still has a refund due")."""
    book = builders.make_sku(session, shop.org, "NOVEL", "30.00")
    o = _shipped(session, shop, book, 3, "30.00", received)
    cancellation.cancel(session, shop.main, o)
    aso = aftersales.create(session, shop.main, o, "exchange", [
        ReturnInput(returned, order_line=o.lines[0], reason=shop.reason)],
        [ExchangeInput(shop.pen, 2)], warehouse=shop.wh)
    aftersales.confirm(session, shop.main, aso, True)
    new = exchange.generate(session, shop.main, aso)
    if new.status == "pending":
        change_status(session, shop.main, new, "approve")
    assert aso.status == "completed"
    assert_books_balance(session)


def test_an_exchange_orders_line_edited_down_is_never_returned_for_more(session, shop):
    """Exchange items: 99 pens edited to 1.00 in all, and a lamp. The exchange order's
    pen line is worth 1.00 (its unit price 0.02, rounded up): returning the 99 pens is
    worth 1.00, not 1.98; returning them in two goes adds up to 1.00 too."""
    lamp = builders.make_sku(session, shop.org, "LAMP", "80.00")
    o = _shipped(session, shop, shop.sku, 1, "100.00", "100.00")
    new = _exchange_shipped(session, shop, o, [ExchangeInput(shop.pen, 99, amount=D("1.00")),
                                               ExchangeInput(lamp, 1)])
    pens = next(line for line in new.lines if line.sku_id == shop.pen.id)
    assert (pens.quantity, pens.unit_price, pens.amount) == (99, D("0.02"), D("1.00"))
    # returns (goods paid for the exchange order: no money for a Refund-Only to give)
    first = aftersales.create(session, shop.main, new, "return_refund",
                              [ReturnInput(50, order_line=pens, reason=shop.reason)],
                              warehouse=shop.wh)
    rest = aftersales.create(session, shop.main, new, "return_refund",
                             [ReturnInput(49, order_line=pens, reason=shop.reason)],
                             warehouse=shop.wh)
    assert first.returned_amount + rest.returned_amount == D("1.00")


def test_an_exchange_order_cancelled_while_a_refund_waits_leaves_its_goods_usable(
        session, shop):
    """R 90.00 (3 x 30.00), E 40.00 (2 pens); a bank refund of 50.00 waits; the exchange
    order is cancelled (its 40.00 of goods back on the after-sales order); the refund is
    confirmed. The after-sales order opens again for those 40.00 (it completed with
    them stranded: no refund, no new exchange order)."""
    book = builders.make_sku(session, shop.org, "ATLAS", "30.00")
    o = _shipped(session, shop, book, 3, "30.00", "90.00")
    aso = aftersales.create(session, shop.main, o, "exchange", [
        ReturnInput(3, order_line=o.lines[0], reason=shop.reason)],
        [ExchangeInput(shop.pen, 2)], warehouse=shop.wh)
    aftersales.confirm(session, shop.main, aso, True)
    new = exchange.generate(session, shop.main, aso)
    waiting = refund_orders.create(session, shop.main, aso, D("50.00"), "bank_transfer",
                                   refund_orders.BankDetails("BDO", "Maria", "123"))
    cancellation.cancel(session, shop.main, new)
    refund_orders.confirm(session, shop.main, waiting)
    assert aso.status == "received_return" and aso.completed_at is None
    assert aftersales.refundable(aso) == D("40.00")
    refund_orders.create(session, shop.main, aso, D("40.00"), "balance")
    assert aso.status == "completed" and shop.customer.total_balance == D("40.00")
    assert_books_balance(session)


@pytest.mark.parametrize("currency, price, edited, shares", [
    ("VND", "40000", "100000", ["33333", "33334", "33333"]),  # whole dong, never 33,333.33
    ("PHP", "4.00", "10.00", ["3.33", "3.34", "3.33"]),
])
def test_an_edited_exchange_line_returned_unit_by_unit_adds_up_to_what_it_was_sold_for(
        session, shop, currency, price, edited, shares):
    """Exchange items edited by hand (3 pens for `edited` in all): each unit returned
    later is worth its share in the currency's units, and the three returns together
    give back exactly `edited`, not a unit less."""
    shop.org.currency = currency
    book = builders.make_sku(session, shop.org, "BIG", "120000")
    pen = builders.make_sku(session, shop.org, "PEN3", price)
    o = _shipped(session, shop, book, 1, "120000", "120000")
    new = _exchange_shipped(session, shop, o, [ExchangeInput(pen, 3, amount=D(edited))])
    line = new.lines[0]
    assert line.amount == D(edited)
    returned = [aftersales.create(session, shop.main, new, "return_refund", [
        ReturnInput(1, order_line=line, reason=shop.reason)], warehouse=shop.wh
    ).returned_amount for _ in range(3)]
    assert returned == [D(s) for s in shares] and sum(returned) == D(edited)
