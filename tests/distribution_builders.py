"""A distributor and its supplier in partnership, for tests and the demo's shape:
mapped SKUs (one combo of two), a supplier warehouse with stock, a distributor order
shipped from it."""
from datetime import timedelta
from decimal import Decimal as D
from types import SimpleNamespace

from admin_app.models import Customer, Store, Warehouse
from admin_app.rules.aftersales import orders as aftersales
from admin_app.rules.distribution import fulfilment, partnerships
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.rules.stock import movements

from . import builders


def make_partners(session, fee_mode="per_unit", handling_fee="2.00",
                  distribution_fee="5.00", auto_push=False, started=None, tag="D"):
    dist = builders.make_org(session, f"{tag} Distributor")
    sup = builders.make_org(session, f"{tag} Supplier")
    d_main = builders.make_user(session, dist, f"owner@{tag.lower()}dist.test", main=True)
    s_main = builders.make_user(session, sup, f"owner@{tag.lower()}sup.test", main=True)
    s_depot = Warehouse(org_id=sup.id, name="Supplier Depot", kind="own")
    s_third = Warehouse(org_id=sup.id, name="Supplier 3PL", kind="third_party")
    d_at_sup = Warehouse(org_id=dist.id, name="At supplier", kind="supplier")
    d_own = Warehouse(org_id=dist.id, name="Distributor Depot", kind="own")
    store = Store(org_id=dist.id, name="Dist Shopee", channel="Shopee")
    buyer = Customer(org_id=dist.id, code="END1", name="End Buyer")
    session.add_all([s_depot, s_third, d_at_sup, d_own, store, buyer])
    session.flush()
    s_mug = builders.make_sku(session, sup, "S-MUG", "30.00")
    s_lid = builders.make_sku(session, sup, "S-LID", "4.00")
    d_mug = builders.make_sku(session, dist, "D-MUG", "50.00")
    d_lid = builders.make_sku(session, dist, "D-LID", "8.00")
    d_set = builders.make_sku(session, dist, "D-SET", "60.00", combo_of=[(d_mug, 1),
                                                                         (d_lid, 2)])
    for sku in (s_mug, s_lid):
        movements.move_stock(session, s_main, sku, s_depot, "qualified", 100, "opening")
    p = partnerships.propose(session, d_main, sup.name, "distributor")
    partnerships.accept(session, s_main, p,
                        today=started or builders.local_today() - timedelta(days=200))
    partnerships.update(session, s_main, p, partnerships.Settings(
        fee_mode, D(handling_fee), D(distribution_fee)))
    partnerships.update(session, d_main, p, partnerships.Settings(auto_push=auto_push))
    link = partnerships.add_warehouse(session, d_main, p, d_at_sup.id, s_depot.id)
    partnerships.map_sku(session, d_main, p, "D-MUG", "S-MUG")
    partnerships.map_sku(session, d_main, p, "D-LID", "S-LID")
    session.flush()
    return SimpleNamespace(**locals())


def distribution_order(session, w, lines=None, days_ago=10):
    """A distributor order (dated `days_ago`) shipped from the supplier's depot."""
    order = create_order(session, w.d_main, store=w.store, customer=w.buyer,
                         lines=lines or [LineInput(w.d_mug, 3)],
                         order_date=builders.local_now() - timedelta(days=days_ago))
    return fulfilment.ship_from_supplier(session, w.d_main, order, w.link)


def returned(session, w, link, qty=1, line_no=0):
    """An after-sales order (return & refund) on the distributor's order."""
    order = link.distributor_order
    line = order.lines[line_no]
    return aftersales.create(session, w.d_main, order, "return_refund",
                             [aftersales.ReturnInput(qty, order_line=line)],
                             warehouse=w.d_at_sup)
