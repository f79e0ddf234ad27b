"""Dashboard figures follow the chosen period and store (SPEC S8)."""
from datetime import date, datetime

from admin_app.models import Store
from admin_app.rules.aftersales.kinds import STATUSES
from admin_app.reports import aftersales as aftersales_reports, overview as reports
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.reports.overview import Period
from tests import builders

NOV_1, NOV_2 = date(2026, 11, 1), date(2026, 11, 2)


def counts(rows):
    return {label: count for label, count, _ in rows if count}


def test_orders_by_status_counts_only_the_period_and_the_store(world, session):
    alpha, _ = world
    other = Store(org_id=alpha.org.id, name="Alpha Lazada", channel="Lazada")
    session.add(other)
    session.flush()
    create_order(session, alpha.main, store=other, customer=alpha.customer,
                 lines=[LineInput(alpha.sku, 1)], order_date=datetime(2026, 11, 2, 23, 59))
    org = alpha.org.id
    assert counts(reports.orders_by_status(session, org, Period(NOV_1, NOV_1))) == {"New": 1}
    assert counts(reports.orders_by_status(session, org, Period(NOV_1, NOV_2))) == {
        "New": 2, "Shipped": 1}
    assert counts(reports.orders_by_status(session, org, Period(NOV_2, NOV_2, other.id))) \
        == {"New": 1}
    assert counts(reports.orders_by_status(session, org, Period(date(2026, 10, 1),
                                                                date(2026, 10, 31)))) == {}


def test_after_sales_figures_follow_the_period_and_the_store(world, session):
    alpha, beta = world
    org, today = alpha.org.id, builders.local_today()
    now = Period.last_days(today)
    by_status = aftersales_reports.by_type_and_status(session, org, now)
    column = list(STATUSES).index(alpha.aso.status)
    assert by_status["Return & Refund"][column] == 1
    assert sum(sum(v) for v in by_status.values()) == 1
    before = Period(date(2025, 1, 1), date(2025, 1, 31))
    assert sum(sum(v) for v in aftersales_reports.by_type_and_status(
        session, org, before).values()) == 0
    elsewhere = Period(now.start, now.end, beta.store.id)
    assert sum(sum(v) for v in aftersales_reports.by_type_and_status(
        session, org, elsewhere).values()) == 0

    orders_and_returns = Period(NOV_1, today)
    assert aftersales_reports.return_rate_by_sku(session, org, orders_and_returns) == [
        ("Alpha-PART", 6, 1)]
    assert aftersales_reports.return_rate_by_channel(session, org, orders_and_returns) == [
        ("Shopee", 2, 1)]
    assert aftersales_reports.return_rate_by_channel(session, org, Period(NOV_1, NOV_1)) \
        == [("Shopee", 1, 0)]


def test_a_period_ends_at_the_end_of_its_last_day():
    period = Period(NOV_1, NOV_2)
    assert period.since == datetime(2026, 11, 1) and period.until == datetime(2026, 11, 3)
