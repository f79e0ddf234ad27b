from datetime import datetime, timedelta

import pytest

from admin_app.models import LedgerEntry, LotUse
from admin_app.rules.credit import terms, store_credit
from admin_app.rules.core.errors import RuleError
from admin_app.rules.sales.status import change_status

from ... import builders
from ..accounts_helpers import TODAY, D, assert_books_balance, days, make_shop, order
from tests.refusals import refused


@pytest.fixture
def shop(session):
    return make_shop(session, limit="1000.00")


def entries(session, customer):
    return session.query(LedgerEntry).filter_by(customer_id=customer.id) \
        .order_by(LedgerEntry.seq).all()


def test_what_is_not_received_becomes_credit_due_after_the_account_period(session, shop):
    created = datetime(2026, 11, 1, 15, 0)
    o = order(shop, "100.00", received="30.00", when=created)
    assert (o.credit_amount, o.unsettled, o.settlement_status) == (D("70.00"), D("70.00"),
                                                                    "Unsettled")
    assert o.credit_due_date.isoformat() == "2026-11-02"  # the 1st + 1 day
    [entry] = entries(session, shop.customer)
    assert (entry.doc_type, entry.receivable, entry.received, entry.credit_change,
            entry.balance_change, entry.total_credit) == (
        "order", D("100.00"), D("30.00"), D("70.00"), D("0.00"), D("70.00"))
    assert shop.customer.total_credit == D("70.00")
    assert_books_balance(session)


def test_no_account_period_means_no_due_date(session, shop):
    shop.customer.account_period_days = None
    assert order(shop, "50.00").credit_due_date is None


def test_messenger_orders_enter_credit_only_when_approved(session, shop):
    o = order(shop, "80.00", received="20.00", kind="messenger",
              when=datetime(2026, 11, 1, 9, 0))
    assert o.status == "pending" and entries(session, shop.customer) == []
    assert shop.customer.total_credit == 0
    change_status(session, shop.main, o, "approve")
    assert o.unsettled == D("60.00") and shop.customer.total_credit == D("60.00")
    assert o.credit_due_date == TODAY + timedelta(days=1)  # approval date + 1
    assert len(entries(session, shop.customer)) == 1
    assert_books_balance(session)


def test_cod_orders_carry_no_credit_and_no_entry(session, shop):
    o = order(shop, "100.00", method="cod")
    assert o.credit_amount == 0 and not o.on_ledger
    assert entries(session, shop.customer) == []


def test_a_customer_without_credit_must_pay_in_full(session):
    shop = make_shop(session, credit=False)
    with pytest.raises(RuleError, match="must be fully paid .*40.00 is missing"):
        order(shop, "100.00", received="60.00")
    o = order(shop, "100.00", received="100.00")
    assert o.credit_amount == 0 and not o.on_ledger


def test_platform_and_pos_orders_are_never_on_credit(session, shop):
    with pytest.raises(RuleError, match="no credit for pos orders"):
        order(shop, "10.00", kind="pos")
    assert order(shop, "10.00", received="10.00", kind="platform").credit_amount == 0


def test_payments_above_the_total_are_refused(session, shop):
    with pytest.raises(RuleError, match="more than the order total"):
        order(shop, "10.00", received="10.01")


@pytest.mark.parametrize("owed_before, new, accepted", [
    ("900.00", "99.99", True), ("900.00", "100.00", True), ("900.00", "100.01", False)])
def test_credit_limit_under_at_and_over(session, shop, owed_before, new, accepted):
    order(shop, owed_before)
    if accepted:
        order(shop, new)
        assert shop.customer.total_credit == D(owed_before) + D(new)
    else:
        with pytest.raises(RuleError) as refused:
            order(shop, new)
        assert "limit is 1,000.00" in refused.value.message
        assert "0.01 over the limit" in refused.value.message
        assert shop.customer.total_credit == D(owed_before)


def test_over_the_limit_with_override_permission_and_a_reason(session, shop):
    boss = builders.make_user(session, shop.org, "boss@books.test", ["orders.manage", "credit.override"])
    clerk = builders.make_user(session, shop.org, "clerk@books.test", ["orders.manage"])
    order(shop, "1000.00")
    with refused("credit.over_limit_give_reason"):
        order(shop, "50.00", user=boss)
    with refused("credit.over_limit"):
        order(shop, "50.00", user=clerk, reason="regular customer")
    o = order(shop, "50.00", user=boss, reason="Pays every Friday")
    assert o.credit_override_reason == "Pays every Friday"
    assert shop.customer.total_credit == D("1050.00")


def test_balance_pays_from_the_soonest_expiring_lots_and_records_them(session, shop):
    c = shop.customer
    never = store_credit.add_lot(session, c, D("50.00"), "refund")
    late = store_credit.add_lot(session, c, D("20.00"), "promo", days(30))
    soon = store_credit.add_lot(session, c, D("15.00"), "promo", days(2))
    gone = store_credit.add_lot(session, c, D("99.00"), "old promo", days(-1))
    c.total_balance = D("184.00")  # as if posted; the expired lot is not spendable
    o = order(shop, "60.00", balance="45.00", received="15.00")
    uses = {u.lot_id: u.amount for u in session.query(LotUse).filter_by(order_id=o.id)}
    assert uses == {soon.id: D("15.00"), late.id: D("20.00"), never.id: D("10.00")}
    assert gone.remaining == D("99.00")
    assert c.total_balance == D("139.00")
    entry = entries(session, c)[-1]
    assert (entry.received, entry.balance_change, entry.credit_change) == (
        D("60.00"), D("-45.00"), D("0.00"))
    with pytest.raises(RuleError, match="has 40.00 of unexpired store credit"):
        order(shop, "50.00", balance="41.00")


def test_a_backdated_order_spends_only_what_has_not_expired_by_the_shops_today(
        session, shop):
    """Store credit and points are spent when the order is entered: a lot that expired
    yesterday has left the balance (S4), even for an order dated last week and even if
    the expiry job has not run yet."""
    from admin_app.rules.credit import points
    c = shop.customer
    store_credit.add_lot(session, c, D("40.00"), "old promo", days(-1))
    valid = store_credit.add_lot(session, c, D("15.00"), "refund", days(10))
    c.total_balance = D("55.00")  # as if posted; the job has not expired the 40 yet
    points.add(session, c, 50, "promo", days(-1), "earned")
    last_week = datetime.combine(days(-5), datetime.min.time())
    with pytest.raises(RuleError, match="has 15.00 of unexpired store credit"):
        order(shop, "55.00", balance="55.00", when=last_week)
    with pytest.raises(RuleError):
        order(shop, "20.00", points=50, received="15.00", when=last_week)
    o = order(shop, "30.00", balance="15.00", received="15.00", when=last_week)
    assert valid.remaining == D("0.00") and o.balance_used == D("15.00")
    assert o.order_date.date() == days(-5)  # the order keeps its own date
    # a lot that ends today still pays today's last order
    store_credit.add_lot(session, c, D("10.00"), "ends today", days(0))
    c.total_balance += D("10.00")
    tonight = datetime.combine(days(0), datetime.max.time().replace(microsecond=0))
    assert order(shop, "10.00", balance="10.00", when=tonight).balance_used == D("10.00")


def test_opening_credit_and_balance_post_once(session, shop):
    c = shop.customer
    settings = dict(credit_allowed=True, order_types=["manual"], account_period_days=30,
                    credit_limit=D("500.00"), opening_credit=D("120.00"),
                    opening_balance=D("40.00"))
    terms.save_settings(session, shop.main, c, **settings)
    terms.save_settings(session, shop.main, c, **settings)
    kinds = [e.doc_type for e in entries(session, c)]
    assert kinds == ["opening_credit", "opening_balance"]
    assert (c.total_credit, c.total_balance, c.opening_credit_unsettled) == (
        D("120.00"), D("40.00"), D("120.00"))
    with refused("credit.already_posted_correct_adjustment"):
        terms.save_settings(session, shop.main, c, **{**settings,
                                                      "opening_credit": D("150.00")})
    assert_books_balance(session)


def test_credit_settings_are_validated(session, shop):
    base = dict(credit_allowed=True, order_types=["manual"], account_period_days=None,
                credit_limit=None, opening_credit=None, opening_balance=None)
    for change, message in [({"order_types": ["pos"]}, "only Manual and Messenger"),
                            ({"account_period_days": -1}, "Account period"),
                            ({"credit_limit": D("-5")}, "Maximum credit limit")]:
        with pytest.raises(RuleError, match=message):
            terms.save_settings(session, shop.main, shop.customer, **{**base, **change})


def test_order_types_named_twice_are_kept_once(session, shop):
    """The API takes a list: ["manual", "manual", "messenger", ...] sixteen times over
    overflowed the column (a 500 on PostgreSQL). Each type is kept once."""
    terms.save_settings(session, shop.main, shop.customer, credit_allowed=True,
                        order_types=["manual", "messenger"] * 8, account_period_days=None,
                        credit_limit=None, opening_credit=None, opening_balance=None)
    assert shop.customer.credit_order_types == "manual messenger"
