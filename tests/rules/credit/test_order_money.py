"""The per-order money account (SPEC S4 Decision): whatever the order of cancel, reopen,
refund, exchange and revert, nothing gives back more than came in for an order, and
what came as returned goods goes back only as goods."""
from decimal import Decimal as D

import pytest

from tests.refusals import refused

from admin_app.rules.credit import adjustments, payments
from admin_app.rules.aftersales import (
    orders as aftersales,
    exchange,
    refund_orders,
    refund_posting,
)
from admin_app.rules.sales import cancellation
from admin_app.rules.aftersales.orders import ExchangeInput, Receipt, ReturnInput
from admin_app.rules.core.errors import RuleError
from admin_app.rules.sales.status import change_status
from admin_app.rules.aftersales.refund_orders import BankDetails

from ... import builders
from ..accounts_helpers import assert_books_balance, make_returns_shop, order

BANK = BankDetails("Maybank", "Maria Cruz", "1234-5678")


@pytest.fixture
def shop(session):
    return make_returns_shop(session)


def shipped(session, shop, total="100.00", received="100.00", **kw):
    o = order(shop, total, received=received, **kw)
    change_status(session, shop.main, o, "to_pickup")
    change_status(session, shop.main, o, "ship")
    return o


def received_return(session, shop, o, kind="return_refund", qty=1, exchanges=None):
    aso = aftersales.create(session, shop.main, o, kind, [
        ReturnInput(qty, order_line=o.lines[0], reason=shop.reason)], exchanges,
        warehouse=shop.wh)
    aftersales.confirm(session, shop.main, aso, with_stock_in=kind != "refund_only")
    return aso


# --- hole 1: a refund after cancellation paid the money a second time -------------------

@pytest.mark.parametrize("method", ["balance", "bank_transfer"])
def test_a_refund_after_cancellation_cannot_pay_the_money_again(session, shop, method):
    o = shipped(session, shop)
    cancellation.cancel(session, shop.main, o)
    assert shop.customer.total_balance == D("100.00")  # the cancellation gave it back
    aso = received_return(session, shop, o)
    with pytest.raises(RuleError, match=r"0\.00"):
        refund_orders.create(session, shop.main, aso, D("100.00"), method, BANK)
    assert shop.customer.total_balance == D("100.00")
    assert_books_balance(session)


def test_a_partial_refund_before_cancellation_leaves_only_the_rest_for_it(session, shop):
    o = shipped(session, shop)
    aso = received_return(session, shop, o)
    refund_orders.create(session, shop.main, aso, D("30.00"), "bank_transfer", BANK)
    refund_orders.confirm(session, shop.main, aso.refunds[0])
    cancellation.cancel(session, shop.main, o)
    assert shop.customer.total_balance == D("70.00")  # 100 in, 30 by bank, 70 here
    assert_books_balance(session)


def test_reopening_and_completing_a_cancelled_order_does_not_open_a_second_refund(
        session, shop):
    o = shipped(session, shop)
    cancellation.cancel(session, shop.main, o)
    for event in ("reopen", "to_pickup", "ship", "complete"):
        change_status(session, shop.main, o, event)
    aso = received_return(session, shop, o)
    with pytest.raises(RuleError, match=r"at most 0\.00"):
        refund_orders.preview(aso, D("1.00"), "balance")
    assert shop.customer.total_balance == D("100.00")
    assert_books_balance(session)


def test_a_cancelled_order_on_credit_gives_nothing_back_by_refund(session, shop):
    o = shipped(session, shop, received="0")  # all on credit, never paid
    cancellation.cancel(session, shop.main, o)
    assert shop.customer.total_credit == 0
    aso = received_return(session, shop, o)
    with pytest.raises(RuleError, match=r"at most 0\.00"):
        refund_orders.create(session, shop.main, aso, D("100.00"), "balance")
    assert shop.customer.total_balance == 0
    assert_books_balance(session)


def test_a_never_approved_messenger_order_gave_no_money_to_refund(session, shop):
    o = order(shop, "100.00", received="100.00", kind="messenger")
    cancellation.cancel(session, shop.main, o)  # cancelled while still Pending
    with refused("aftersales.nothing_left_to_refund"):  # a Refund-Only could never pay
        received_return(session, shop, o, kind="refund_only")
    aso = received_return(session, shop, o)  # goods still come back, with no money
    with pytest.raises(RuleError, match=r"at most 0\.00"):
        refund_orders.create(session, shop.main, aso, D("100.00"), "bank_transfer", BANK)
    assert_books_balance(session)


def test_refund_to_balance_then_bank_then_revert_never_exceeds_what_came_in(session, shop):
    # 100 = 60 cash + 40 store credit. Refunds of 60 to the balance and 40 by bank give
    # back all of it: the cancellation's revert of the store credit finds nothing left.
    adjustments.adjust_balance(session, shop.main, shop.customer.id, D("40.00"), "gift")
    o = shipped(session, shop, received="60.00", balance="40.00")
    refund_posting.post_refund(session, shop.main, o, D("60.00"), "balance", "AS-1")
    refund_posting.post_refund(session, shop.main, o, D("40.00"), "bank_transfer", "AS-2")
    balance_before = shop.customer.total_balance
    cancellation.cancel(session, shop.main, o, cancellation.Revert())
    assert shop.customer.total_balance == balance_before  # not 40 more
    assert_books_balance(session)


def test_a_bank_refund_is_capped_by_the_money_left_after_refunds_to_the_balance(
        session, shop):
    adjustments.adjust_balance(session, shop.main, shop.customer.id, D("40.00"), "gift")
    o = shipped(session, shop, received="60.00", balance="40.00")
    refund_posting.post_refund(session, shop.main, o, D("20.00"), "balance", "AS-1")
    with pytest.raises(RuleError, match=r"By bank: at most 60\.00"):
        refund_posting.post_refund(session, shop.main, o, D("60.01"), "bank_transfer", "AS-2")
    refund_posting.post_refund(session, shop.main, o, D("60.00"), "bank_transfer", "AS-2")
    refund_posting.post_refund(session, shop.main, o, D("20.00"), "balance", "AS-3")  # credit's
    with pytest.raises(RuleError):
        refund_posting.post_refund(session, shop.main, o, D("0.01"), "balance", "AS-4")
    assert_books_balance(session)


# --- hole 2: the exchange loop minted store credit ---------------------------------------

def test_cancelling_an_exchange_order_gives_its_goods_back_to_the_after_sales_order(
        session, shop):
    o = shipped(session, shop)
    other = builders.make_sku(session, shop.org, "PEN", "100.00")
    aso = received_return(session, shop, o, kind="exchange",
                          exchanges=[ExchangeInput(other, 1)])  # R 100, E 100
    for _ in range(3):
        new = exchange.generate(session, shop.main, aso)
        change_status(session, shop.main, new, "approve")
        cancellation.cancel(session, shop.main, new)
        assert shop.customer.total_balance == 0  # goods never become money
    # the goods' value is back on the after-sales order: one refund of it, once
    assert aftersales.refundable(aso) == D("100.00")
    refund_orders.create(session, shop.main, aso, D("100.00"), "balance")
    assert shop.customer.total_balance == D("100.00")
    assert_books_balance(session)


def test_an_exchange_on_a_cancelled_order_is_not_paid_by_goods_already_refunded(
        session, shop):
    o = shipped(session, shop)
    cancellation.cancel(session, shop.main, o)  # 100 went to the balance
    other = builders.make_sku(session, shop.org, "PEN", "100.00")
    aso = received_return(session, shop, o, kind="exchange",
                          exchanges=[ExchangeInput(other, 1)])
    new = exchange.generate(session, shop.main, aso)
    assert new.goods_received == 0 and new.total == D("100.00")
    assert_books_balance(session)


def test_the_goods_of_a_cancelled_exchange_order_pay_one_new_one_or_a_refund(
        session, shop):
    o = shipped(session, shop)
    cheap = builders.make_sku(session, shop.org, "PEN", "60.00")
    aso = received_return(session, shop, o, kind="exchange",
                          exchanges=[ExchangeInput(cheap, 1)])  # R 100, E 60
    assert aftersales.refundable(aso) == D("40.00")
    new = exchange.generate(session, shop.main, aso)
    assert new.goods_received == D("60.00")
    cancellation.cancel(session, shop.main, new)
    assert aftersales.refundable(aso) == D("100.00")
    again = exchange.generate(session, shop.main, aso)
    assert again.goods_received == D("60.00")
    assert aftersales.refundable(aso) == D("40.00")
    with pytest.raises(RuleError, match=r"at most 40\.00"):
        refund_orders.create(session, shop.main, aso, D("40.01"), "balance")
    refund_orders.create(session, shop.main, aso, D("40.00"), "balance")
    assert shop.customer.total_balance == D("40.00")
    assert_books_balance(session)


def test_an_exchange_order_cannot_be_refunded_as_money(session, shop):
    o = shipped(session, shop)
    other = builders.make_sku(session, shop.org, "PEN", "100.00")
    aso = received_return(session, shop, o, kind="exchange",
                          exchanges=[ExchangeInput(other, 1)])
    new = exchange.generate(session, shop.main, aso)
    for event in ("approve", "to_pickup", "ship"):
        change_status(session, shop.main, new, event)
    with refused("aftersales.nothing_left_to_refund"):  # goods paid it: no money back
        received_return(session, shop, new, kind="refund_only")
    back = received_return(session, shop, new)
    with pytest.raises(RuleError, match=r"at most 0\.00"):
        refund_orders.create(session, shop.main, back, D("100.00"), "balance")
    assert_books_balance(session)


def test_payments_after_partial_refund_and_cancel_leave_the_books_exact(session, shop):
    o = shipped(session, shop, received="0")
    payments.receive(session, shop.main, shop.customer.id, D("100.00"), None)
    aso = received_return(session, shop, o)
    refund_orders.create(session, shop.main, aso, D("25.00"), "balance")
    cancellation.cancel(session, shop.main, o)
    assert shop.customer.total_balance == D("100.00")  # 25 by refund, 75 by cancel
    with pytest.raises(RuleError, match=r"at most 0\.00"):
        refund_posting.post_refund(session, shop.main, o, D("0.01"), "balance", "AS-2")
    assert_books_balance(session)


def test_stock_in_after_cancel_keeps_stock_exact(session, shop):
    o = shipped(session, shop)
    aso = aftersales.create(session, shop.main, o, "return_refund", [
        ReturnInput(1, order_line=o.lines[0])], warehouse=shop.wh)
    aftersales.confirm(session, shop.main, aso, False)
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(1)})
    assert_books_balance(session)
