from datetime import datetime

import pytest

from admin_app.models import CreditLot, LedgerEntry, Outbox, PointLot, PointsEvent
from admin_app.rules.sales import cancellation
from admin_app.rules.credit import payments, points, store_credit
from admin_app.rules.sales.cancellation import Revert
from admin_app.rules.core.errors import RuleError
from admin_app.rules.sales.status import change_status

from ..accounts_helpers import TODAY, D, assert_books_balance, days, make_shop, order


@pytest.fixture
def shop(session):
    return make_shop(session)


def post_lot(session, shop, amount, expires_on):
    """Store credit given earlier (e.g. a refund), with its ledger entry."""
    from admin_app.rules.credit import ledger
    customer = ledger.lock_customer(session, shop.customer.id)
    store_credit.add_lot(session, customer, D(amount), "earlier refund", expires_on)
    ledger.post(session, shop.main, customer, doc_type="adjustment", doc_no="ADJ",
                balance_change=D(amount))


def give_points(session, shop, n, expires_on):
    points.add(session, shop.customer, n, "promo", expires_on, "earned")


def test_cancelling_removes_unsettled_credit_and_moves_paid_money_to_balance(session, shop):
    o = order(shop, "100.00", received="30.00")
    payments.receive(session, shop.main, shop.customer.id, D("20.00"), None)
    cancellation.cancel(session, shop.main, o, revert=None)
    entry = session.query(LedgerEntry).filter_by(doc_type="cancellation").one()
    assert (entry.receivable, entry.received, entry.credit_change, entry.balance_change) == (
        D("-100.00"), D("-50.00"), D("-50.00"), D("50.00"))
    assert (o.status, o.unsettled) == ("cancelled", D("0.00"))
    assert (shop.customer.total_credit, shop.customer.total_balance) == (0, D("50.00"))
    assert o.revert_status is None  # nothing was paid with store credit or points
    assert_books_balance(session)


def test_bulk_cancel_reverts_nothing_and_leaves_not_reverted(session, shop):
    post_lot(session, shop, "30.00", None)
    o = order(shop, "30.00", balance="30.00")
    change_status(session, shop.main, o, "cancel")  # the list's bulk action
    assert o.revert_status == "not_reverted"
    assert shop.customer.total_balance == 0
    assert_books_balance(session)


def test_store_credit_from_an_unexpired_lot_comes_back_with_its_expiry(session, shop):
    post_lot(session, shop, "25.00", days(10))
    o = order(shop, "25.00", balance="25.00")
    done = cancellation.cancel(session, shop.main, o, Revert())
    back = session.query(CreditLot).filter_by(source=f"revert {o.number}").one()
    assert (back.amount, back.expires_on) == (D("25.00"), days(10))
    assert o.revert_status == "reverted" and shop.customer.total_balance == D("25.00")
    assert any("Store credit 25.00 back" in line for line in done)
    assert_books_balance(session)


def test_expired_store_credit_comes_back_only_when_extended(session, shop):
    post_lot(session, shop, "40.00", days(3))
    o = order(shop, "40.00", balance="40.00")
    later = days(5)  # the lot expired two days ago
    cancellation.cancel(session, shop.main, o, Revert(), today=later)
    assert o.revert_status == "not_reverted" and shop.customer.total_balance == 0
    cancellation.cancel(session, shop.main, o, Revert(extend_credit_days=7), today=later)
    back = session.query(CreditLot).filter_by(source=f"revert {o.number}").one()
    assert back.expires_on == days(12)  # revert date + 7 days
    assert o.revert_status == "reverted"
    with pytest.raises(RuleError, match="already Cancelled"):
        cancellation.cancel(session, shop.main, o, Revert(extend_credit_days=7), today=later)
    assert_books_balance(session)


def test_each_reverted_piece_is_its_own_entry_and_lot(session, shop):
    post_lot(session, shop, "10.00", days(4))
    post_lot(session, shop, "15.00", None)
    o = order(shop, "25.00", balance="25.00")
    cancellation.cancel(session, shop.main, o, Revert())
    lots = session.query(CreditLot).filter_by(source=f"revert {o.number}") \
        .order_by(CreditLot.id).all()
    assert [(lot.amount, lot.expires_on) for lot in lots] == [(D("10.00"), days(4)),
                                                             (D("15.00"), None)]
    reverts = session.query(LedgerEntry).filter(LedgerEntry.note.like("Store credit rev%")) \
        .order_by(LedgerEntry.seq)  # in the order they were posted (no ORDER BY: any order)
    assert [e.balance_change for e in reverts] == [D("10.00"), D("15.00")]
    assert_books_balance(session)


def test_points_come_back_and_expired_points_only_with_extension(session, shop):
    give_points(session, shop, 100, days(2))
    give_points(session, shop, 50, days(300))
    o = order(shop, "20.00", points=120)  # 120 points x 0.10 = 12.00 paid
    assert o.points_value == D("12.00") and o.unsettled == D("8.00")
    later = days(3)  # the first lot (100 points) has expired
    cancellation.cancel(session, shop.main, o, Revert(extend_points=False), today=later)
    assert shop.customer.points == 30 + 20  # 50-lot's unused 30 + the 20 reverted
    assert o.revert_status == "not_reverted"  # the expired 100 can still come back
    cancellation.cancel(session, shop.main, o, Revert(extend_points=True), today=later)
    assert shop.customer.points == 150 and o.revert_status == "reverted"
    extended = session.query(PointLot).filter_by(source=f"revert {o.number}", points=100).one()
    assert extended.expires_on == points.next_annual_expiry(shop.org, later)
    assert_books_balance(session)


def test_nothing_revertible_leaves_not_reverted_and_can_be_offered_again(session, shop):
    post_lot(session, shop, "5.00", days(1))
    give_points(session, shop, 10, days(1))
    o = order(shop, "6.00", balance="5.00", points=10)
    later = days(2)
    done = cancellation.cancel(session, shop.main, o, Revert(), today=later)
    assert o.revert_status == "not_reverted" and shop.customer.total_balance == 0
    assert shop.customer.points == 0 and not any("back" in d for d in done)
    cancellation.cancel(session, shop.main, o, Revert(extend_credit_days=30,
                                                     extend_points=True), today=later)
    assert o.revert_status == "reverted"
    assert shop.customer.total_balance == D("5.00") and shop.customer.points == 10
    assert_books_balance(session)


def test_a_partial_revert_stays_not_reverted_until_the_rest_comes_back(session, shop):
    """Paid 20.00 from two lots (7.00 expiring tomorrow, 13.00 later) and 5 points
    expiring tomorrow; cancelled in two days without extending: the 13.00 comes back,
    but the order stays Not reverted, so its row still offers the revert and the
    "Not reverted" filter still finds it. The rest, extended, makes it Reverted."""
    post_lot(session, shop, "7.00", days(1))
    post_lot(session, shop, "13.00", days(30))
    give_points(session, shop, 5, days(1))
    o = order(shop, "20.50", balance="20.00", points=5)
    later = days(2)
    cancellation.cancel(session, shop.main, o, Revert(), today=later)
    assert shop.customer.total_balance == D("13.00") and shop.customer.points == 0
    assert o.revert_status == "not_reverted" and cancellation.revert_left(o)
    cancellation.cancel(session, shop.main, o, Revert(extend_credit_days=3), today=later)
    assert shop.customer.total_balance == D("20.00")
    assert o.revert_status == "not_reverted"  # the points are still to come back
    cancellation.cancel(session, shop.main, o, Revert(extend_points=True), today=later)
    assert o.revert_status == "reverted" and shop.customer.points == 5
    assert_books_balance(session)


def test_less_than_a_point_left_is_nothing_left_to_revert(session):
    """50 points (worth 5.00) paid part of an order, 20 of them expiring tomorrow;
    refunds gave back all but 3.05 of the points' value. Cancelled without extending,
    30 points come back; 0.05 is less than a point, so the order is Reverted and not
    offered again, rather than Not reverted for ever with nothing to give back."""
    from admin_app.rules.aftersales import refund_posting
    from ..accounts_helpers import make_returns_shop
    shop = make_returns_shop(session)
    give_points(session, shop, 30, days(30))
    give_points(session, shop, 20, days(1))
    o = order(shop, "15.00", received="10.00", points=50)
    for event in ("to_pickup", "ship"):
        change_status(session, shop.main, o, event)
    refund_posting.post_refund(session, shop.main, o, D("11.95"), "balance", "AS-1")
    cancellation.cancel(session, shop.main, o, Revert(), today=days(2))
    assert shop.customer.points == 30 and o.revert_status == "reverted"
    with pytest.raises(RuleError):
        cancellation.cancel(session, shop.main, o, Revert(extend_points=True),
                            today=days(2))
    assert_books_balance(session)


def test_notify_queues_a_message_for_the_customer(session, shop):
    shop.customer.email = "maria@example.com"
    post_lot(session, shop, "5.00", None)
    o = order(shop, "5.00", balance="5.00")
    cancellation.cancel(session, shop.main, o, Revert(notify=True))
    message = session.query(Outbox).one()
    assert message.to_address == "maria@example.com" and o.number in message.subject
    assert "5.00" in message.body and message.sent_at is None


def test_the_cancellation_says_in_words_and_currency_what_became_of_the_money(session, shop):
    o = order(shop, "30.00", received="12.00")  # 18.00 on credit
    body = " ".join(map(str, cancellation.cancel(session, shop.main, o, Revert())))
    assert "18.00 PHP still owed on this order is no longer owed." in body
    assert "12.00 PHP paid for this order is now in the account balance, as store credit." \
        in body
    assert "Credit removed" not in body and "paid money to balance" not in body


def test_reopening_a_reverted_order_takes_nothing_back(session, shop):
    post_lot(session, shop, "5.00", None)
    o = order(shop, "5.00", balance="5.00")
    cancellation.cancel(session, shop.main, o, Revert())
    change_status(session, shop.main, o, "reopen")
    assert o.status == "new" and shop.customer.total_balance == D("5.00")
    assert_books_balance(session)


def test_points_earned_on_completion_are_taken_back_on_cancel(session, shop):
    o = order(shop, "250.00", received="250.00")
    for event in ("to_pickup", "ship", "complete"):
        change_status(session, shop.main, o, event)
    assert o.points_earned == 250 and shop.customer.points == 250
    # the customer spends 200 of them elsewhere before the cancel
    order(shop, "20.00", points=200)
    cancellation.cancel(session, shop.main, o, revert=None)
    event = session.query(PointsEvent).filter_by(kind="taken_back").one()
    assert (event.points, event.not_recovered) == (-50, 200)
    assert shop.customer.points == 0
    assert_books_balance(session)


def test_expiry_command_logic_posts_once(session, shop):
    post_lot(session, shop, "12.50", days(-1))
    assert store_credit.expire(session, shop.main, TODAY) == 1
    assert store_credit.expire(session, shop.main, TODAY) == 0
    entry = session.query(LedgerEntry).filter_by(doc_type="expiry").one()
    assert entry.balance_change == D("-12.50") and shop.customer.total_balance == 0
    assert_books_balance(session)


def test_order_dates_do_not_matter_to_revert_expiry_checks(session, shop):
    post_lot(session, shop, "8.00", days(1))
    o = order(shop, "8.00", balance="8.00", when=datetime(2026, 1, 1))
    cancellation.cancel(session, shop.main, o, Revert(), today=TODAY)
    assert o.revert_status == "reverted"


def test_points_given_back_in_pieces_are_worth_whole_dong(session):
    """VND has no decimals (SPEC S9: rounded to the currency's unit). A point worth 1.5
    dong: 3 points paid 5 dong (4.5, rounded up). Two came from a lot ending tomorrow:
    cancelled two days on, only one point comes back now, worth 2 dong (1.67 of 5),
    never a fraction of a dong."""
    shop = make_shop(session, point_value="1.5", name="Ha Noi Books")
    shop.org.currency = "VND"
    session.flush()
    points.add(session, shop.customer, 2, "promo", days(1), "earned")
    points.add(session, shop.customer, 1, "promo", days(100), "earned")
    o = order(shop, "10", received="5", points=3)
    assert o.points_value == D("5")
    cancellation.cancel(session, shop.main, o, Revert(), today=days(2))
    assert (o.points_reverted, o.back_points) == (1, D("2"))
    assert o.revert_status == "not_reverted"  # the two from the ended lot may still come
    amounts = [v for e in session.query(LedgerEntry).filter_by(customer_id=shop.customer.id)
               for v in (e.receivable, e.received, e.balance_change, e.total_balance)]
    assert all(v == v.to_integral_value() for v in amounts), amounts
    assert_books_balance(session)


def test_money_of_an_order_off_the_account_stays_and_the_cancel_says_so(session):
    """S4 moves the money of a cancelled order to the balance only for an order on the
    customer's account. One off it (no credit for its type) keeps it: the cancel says so
    and how to give it back, rather than saying nothing."""
    shop = make_shop(session, credit=False, name="Cash Only")
    o = order(shop, "50.00", received="50.00")
    assert not o.on_ledger
    assert cancellation.revertible_summary(session, o)["money_stays"] == D("50.00")
    done = cancellation.cancel(session, shop.main, o, Revert())
    assert [str(d) for d in done] == [
        "50.00 PHP paid for this order stays with it (the order is not on the customer's "
        "account): refund it with a Refund-Only after-sales order if it is owed back."]
    assert shop.customer.total_balance == D("0.00")



def test_a_platform_orders_cancel_does_not_send_staff_to_refund_it(session):
    """S12: the platform refunds its buyer, never a refund of ours: its order's money
    is not the shop's to give back, whatever the account says."""
    from tests.rules.platforms.helpers import make_platform_shop
    from admin_app.rules.sales.orders import LineInput, create_order
    shop = make_platform_shop(session, name="Platform Shop")
    o = create_order(session, shop.main, store=shop.stores["Shopee"], customer=shop.customer,
                     order_type="platform", payment_method="prepaid",
                     lines=[LineInput(shop.sku, 1, D("50.00"))])
    change_status(session, shop.main, o, "to_pickup")
    assert not o.on_ledger
    assert cancellation.revertible_summary(session, o)["money_stays"] == D("0.00")
    done = [str(d) for d in cancellation.cancel(session, shop.main, o)]
    assert not any("Refund-Only" in d for d in done)


@pytest.mark.parametrize("in_one_go", [True, False])
def test_earned_points_not_recovered_are_taken_from_the_used_points_reverted(
        session, shop, in_one_go):
    """An order paid partly with 50 points earned 100 on completion; the customer spent
    all 100 elsewhere. Cancelled with revert (at once, or cancelled then reverted): the
    50 points coming back first cover the 100 earned ones not recovered. The customer
    holds 0, not 50 while 100 stand as not recovered; points earned elsewhere since
    stay theirs."""
    give_points(session, shop, 50, None)
    o = order(shop, "100.00", received="95.00", points=50)  # 50 points = 5.00
    for event in ("to_pickup", "ship", "complete"):
        change_status(session, shop.main, o, event)
    assert (o.points_earned, shop.customer.points) == (100, 100)
    order(shop, "10.00", points=100)  # spends them all
    if in_one_go:
        cancellation.cancel(session, shop.main, o, Revert())
    else:
        cancellation.cancel(session, shop.main, o, revert=None)
        give_points(session, shop, 30, None)  # earned elsewhere meanwhile
        cancellation.cancel(session, shop.main, o, Revert())
    taken = session.query(PointsEvent).filter_by(order_id=o.id, kind="taken_back").all()
    assert sum(e.points for e in taken) == -50  # recovered: the 50 reverted
    assert sum(e.not_recovered for e in taken) == 50  # still not recovered
    assert shop.customer.points == (0 if in_one_go else 30)
    assert sum(lot.remaining for lot in session.query(PointLot).filter_by(
        customer_id=shop.customer.id)) == shop.customer.points
    assert_books_balance(session)
