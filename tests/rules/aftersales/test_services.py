"""After-sales services (SPEC S7): each one's stock effect and statuses, and the
returned-quantity cap shared by every kind."""
from datetime import timedelta
from decimal import Decimal as D

import pytest

from admin_app.models import Order, StockLevel
from admin_app.rules.aftersales import orders as aftersales, services
from admin_app.rules.aftersales.orders import Receipt, ReturnInput
from admin_app.rules.core.errors import RuleError, StockError, TransitionError
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.rules.sales.status import change_status
from admin_app.rules.stock import movements

from ..accounts_helpers import assert_books_balance, make_returns_shop
from tests.refusals import refused
from tests import builders


@pytest.fixture
def shop(session):
    s = make_returns_shop(session)
    movements.move_stock(session, s.main, s.sku, s.wh, "qualified", 10, "opening")
    return s


def shipped(session, shop, qty=5):
    o = create_order(session, shop.main, store=shop.store, customer=shop.customer,
                     lines=[LineInput(shop.sku, qty, D("12.00"))])
    for event in ("to_pickup", "ship"):
        change_status(session, shop.main, o, event)
    return o


def service(session, shop, o, kind, qty, warehouse=True):
    return aftersales.create(session, shop.main, o, kind,
                             [ReturnInput(qty, order_line=o.lines[0])],
                             warehouse=shop.wh if warehouse else None, tracking_no="TRK-9")


def stock(session, shop):
    row = session.query(StockLevel).filter_by(sku_id=shop.sku.id,
                                              warehouse_id=shop.wh.id).one()
    return row.qualified, row.unqualified


def test_a_customer_return_stocks_in_and_completes_without_money(session, shop):
    o = shipped(session, shop)
    aso = service(session, shop, o, "customer_return", 3)
    assert (aso.status, aftersales.refundable(aso)) == ("confirm_return", D("0.00"))
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(1, 1, 1)})
    assert aso.status == "completed"
    assert aso.completed_at is not None  # the details page shows when (it was blank)
    assert stock(session, shop) == (11, 1)
    assert shop.customer.total_balance == D("0.00")
    assert_books_balance(session)


def test_returned_quantities_are_capped_across_every_kind(session, shop):
    o = shipped(session, shop, qty=5)
    service(session, shop, o, "customer_return", 2)
    service(session, shop, o, "replacement", 1)
    service(session, shop, o, "uncollected", 1)
    with pytest.raises(RuleError, match="at most 1 can be returned"):
        service(session, shop, o, "return_refund", 2)
    service(session, shop, o, "return_refund", 1)
    with pytest.raises(RuleError, match="at most 0 can be returned"):
        service(session, shop, o, "customer_return", 1)


def test_goods_of_a_refund_only_come_back_through_a_customer_return(session, shop):
    """Seed 000, scenario 2: the buyer was refunded without sending anything back, then
    ships the goods anyway. A Refund-Only's units stayed with the buyer, so a Customer
    Return (goods, no money) can still take them in; anything that could pay them
    back a second time (Return & Refund, another Refund-Only) still cannot."""
    from admin_app.rules.aftersales import refund_orders
    o = shipped(session, shop, qty=2)
    refunded = aftersales.create(session, shop.main, o, "refund_only",
                                 [ReturnInput(2, order_line=o.lines[0])])
    aftersales.confirm(session, shop.main, refunded, False)
    refund_orders.create(session, shop.main, refunded, D("24.00"), "balance")
    assert refunded.status == "completed" and stock(session, shop) == (10, 0)
    for kind in ("return_refund", "refund_only"):
        with pytest.raises(RuleError, match="at most 0 can be returned"):
            service(session, shop, o, kind, 1, warehouse=kind != "refund_only")
    back = service(session, shop, o, "customer_return", 2)
    aftersales.stock_in(session, shop.main, back, {back.lines[0].id: Receipt(2)})
    assert (back.status, stock(session, shop)) == ("completed", (12, 0))
    with pytest.raises(RuleError, match="at most 0 can be returned"):
        service(session, shop, o, "customer_return", 1)  # both units are back now
    assert shop.customer.total_balance == D("24.00")  # refunded once
    assert_books_balance(session)


def test_the_units_a_refund_only_paid_and_a_customer_return_brought_are_the_same(
        session, shop):
    """3 sold; a Refund-Only paid 2, then a Customer Return brought those 2 back. They
    are the same 2 units: the third can still be returned and refunded (it was counted
    4 times over 3, "at most -1")."""
    from admin_app.rules.aftersales import refund_orders
    o = shipped(session, shop, qty=3)
    refunded = aftersales.create(session, shop.main, o, "refund_only",
                                 [ReturnInput(2, order_line=o.lines[0])])
    aftersales.confirm(session, shop.main, refunded, False)
    refund_orders.create(session, shop.main, refunded, D("24.00"), "balance")
    service(session, shop, o, "customer_return", 2)
    assert aftersales.returnable(session, o.lines[0]) == 1
    with pytest.raises(RuleError, match="sold 3, 2 already returned; at most 1"):
        service(session, shop, o, "return_refund", 2)
    last = service(session, shop, o, "return_refund", 1)
    assert last.returned_amount == D("12.00")
    with pytest.raises(RuleError, match="at most 0 can be returned"):
        service(session, shop, o, "refund_only", 1, warehouse=False)


def test_a_cancelled_service_frees_its_quantity(session, shop):
    o = shipped(session, shop, qty=2)
    first = service(session, shop, o, "customer_return", 2)
    aftersales.cancel(session, shop.main, first)
    assert service(session, shop, o, "customer_return", 2).status == "confirm_return"


def test_a_replacement_after_the_return_ships_the_same_goods_again(session, shop):
    o = shipped(session, shop)
    aso = service(session, shop, o, "replacement", 2)
    with pytest.raises(RuleError, match='is a Replacement: it has no "Confirm After-Sales"'):
        aftersales.confirm(session, shop.main, aso, with_stock_in=False)
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(2)})
    assert (aso.status, stock(session, shop)) == ("received_return", (12, 0))
    replacement = services.ship_replacement(session, shop.main, aso)
    assert aso.status == "completed" and aso.replacement_order is replacement
    assert (replacement.order_type, replacement.status, replacement.total) == \
        ("replacement", "shipped", D("0.00"))
    assert [(ln.sku_id, ln.quantity) for ln in replacement.lines] == [(shop.sku.id, 2)]
    assert stock(session, shop) == (10, 0)
    assert_books_balance(session)


def test_a_shipped_replacement_order_is_not_cancelled_its_goods_come_back_by_a_service(
        session, shop):
    from admin_app.rules.sales import cancellation, orders
    o = shipped(session, shop, qty=3)
    aso = service(session, shop, o, "replacement", 1)
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(1)})
    replacement = services.ship_replacement(session, shop.main, aso)
    assert stock(session, shop) == (10, 0)
    assert not orders.can(replacement, "cancel")  # no Cancel... button
    assert "cancel" not in orders.allowed(shop.main, replacement)
    for cancelling in (lambda: cancellation.cancel(session, shop.main, replacement),
                       lambda: change_status(session, shop.main, replacement, "cancel")):
        with refused("cancel.replacement_shipped", number=replacement.number):
            cancelling()
    assert (replacement.status, aso.status, stock(session, shop)) == \
        ("shipped", "completed", (10, 0))
    back = service(session, shop, replacement, "uncollected", 1)  # the parcel came back
    aftersales.stock_in(session, shop.main, back, {back.lines[0].id: Receipt(1)})
    assert stock(session, shop) == (11, 0)
    assert_books_balance(session)


def test_units_in_repair_are_with_the_seller_until_the_repair_is_done(session, shop):
    from tests import builders
    o = shipped(session, shop, qty=3)
    repair = aftersales.create(session, shop.main, o, "repair",
                               [ReturnInput(2, order_line=o.lines[0])])
    for kind in ("repair", "return_refund", "customer_return"):  # 1 of 3 is left
        with refused("aftersales.line_sold_already_returned", left=1):
            aftersales.create(session, shop.main, o, kind,
                              [ReturnInput(2, order_line=o.lines[0])], warehouse=shop.wh)
    services.complete_repair(session, shop.main, repair, builders.local_today(), "WB-1")
    back = aftersales.create(session, shop.main, o, "return_refund",  # back with the buyer
                             [ReturnInput(3, order_line=o.lines[0])], warehouse=shop.wh)
    assert back.lines[0].quantity == 3


def test_a_replacement_can_ship_before_the_return_arrives(session, shop):
    o = shipped(session, shop)
    aso = service(session, shop, o, "replacement", 3)
    services.ship_replacement(session, shop.main, aso)
    assert (aso.status, stock(session, shop)) == ("replacement_shipped", (7, 0))
    with pytest.raises(TransitionError):
        services.ship_replacement(session, shop.main, aso)
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(2, 1)})
    assert (aso.status, stock(session, shop)) == ("completed", (9, 1))


def test_a_replacement_without_enough_stock_is_refused_whole(session, shop):
    o = shipped(session, shop, qty=12)
    aso = service(session, shop, o, "replacement", 11)
    orders_before = session.query(Order).count()
    with pytest.raises(StockError):
        with session.begin_nested():
            services.ship_replacement(session, shop.main, aso)
    session.expire_all()
    assert (aso.status, aso.replacement_order_id) == ("confirm_return", None)
    assert session.query(Order).count() == orders_before
    assert stock(session, shop) == (10, 0)


def test_a_repair_moves_no_stock_and_needs_its_ship_date_and_waybill(session, shop):
    o = shipped(session, shop, qty=3)
    aso = service(session, shop, o, "repair", 3, warehouse=False)
    assert (aso.status, aso.warehouse_id, stock(session, shop)) == ("in_repair", None, (10, 0))
    with refused("service.repair_completed_enter_ship"):
        services.complete_repair(session, shop.main, aso, builders.local_today(), "  ")
    with pytest.raises(RuleError, match="Ship date"):
        services.complete_repair(session, shop.main, aso,
                                 builders.local_today() + timedelta(days=1), "WB-1")
    services.complete_repair(session, shop.main, aso, builders.local_today(), "WB-77")
    assert (aso.status, aso.repair_waybill) == ("repair_completed", "WB-77")
    # the repaired goods went back to the buyer: they can still be returned
    assert service(session, shop, o, "return_refund", 3).status == "to_confirm"
    assert stock(session, shop) == (10, 0)


def test_an_uncollected_parcel_comes_back_as_qualified_stock_and_marks_its_order(session,
                                                                                 shop):
    o = shipped(session, shop, qty=4)
    aso = service(session, shop, o, "uncollected", 4)
    assert o.uncollected is False
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(4)})
    assert (aso.status, o.uncollected, stock(session, shop)) == ("completed", True, (14, 0))
    assert_books_balance(session)


def test_services_start_only_on_shipped_orders_and_never_as_a_partner_kind(session, shop):
    new = create_order(session, shop.main, store=shop.store, customer=shop.customer,
                       lines=[LineInput(shop.sku, 1, D("12.00"))])
    with pytest.raises(RuleError, match="can be created only for orders"):
        service(session, shop, new, "customer_return", 1)
    cancelled = shipped(session, shop)
    change_status(session, shop.main, cancelled, "cancel")
    with pytest.raises(RuleError, match="Cancelled: services can be created only"):
        service(session, shop, cancelled, "repair", 1, warehouse=False)
    with refused("aftersales.type_one_service"):
        service(session, shop, shipped(session, shop), "distribution_return", 1)


def test_a_replacement_cancelled_after_stock_in_takes_the_goods_back_out(session, shop):
    o = shipped(session, shop)
    aso = service(session, shop, o, "replacement", 2)
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(2)})
    aftersales.cancel(session, shop.main, aso)
    assert (aso.status, stock(session, shop)) == ("cancelled", (10, 0))
    shipped_first = service(session, shop, o, "replacement", 2)
    services.ship_replacement(session, shop.main, shipped_first)
    with pytest.raises(TransitionError):  # the replacement has left: it stays
        aftersales.cancel(session, shop.main, shipped_first)


def test_an_uncollected_parcel_never_goes_into_unqualified_stock(session, shop):
    """S7: the parcel comes back unused, into qualified stock; what is not in it is
    missing. A split with unqualified units is refused and changes nothing."""
    o = shipped(session, shop, qty=4)
    aso = service(session, shop, o, "uncollected", 4)
    with refused("aftersales.uncollected_qualified", n=1):
        aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(2, 2)})
    assert (aso.status, stock(session, shop)) == ("confirm_return", (10, 0))
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(3, 0, 1)})
    assert (aso.status, stock(session, shop)) == ("completed", (13, 0))


@pytest.mark.parametrize("kind", ["customer_return", "uncollected", "replacement", "repair"])
def test_a_service_starts_only_from_a_shipped_order(session, shop, kind):
    """S7: "from a shipped order": an order waiting for pickup has not left."""
    o = create_order(session, shop.main, store=shop.store, customer=shop.customer,
                     lines=[LineInput(shop.sku, 2, D("12.00"))])
    change_status(session, shop.main, o, "to_pickup")
    with refused("service.order_status_refused", number=o.number):
        service(session, shop, o, kind, 1, warehouse=kind != "repair")
    change_status(session, shop.main, o, "ship")
    assert service(session, shop, o, kind, 1, warehouse=kind != "repair").order is o
