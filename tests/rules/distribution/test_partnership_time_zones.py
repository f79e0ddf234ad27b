"""A partnership between organizations in different time zones (supplier in Manila,
UTC+8; distributor in Bangkok, UTC+7): its period starts on the earlier of the two
dates and ends on the later, so orders either side dates while it runs are inside."""
from datetime import date, datetime
from decimal import Decimal

from admin_app.models import Customer, Store, Warehouse
from admin_app.rules.core import clock
from admin_app.rules.distribution import fulfilment, partnerships
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.rules.stock import movements
from tests import builders


def test_the_distributor_ships_right_after_a_supplier_ahead_in_time_accepts(session,
                                                                           monkeypatch):
    # 16:30 UTC: 00:30 on 2 May in Manila, still 23:30 on 1 May in Bangkok
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 5, 1, 16, 30))
    sup = builders.make_org(session, "Sup MNL", timezone="Asia/Manila")
    dist = builders.make_org(session, "Dist BKK", currency="THB", timezone="Asia/Bangkok")
    s_main = builders.make_user(session, sup, "o@sup.test", main=True)
    d_main = builders.make_user(session, dist, "o@dist.test", main=True)
    s_depot = Warehouse(org_id=sup.id, name="S", kind="own")
    d_at = Warehouse(org_id=dist.id, name="At S", kind="supplier")
    store = Store(org_id=dist.id, name="Shop", channel="Shopee")
    buyer = Customer(org_id=dist.id, code="B", name="B")
    session.add_all([s_depot, d_at, store, buyer])
    session.flush()
    s_mug = builders.make_sku(session, sup, "S-MUG", "30.00")
    d_mug = builders.make_sku(session, dist, "D-MUG", "50.00")
    movements.move_stock(session, s_main, s_mug, s_depot, "qualified", 10, "opening")
    p = partnerships.propose(session, d_main, sup.name, "distributor")
    partnerships.accept(session, s_main, p)           # accepted now
    link = partnerships.add_warehouse(session, d_main, p, d_at.id, s_depot.id)
    partnerships.map_sku(session, d_main, p, "D-MUG", "S-MUG")
    order = create_order(session, d_main, store=store, customer=buyer,
                         lines=[LineInput(d_mug, 1)])   # placed after the acceptance
    shipped = fulfilment.ship_from_supplier(session, d_main, order, link)
    assert (p.started_on, shipped.supplier_order.total) == (date(2026, 5, 1), Decimal("30.00"))
    # ended at 16:30 UTC on 3 May: 4 May in Manila, 3 May in Bangkok
    monkeypatch.setattr(clock, "utcnow", lambda: datetime(2026, 5, 3, 16, 30))
    partnerships.terminate(session, d_main, p)
    assert p.ended_on == date(2026, 5, 4)
