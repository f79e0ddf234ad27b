"""Real threads on PostgreSQL: staff clicking the same after-sales button at once. The
work is done once; the others are told it is already done."""
import threading

import pytest
from sqlalchemy import func, select

from admin_app.models import (AfterSalesDay, AfterSalesOrder, Customer, Order, RefundOrder,
                              StockLevel, User)
from admin_app.rules.aftersales import day_figures, orders as aftersales, refund_orders
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.rules.sales.status import change_status
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


def _shipped(session, world, customer=None):
    made = create_order(session, world.main, store=world.store,
                        customer=customer or world.customer,
                        lines=[LineInput(world.part, 1)], payment_method="cod")
    change_status(session, world.main, made, "to_pickup")
    change_status(session, world.main, made, "ship")
    return made


def test_six_returns_made_and_moved_at_once_on_one_store_and_day_are_all_counted(
        app, session):
    """The dashboard's per-day figures (rules/aftersales/day_figures.py) are upserts of
    one row per store, day, kind and status: six staff adding to the same rows at once
    lose none, and a move takes one from a row another thread is adding to."""
    world = builders.make_world(session, "Race Shop", "Race")
    orders = [_shipped(session, world) for _ in range(THREADS)]
    first = aftersales.create(session, world.main, orders[0], "refund_only", [
        aftersales.ReturnInput(1, order_line=orders[0].lines[0])])
    session.commit()
    ids = dict(user=world.main.id, orders=[o.id for o in orders], first=first.id)

    def make(n):
        def action(s):
            user, o = s.get(User, ids["user"]), s.get(Order, ids["orders"][n])
            if n == 0:  # one thread cancels the first while the others add
                aftersales.move(s, user, s.get(AfterSalesOrder, ids["first"]), "cancel")
            else:
                aftersales.create(s, user, o, "refund_only", [
                    aftersales.ReturnInput(1, order_line=o.lines[0])])
        return action

    assert at_once(app, *[make(n) for n in range(THREADS)]) == ["done"] * THREADS
    session.expire_all()
    assert day_figures.mismatches(session, world.org.id) == []
    kept = dict(session.execute(select(AfterSalesDay.status, func.sum(AfterSalesDay.count))
                                .where(AfterSalesDay.org_id == world.org.id,
                                       AfterSalesDay.kind == "refund_only")
                                .group_by(AfterSalesDay.status)).all())
    assert kept.get("to_confirm") == THREADS - 1 and kept.get("cancelled") == 1


def test_two_staff_cancelling_returns_of_two_kinds_in_opposite_orders_both_finish(
        app, session):
    """Each cancels two after-sales orders of their own customer in one transaction, the
    kinds in opposite orders, both holding their first move when they make the second:
    the day figures are written at the commit, in key order, so neither waits for the
    other's figures while holding them (written at each flush, PostgreSQL ended one with
    a deadlock)."""
    world = builders.make_world(session, "Race Shop", "Race")
    other = Customer(org_id=world.org.id, code="Race-C2", name="Second Buyer")
    session.add(other)
    session.flush()
    made = {}
    for who, customer in (("a", world.customer), ("b", other)):
        for kind in ("refund_only", "return_refund"):
            o = _shipped(session, world, customer)
            made[who, kind] = aftersales.create(session, world.main, o, kind, [
                aftersales.ReturnInput(1, order_line=o.lines[0])],
                warehouse=world.warehouse).id
    session.commit()
    user_id, org_id = world.main.id, world.org.id
    halfway = threading.Barrier(2, timeout=20)

    def cancel(who, kinds):
        def action(s):
            user = s.get(User, user_id)
            for n, kind in enumerate(kinds):
                aso = s.get(AfterSalesOrder, made[who, kind])
                aftersales.lock_aso(s, aso)
                aftersales.move(s, user, aso, "cancel")
                if n == 0:
                    halfway.wait()  # both hold their first cancellation
        return action

    assert at_once(app, cancel("a", ("refund_only", "return_refund")),
                   cancel("b", ("return_refund", "refund_only"))) == ["done", "done"]
    session.expire_all()
    assert day_figures.mismatches(session, org_id) == []
    cancelled = session.scalar(select(func.sum(AfterSalesDay.count)).where(
        AfterSalesDay.org_id == org_id, AfterSalesDay.status == "cancelled"))
    assert cancelled == 4
