"""Edits take the same locks as transitions (PostgreSQL, real sessions and threads):
an edit racing an approval, a cancellation racing a refund, an exchange order racing the
cancellation of its original order. Whatever wins, the books prove out."""
from decimal import Decimal as D

import pytest

from admin_app.models import AfterSalesOrder, Customer, Order, User, Warehouse
from admin_app.rules.aftersales import orders as aftersales, exchange, refund_orders
from admin_app.rules.sales import cancellation, status as order_status, orders
from admin_app.rules.credit import verification
from admin_app.rules.core.errors import RuleError

from .. import builders
from .conftest import at_once
from ..rules.accounts_helpers import make_shop, order
from tests.refusals import refused

pytestmark = pytest.mark.pg
ROUNDS = 4


def in_other_session(app, action):
    """Another user's request, committed while this one holds its page."""
    at_once(app, action)


def books_prove_out(session, org_id):
    session.expire_all()
    assert verification.verify(session, org_id=org_id)[1] == []


@pytest.fixture
def shop(session):
    s = make_shop(session, period=30)
    s.wh = Warehouse(org_id=s.org.id, name="Returns", kind="own")
    session.add(s.wh)
    session.commit()
    return s


def test_an_edit_started_before_an_approval_is_refused_after_it(app, session, shop):
    o = order(shop, "100.00", kind="messenger")
    session.commit()
    page = session.get(Order, o.id)  # the edit form was opened while it was Pending
    assert page.status == "pending"
    ids = (shop.main.id, o.id)
    in_other_session(app, lambda s: order_status.change_status(
        s, s.get(User, ids[0]), s.get(Order, ids[1]), "approve"))
    with refused("order.order_customer_s_account"):
        orders.update_order(session, shop.main, page,
                            lines=[orders.LineInput(shop.sku, 3, D("50.00"))])
    session.rollback()
    books_prove_out(session, shop.org.id)


def test_edit_and_approve_at_once_leave_lines_total_and_ledger_agreeing(
        app, session, shop):
    ids = []
    for _ in range(ROUNDS):
        ids.append(order(shop, "100.00", kind="messenger").id)
    session.commit()
    user_id, sku_id = shop.main.id, shop.sku.id
    for order_id in ids:
        def approve(s, order_id=order_id):
            order_status.change_status(s, s.get(User, user_id), s.get(Order, order_id), "approve")

        def edit(s, order_id=order_id):
            sku = s.get(type(shop.sku), sku_id)
            orders.update_order(s, s.get(User, user_id), s.get(Order, order_id),
                                lines=[orders.LineInput(sku, 3, D("50.00"))])
        at_once(app, approve, edit)
    books_prove_out(session, shop.org.id)
    totals = {session.get(Order, i).total for i in ids}
    assert totals <= {D("100.00"), D("150.00")}


def returned(session, shop, o, kind="return_refund", exchanges=None):
    aso = aftersales.create(session, shop.main, o, kind, [
        aftersales.ReturnInput(1, order_line=o.lines[0])], exchanges, warehouse=shop.wh)
    aftersales.confirm(session, shop.main, aso, with_stock_in=True)
    return aso


def shipped(session, shop):
    o = order(shop, "100.00", received="100.00")
    for event in ("to_pickup", "ship"):
        order_status.change_status(session, shop.main, o, event)
    return o


def test_cancel_and_refund_at_once_give_the_money_back_once(app, session, shop):
    pairs = []
    for _ in range(ROUNDS):
        o = shipped(session, shop)
        pairs.append((o.id, returned(session, shop, o).id))
    session.commit()
    user_id = shop.main.id
    for order_id, aso_id in pairs:
        at_once(app,
                lambda s, i=order_id: cancellation.cancel(s, s.get(User, user_id),
                                                          s.get(Order, i)),
                lambda s, a=aso_id: refund_orders.create(
                    s, s.get(User, user_id), s.get(AfterSalesOrder, a), D("100.00"),
                    "balance"))
    session.expire_all()
    assert session.get(Customer, shop.customer.id).total_balance == D("100.00") * ROUNDS
    books_prove_out(session, shop.org.id)


def test_exchange_generation_and_cancelling_its_original_at_once(app, session, shop):
    other = builders.make_sku(session, shop.org, "PEN", "100.00")
    pairs = []
    for _ in range(ROUNDS):
        o = shipped(session, shop)
        pairs.append((o.id, returned(session, shop, o, "exchange",
                                     [aftersales.ExchangeInput(other, 1)]).id))
    session.commit()
    user_id = shop.main.id
    for order_id, aso_id in pairs:
        at_once(app,
                lambda s, i=order_id: cancellation.cancel(s, s.get(User, user_id),
                                                          s.get(Order, i)),
                lambda s, a=aso_id: exchange.generate(s, s.get(User, user_id),
                                                      s.get(AfterSalesOrder, a)))
    session.expire_all()
    for order_id, aso_id in pairs:
        original = session.get(Order, order_id)
        new = session.get(AfterSalesOrder, aso_id).exchange_order
        # the 100 paid went back once: to the balance, or as the exchange order's goods
        assert original.back_cancel + (new.goods_received if new else 0) == D("100.00")
    books_prove_out(session, shop.org.id)
