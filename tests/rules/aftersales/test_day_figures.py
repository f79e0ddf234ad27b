"""The per-day after-sales figures the dashboard reads (after-sales orders by day, store,
kind and status; returned units by SKU) stay equal to a recount of the after-sales
orders whatever is created, moved and cancelled, fall on the organization's date, and
verify-ledger names any difference."""
from datetime import date, datetime, timedelta
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select, update

from admin_app.models import AfterSalesDay, AfterSalesOrder, SkuReturnsDay
from admin_app.reports import aftersales as reports
from admin_app.reports.overview import Period
from admin_app.rules.aftersales import day_figures, orders as aftersales
from admin_app.rules.aftersales.kinds import KIND_NAMES, STATUSES
from admin_app.rules.aftersales.orders import ReturnInput
from admin_app.rules.credit import verification
from admin_app.rules.sales import day_figures as sales_days
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.rules.sales.status import change_status

from ..accounts_helpers import make_returns_shop

KINDS = ("return_refund", "refund_only")


@pytest.fixture
def shop(session):
    return make_returns_shop(session)


def _shipped(session, shop, units: int):
    o = create_order(session, shop.main, store=shop.store, customer=shop.customer,
                     lines=[LineInput(shop.sku, units, D("50.00"))], payment_method="cod",
                     order_date=datetime.combine(date.today(), datetime.min.time()))
    change_status(session, shop.main, o, "to_pickup")
    change_status(session, shop.main, o, "ship")
    return o


def _figures(session, org_id, period):
    """What the dashboard shows for the period, as {label: counts} and {sku: returned}."""
    statuses = reports.by_type_and_status(session, org_id, period)
    returned = {code: ret for code, _, ret in reports.return_rate_by_sku(
        session, org_id, period)}
    channels = {c: asos for c, _, asos in reports.return_rate_by_channel(
        session, org_id, period)}
    return statuses, returned, channels


def _from_the_orders(session, org_id):
    """The same, counted from the after-sales orders themselves."""
    statuses = {label: [0] * len(STATUSES) for label in KIND_NAMES.values()}
    returned, channels = {}, {}
    for aso in session.scalars(select(AfterSalesOrder).where(
            AfterSalesOrder.org_id == org_id)):
        statuses[KIND_NAMES[aso.kind]][list(STATUSES).index(aso.status)] += 1
        if aso.status == "cancelled":
            continue
        channel = aso.order.store.channel
        channels[channel] = channels.get(channel, 0) + 1
        for line in aso.lines:
            if line.kind == "return":
                returned[line.sku.code] = returned.get(line.sku.code, 0) + line.quantity
    return statuses, returned, channels


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(KINDS), st.integers(1, 3),
                                st.lists(st.integers(0, 5), max_size=3)),
                      min_size=1, max_size=5))
def test_the_figures_equal_a_recount_whatever_is_created_moved_and_cancelled(
        session, shop, steps):
    for kind, units, moves in steps:
        o = _shipped(session, shop, 3)
        aso = aftersales.create(session, shop.main, o, kind, [
            ReturnInput(units, order_line=o.lines[0], reason=shop.reason)],
            warehouse=shop.wh)
        for pick in moves:  # any move the state table allows, cancelling included
            allowed = aftersales.kind_of(aso).machine.get(aso.status, {})
            if not allowed:
                break
            aftersales.move(session, shop.main, aso, sorted(allowed)[pick % len(allowed)])
        session.flush()
    assert day_figures.mismatches(session, shop.org.id) == []
    today = date.today()
    around = Period(today - timedelta(days=2), today + timedelta(days=2))
    shown, expected = _figures(session, shop.org.id, around), \
        _from_the_orders(session, shop.org.id)
    assert shown[0] == expected[0]
    assert shown[1] == {code: n for code, n in expected[1].items() if n}
    assert {c: n for c, n in shown[2].items() if n} == expected[2]


def test_an_after_sales_order_counts_on_the_organizations_date(session, shop):
    """Made at 18:30 UTC on 3 Nov, it is 01:30 on 4 Nov in Bangkok: the kept figures (from
    the flush, and from a recount) put it on the 4th."""
    shop.org.timezone = "Asia/Bangkok"
    o = _shipped(session, shop, 2)
    aso = aftersales.prepare(session, o, "refund_only", [
        ReturnInput(2, order_line=o.lines[0], reason=shop.reason)], number="AS-NIGHT")
    aso.created_at = datetime(2026, 11, 3, 18, 30)
    session.add(aso)
    session.commit()

    def kept():
        return session.execute(select(AfterSalesDay.day, AfterSalesDay.count).where(
            AfterSalesDay.org_id == shop.org.id, AfterSalesDay.count != 0)).all()

    assert kept() == [(date(2026, 11, 4), 1)]
    bangkok = "Asia/Bangkok"
    on_3rd = Period(date(2026, 11, 3), date(2026, 11, 3), zone=bangkok)
    on_4th = Period(date(2026, 11, 4), date(2026, 11, 4), zone=bangkok)
    label = KIND_NAMES["refund_only"]
    assert sum(reports.by_type_and_status(session, shop.org.id, on_3rd)[label]) == 0
    assert sum(reports.by_type_and_status(session, shop.org.id, on_4th)[label]) == 1
    day_figures.rebuild(session, shop.org.id)
    assert kept() == [(date(2026, 11, 4), 1)]


def test_verify_ledger_names_a_figure_that_drifted_and_rebuild_mends_it(session, shop):
    o = _shipped(session, shop, 2)
    aftersales.create(session, shop.main, o, "return_refund", [
        ReturnInput(2, order_line=o.lines[0], reason=shop.reason)], warehouse=shop.wh)
    session.flush()
    assert day_figures.mismatches(session, shop.org.id) == []
    session.execute(update(SkuReturnsDay).where(SkuReturnsDay.org_id == shop.org.id)
                    .values(units=SkuReturnsDay.units + 1))
    _, problems = verification.verify(session, org_id=shop.org.id)
    assert any(p.startswith("sku_returns_day") and "3 kept, the after-sales orders say 2"
               in p for p in problems), problems
    day_figures.rebuild(session, shop.org.id)
    assert day_figures.mismatches(session, shop.org.id) == []
    assert D(session.scalar(select(SkuReturnsDay.units).where(
        SkuReturnsDay.org_id == shop.org.id))) == 2


def test_a_savepoint_rolled_back_takes_its_figures_and_a_released_one_keeps_them(
        session, shop):
    def make(units):
        o = _shipped(session, shop, 3)
        return aftersales.create(session, shop.main, o, "refund_only", [
            ReturnInput(units, order_line=o.lines[0], reason=shop.reason)])

    with session.begin_nested():
        make(1)
    try:
        with session.begin_nested():
            make(2)
            session.flush()
            raise RuntimeError("undone")
    except RuntimeError:
        pass
    session.commit()
    returned = session.execute(select(func.sum(SkuReturnsDay.units)).where(
        SkuReturnsDay.org_id == shop.org.id)).scalar()
    made = session.execute(select(func.sum(AfterSalesDay.count)).where(
        AfterSalesDay.org_id == shop.org.id)).scalar()
    assert (made, returned) == (1, 1)
    assert day_figures.mismatches(session, shop.org.id) == []


def test_a_check_or_a_rebuild_inside_a_transaction_counts_each_order_once(session, shop):
    """verify-ledger and a rebuild may run in a transaction that has figures still to
    write: each after-sales order (and each order's units) counts once."""
    def make(number):
        o = _shipped(session, shop, 2)
        aso = aftersales.prepare(session, o, "refund_only", [
            ReturnInput(1, order_line=o.lines[0], reason=shop.reason)], number=number)
        session.add(aso)  # not flushed yet

    make("AS-1")
    assert day_figures.mismatches(session, shop.org.id) == []
    assert sales_days.mismatches(session, shop.org.id) == []
    make("AS-2")
    day_figures.rebuild(session, shop.org.id)
    sales_days.rebuild(session, shop.org.id)
    make("AS-3")
    session.commit()
    assert day_figures.mismatches(session, shop.org.id) == []
    assert sales_days.mismatches(session, shop.org.id) == []
    assert session.scalar(select(func.sum(AfterSalesDay.count)).where(
        AfterSalesDay.org_id == shop.org.id)) == 3
