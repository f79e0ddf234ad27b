from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from admin_app.models import ORDER_STATUSES, AuditLog, Customer, Store
from admin_app.rules.sales import status as order_status, orders
from admin_app.rules.core.access import NotYours
from admin_app.rules.core.errors import RuleError, TransitionError
from admin_app.rules.core.messages import speaking
from admin_app.rules.sales.orders import (
    ORDER_EVENTS,
    ORDER_MACHINE,
    LineInput,
    create_order,
)
from admin_app.rules.sales.pricing import price_for

from ... import builders
from tests.refusals import refused


@pytest.fixture
def shop(session):
    org = builders.make_org(session)
    main = builders.make_user(session, org, "o@x.test", main=True)
    store = Store(org_id=org.id, name="Shop", channel="Lazada")
    customer = Customer(org_id=org.id, code="C1", name="Buyer")
    session.add_all([store, customer])
    session.flush()
    return org, main, store, customer


def _order(session, shop, order_type="manual", **kw):
    org, main, store, customer = shop
    sku = kw.pop("sku", None) or builders.make_sku(session, org, f"S{datetime.now().microsecond}")
    return create_order(session, main, store=store, customer=customer,
                        lines=[LineInput(sku, 3)], order_type=order_type, **kw)


def test_manual_orders_start_new_and_messenger_orders_wait_for_approval(session, shop):
    assert _order(session, shop).status == "new"
    assert _order(session, shop, "messenger").status == "pending"


def test_order_total_is_the_sum_of_priced_lines(session, shop):
    org, main, store, customer = shop
    a = builders.make_sku(session, org, "A", "19.99")
    b = builders.make_sku(session, org, "B", "0.10")
    # a typed unit price with more decimals than the currency has is refused (S9)
    with refused("money.too_many_decimals", amount=Decimal("0.105"), currency="PHP"):
        create_order(session, main, store=store, customer=customer, lines=[
            LineInput(a, 3), LineInput(b, 7, Decimal("0.105"))])
    order = create_order(session, main, store=store, customer=customer, lines=[
        LineInput(a, 3), LineInput(b, 7, Decimal("0.11"))])
    assert [line.amount for line in order.lines] == [Decimal("59.97"), Decimal("0.77")]
    assert order.total == Decimal("60.74")


ALL_STATES = list(ORDER_STATUSES)


@pytest.mark.parametrize("state", ALL_STATES)
@pytest.mark.parametrize("event", list(ORDER_EVENTS))
def test_each_status_allows_exactly_its_transitions(session, shop, state, event):
    order = _order(session, shop)
    order.status = state
    session.flush()
    audit_rows = session.query(AuditLog).count()
    expected = ORDER_MACHINE.get(state, {}).get(event)
    if expected:
        assert order_status.change_status(session, shop[1], order, event) == expected
        assert order.status == expected
        assert session.query(AuditLog).count() == audit_rows + 1
    else:
        with pytest.raises(TransitionError) as refused:
            order_status.change_status(session, shop[1], order, event)
        assert ORDER_STATUSES[state] in refused.value.message
        assert order.status == state
        assert session.query(AuditLog).count() == audit_rows


def test_the_full_path_from_pending_to_completed(session, shop):
    order = _order(session, shop, "messenger")
    for event, state in [("approve", "new"), ("to_pickup", "to_pickup"),
                         ("ship", "shipped"), ("complete", "completed")]:
        order_status.change_status(session, shop[1], order, event)
        assert order.status == state
    assert order.approved_at is not None


def test_completed_and_cancelled_orders_cannot_be_cancelled_again(session, shop):
    order = _order(session, shop)
    order_status.change_status(session, shop[1], order, "cancel")
    with pytest.raises(TransitionError, match="Cancelled"):
        order_status.change_status(session, shop[1], order, "cancel")


def test_price_for_uses_level_price_then_wholesale_then_zero(session, shop):
    from admin_app.models import CustomerLevel, TierPrice
    org, main, store, customer = shop
    gold = CustomerLevel(org_id=org.id, name="Gold")
    session.add(gold)
    session.flush()
    tiered = builders.make_sku(session, org, "T", "50.00")
    plain = builders.make_sku(session, org, "P", "40.00")
    free = builders.make_sku(session, org, "F", None)
    session.add(TierPrice(org_id=org.id, level_id=gold.id, sku_id=tiered.id,
                          price=Decimal("45.50")))
    customer.level = gold
    session.flush()
    assert price_for(session, customer, tiered) == Decimal("45.50")
    assert price_for(session, customer, plain) == Decimal("40.00")
    assert price_for(session, customer, free) == Decimal("0.00")
    customer.level = None
    session.flush()
    assert price_for(session, customer, tiered) == Decimal("50.00")


def test_hand_added_lines_without_price_take_the_customers_price(session, shop):
    from admin_app.models import CustomerLevel, TierPrice
    org, main, store, customer = shop
    level = CustomerLevel(org_id=org.id, name="Silver")
    session.add(level)
    session.flush()
    sku = builders.make_sku(session, org, "X", "10.00")
    session.add(TierPrice(org_id=org.id, level_id=level.id, sku_id=sku.id,
                          price=Decimal("8.25")))
    customer.level = level
    order = create_order(session, main, store=store, customer=customer,
                         lines=[LineInput(sku, 4)])
    assert order.lines[0].unit_price == Decimal("8.25")
    assert order.total == Decimal("33.00")


@pytest.mark.parametrize("quantity, price, message", [
    (0, None, "quantity"), (-1, None, "quantity"), (100_001, None, "quantity"),
    (1, Decimal("-0.01"), "unit price"), (1, Decimal("1e15"), "unit price"),
])
def test_bad_lines_are_refused(session, shop, quantity, price, message):
    org, main, store, customer = shop
    sku = builders.make_sku(session, org, "Q")
    with pytest.raises(RuleError, match=message):
        create_order(session, main, store=store, customer=customer,
                     lines=[LineInput(sku, quantity, price)])


def test_an_order_needs_lines_and_own_organizations_rows(session, shop):
    org, main, store, customer = shop
    with pytest.raises(RuleError, match="at least one"):
        create_order(session, main, store=store, customer=customer, lines=[])
    other = builders.make_org(session, "Other")
    foreign = builders.make_sku(session, other, "F1")
    with pytest.raises(NotYours):  # checked before the rule runs: as if it did not exist
        create_order(session, main, store=store, customer=customer,
                     lines=[LineInput(foreign, 1)])


def test_only_pending_or_new_orders_can_be_edited(session, shop):
    order = _order(session, shop)
    sku = order.lines[0].sku
    orders.update_order(session, shop[1], order, lines=[LineInput(sku, 5, Decimal("2.00"))])
    assert order.total == Decimal("10.00")
    order_status.change_status(session, shop[1], order, "to_pickup")
    with refused("order.order_pending_new_orders"):
        orders.update_order(session, shop[1], order, lines=[LineInput(sku, 1)])
    assert order.total == Decimal("10.00")


def test_duplicate_order_numbers_are_refused(session, shop):
    _order(session, shop, number="SO-1")
    with pytest.raises(RuleError, match="SO-1 already exists"):
        _order(session, shop, number="SO-1")


@pytest.mark.parametrize("zone", ["Asia/Manila", "Pacific/Pago_Pago"])
def test_an_order_dated_after_the_organization_s_today_is_refused(app, session, shop, zone):
    """An order dated later would stand on the statement after payments made before
    it (the running total owed dipping below zero). Today is the organization's."""
    org = shop[0]
    org.timezone = zone
    today = builders.local_today(zone)
    with refused("order.dated_after_today", date=today + timedelta(days=1), today=today):
        _order(session, shop, order_date=datetime.combine(today + timedelta(days=1),
                                                          datetime.min.time()))
    assert _order(session, shop, order_date=datetime.combine(
        today, datetime.max.time().replace(microsecond=0))).status == "new"
    refusal = RuleError("order.dated_after_today", {"date": date(2026, 12, 31),
                                                    "today": date(2026, 12, 30)})
    with app.test_request_context(), speaking("th"):  # days written the reader's way
        assert "31 ธ.ค. 2026" in refusal.message and "2026-12-31" not in refusal.message
    assert "2026-12-31 is after today (2026-12-30" in refusal.message


def test_a_platform_order_is_paid_on_the_platform(session, shop):
    """SPEC S2/S4 (issue 21 item 7): entered as paid, never on credit, no payment."""
    from admin_app.rules.credit.terms import Payment
    org, main, store, customer = shop
    sku = builders.make_sku(session, org, "PLAT", "12.50")
    order = create_order(session, main, store=store, customer=customer,
                         lines=[LineInput(sku, 2)], order_type="platform")
    assert (order.total, order.received, order.paid_with, order.unsettled) == (
        Decimal("25.00"), Decimal("25.00"), "external", 0)
    with pytest.raises(RuleError, match="no credit for platform orders"):
        create_order(session, main, store=store, customer=customer,
                     lines=[LineInput(sku, 1)], order_type="platform",
                     payment=Payment(received=Decimal("5.00"), paid_with="cash"))
