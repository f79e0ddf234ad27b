"""Real threads on PostgreSQL: staff clicking the same after-sales button at once. The
work is done once; the others are told it is already done."""
import pytest

from admin_app.models import AfterSalesOrder, Order, RefundOrder, StockLevel, User
from admin_app.rules.aftersales import orders as aftersales, refund_orders
from admin_app.rules.credit import verification

from .. import builders
from .conftest import at_once

pytestmark = pytest.mark.pg
THREADS = 6


def race(app, action):
    """action(session) in THREADS threads at once; (successes, refusals)."""
    outcome = at_once(app, *[action] * THREADS)
    return outcome.count("done"), [o for o in outcome if o != "done"]


def test_one_refund_confirmed_by_six_staff_at_once_is_paid_once(app, session):
    world = builders.make_world(session, "Race Shop", "Race")
    session.commit()
    ids = dict(user=world.main.id, refund=world.refund.id, order=world.credit_order.id)
    before = session.get(Order, ids["order"]).refunded_total

    done, refused = race(app, lambda s: refund_orders.confirm(
        s, s.get(User, ids["user"]), s.get(RefundOrder, ids["refund"])))

    assert done == 1 and len(refused) == THREADS - 1
    session.expire_all()
    assert session.get(Order, ids["order"]).refunded_total == before + world.refund.amount
    assert verification.verify(session, org_id=world.org.id)[1] == []


def test_goods_stocked_in_by_six_staff_at_once_enter_stock_once(app, session):
    world = builders.make_world(session, "Race Shop", "Race")
    aso = aftersales.create(session, world.main, world.credit_order, "return_refund", [
        aftersales.ReturnInput(2, order_line=world.credit_order.lines[0])],
        warehouse=world.warehouse)
    session.commit()
    level = session.query(StockLevel).filter_by(sku_id=world.part.id,
                                                warehouse_id=world.warehouse.id).one()
    qualified = level.qualified
    ids = dict(user=world.main.id, aso=aso.id)

    done, refused = race(app, lambda s: aftersales.confirm(
        s, s.get(User, ids["user"]), s.get(AfterSalesOrder, ids["aso"]), with_stock_in=True))

    assert done == 1 and len(refused) == THREADS - 1
    session.expire_all()
    assert session.get(StockLevel, level.id).qualified == qualified + 2
