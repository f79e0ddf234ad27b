"""A Refund-Only gives money and nothing else (SPEC S5): on an order with nothing left to
give back (S4 money account) it could never be refunded nor completed, so it is refused
when it is made, with the reason; a Return & Refund still takes the goods back."""
from decimal import Decimal as D

import pytest

from admin_app.models import AfterSalesOrder
from admin_app.rules.aftersales import orders as aftersales, refund_orders
from admin_app.rules.aftersales.orders import ReturnInput
from admin_app.rules.credit.terms import Payment
from admin_app.rules.sales import cancellation
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.rules.sales.status import change_status

from ..accounts_helpers import make_returns_shop
from tests.refusals import refused


@pytest.fixture
def shop(session):
    return make_returns_shop(session)


def _shipped(session, shop, received: str):
    """Two units at 30.00, `received` paid in cash, the rest on credit."""
    o = create_order(session, shop.main, store=shop.store, customer=shop.customer,
                     lines=[LineInput(shop.sku, 2, D("30.00"))],
                     payment=Payment(received=D(received), paid_with="cash"))
    for event in ("to_pickup", "ship"):
        change_status(session, shop.main, o, event)
    return o


def _refund_only(session, shop, o, qty=1):
    return aftersales.create(session, shop.main, o, "refund_only",
                             [ReturnInput(qty, order_line=o.lines[0], reason=shop.reason)])


def test_a_cancelled_order_never_paid_refuses_a_refund_only_and_takes_a_return(session, shop):
    o = _shipped(session, shop, "0")       # all 60.00 on credit
    cancellation.cancel(session, shop.main, o)
    before = session.query(AfterSalesOrder).count()
    with refused("aftersales.nothing_left_to_refund", number=o.number):
        _refund_only(session, shop, o)
    assert session.query(AfterSalesOrder).count() == before
    back = aftersales.create(session, shop.main, o, "return_refund", [
        ReturnInput(1, order_line=o.lines[0], reason=shop.reason)], warehouse=shop.wh)
    assert back.status == "to_confirm"


def test_an_unpaid_order_still_owed_takes_a_refund_only_as_an_offset(session, shop):
    o = _shipped(session, shop, "0")
    assert _refund_only(session, shop, o).returned_amount == D("30.00")


def test_a_paid_order_cancelled_gave_its_money_to_the_balance_and_refuses_a_refund_only(
        session, shop):
    o = _shipped(session, shop, "60.00")
    cancellation.cancel(session, shop.main, o)  # 60.00 to the customer's balance
    assert shop.customer.total_balance >= D("60.00")
    with refused("aftersales.nothing_left_to_refund", number=o.number):
        _refund_only(session, shop, o)


def test_a_paid_order_refunded_in_part_still_takes_a_refund_only_for_the_rest(session, shop):
    o = _shipped(session, shop, "60.00")
    first = _refund_only(session, shop, o, qty=1)
    aftersales.confirm(session, shop.main, first, False)
    refund_orders.create(session, shop.main, first, D("30.00"), "balance")
    assert _refund_only(session, shop, o, qty=1).returned_amount == D("30.00")
