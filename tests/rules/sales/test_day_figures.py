"""The per-day figures the after-sales dashboard reads (orders per store, units per SKU)
stay equal to a recount of the orders whatever is created and edited, and
verify-ledger names any difference."""
from datetime import datetime

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import func, select, update

from admin_app.models import Order, Sku, SkuUnitsDay, Store
from admin_app.reports import aftersales as reports
from admin_app.reports.overview import Period
from admin_app.rules.credit import verification
from admin_app.rules.sales import day_figures
from admin_app.rules.sales.orders import LineInput, create_order, update_order

from ...builders import make_sku

days = st.integers(min_value=1, max_value=3)
quantities = st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=3)


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.booleans(), days, st.booleans(), quantities,
                                st.booleans()), min_size=1, max_size=6))
def test_the_figures_equal_a_recount_whatever_is_created_and_edited(world, session, steps):
    alpha, _ = world
    shops = [alpha.store] + list(session.scalars(select(Store).where(
        Store.org_id == alpha.org.id, Store.name == "Alpha Lazada")))
    if len(shops) == 1:
        shops.append(Store(org_id=alpha.org.id, name="Alpha Lazada", channel="Lazada"))
        session.add(shops[1])
        session.flush()
    skus = [alpha.sku, session.scalar(select(Sku).where(
        Sku.code == "Alpha-DAY")) or make_sku(session, alpha.org, "Alpha-DAY")]
    made = []
    for second_shop, day, edit_last, qty, second_sku in steps:
        lines = [LineInput(skus[(i + second_sku) % 2], q) for i, q in enumerate(qty)]
        if edit_last and made:
            update_order(session, alpha.main, made[-1], lines=lines)
        else:
            made.append(create_order(session, alpha.main, store=shops[second_shop],
                                     customer=alpha.customer, lines=lines, payment_method="cod",
                                     order_date=datetime(2026, 10, day, 9, 30)))
    assert day_figures.mismatches(session, alpha.org.id) == []
    october = Period(datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date())
    sold = {code: n for code, n, _ in reports.return_rate_by_sku(session, alpha.org.id,
                                                                 october)}
    units = {}
    for order in session.scalars(select(Order).where(
            Order.org_id == alpha.org.id, Order.order_date >= october.since,
            Order.order_date < october.until)):
        for line in order.lines:
            units[line.sku.code] = units.get(line.sku.code, 0) + line.quantity
    # the dashboard lists SKUs with returns: theirs are the units on the orders
    assert sold == {code: n for code, n in units.items() if code in sold}
    kept = dict(session.execute(
        select(Sku.code, func.sum(SkuUnitsDay.units)).join(Sku, Sku.id == SkuUnitsDay.sku_id)
        .where(SkuUnitsDay.org_id == alpha.org.id, SkuUnitsDay.day >= october.start,
               SkuUnitsDay.day <= october.end).group_by(Sku.code)).all())
    assert {code: n for code, n in kept.items() if n} == units



def test_verify_ledger_names_a_figure_that_drifted(world, session):
    alpha, _ = world
    assert day_figures.mismatches(session) == []
    session.execute(update(SkuUnitsDay).where(SkuUnitsDay.org_id == alpha.org.id)
                    .values(units=SkuUnitsDay.units + 1))
    _, problems = verification.verify(session, org_id=alpha.org.id)
    assert any(p.startswith("sku_units_day") and "kept, the orders say" in p
               for p in problems), problems
    session.add(SkuUnitsDay(org_id=alpha.org.id, day=datetime(2020, 1, 1).date(),
                            store_id=alpha.store.id, sku_id=alpha.sku.id, units=4))
    session.flush()
    stray = day_figures.mismatches(session, alpha.org.id)
    assert any("day 2020-01-01" in p and "4 kept, the orders say 0" in p for p in stray), stray
    day_figures.rebuild(session, alpha.org.id)
    assert day_figures.mismatches(session, alpha.org.id) == []
