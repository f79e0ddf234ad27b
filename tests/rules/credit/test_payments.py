from datetime import datetime

import pytest

from admin_app.models import CreditLot, LedgerEntry, PaymentAllocation
from admin_app.rules.credit import terms, payments
from admin_app.rules.core.errors import RuleError

from ..accounts_helpers import D, assert_books_balance, make_shop, order
from tests import builders
from tests.refusals import refused


@pytest.fixture
def shop(session):
    return make_shop(session)


@pytest.fixture
def three(shop):
    """Three open orders, oldest first: 100, 50 (20 received), 80."""
    a = order(shop, "100.00", when=datetime(2026, 10, 1))
    b = order(shop, "50.00", received="20.00", when=datetime(2026, 10, 5))
    c = order(shop, "80.00", when=datetime(2026, 10, 9))
    return a, b, c


def test_all_orders_settles_oldest_first(session, shop, three):
    a, b, c = three
    receipt = payments.receive(session, shop.main, shop.customer.id, D("120.00"), None)
    assert (a.unsettled, a.settled, a.settlement_status) == (D("0.00"), D("100.00"), "Settled")
    assert (b.unsettled, b.settled, b.settlement_status) == (D("10.00"), D("20.00"),
                                                              "Partially settled")
    assert (c.unsettled, c.settlement_status) == (D("80.00"), "Unsettled")
    assert (receipt.applied, receipt.to_balance) == (D("120.00"), D("0.00"))
    entry = session.query(LedgerEntry).filter_by(doc_no=receipt.number).one()
    assert (entry.doc_type, entry.receivable, entry.received, entry.credit_change,
            entry.balance_change, entry.total_credit) == (
        "payment", D("0.00"), D("120.00"), D("-120.00"), D("0.00"), D("90.00"))
    assert_books_balance(session)


def test_selected_orders_settle_only_those_in_date_order(session, shop, three):
    a, b, c = three
    payments.receive(session, shop.main, shop.customer.id, D("100.00"), {str(c.id), str(b.id)})
    assert a.unsettled == D("100.00")
    assert b.unsettled == D("0.00") and c.unsettled == D("10.00")
    allocations = session.query(PaymentAllocation).order_by(PaymentAllocation.id).all()
    assert [(x.order_id, x.amount) for x in allocations] == [(b.id, D("30.00")),
                                                            (c.id, D("70.00"))]
    assert_books_balance(session)


def test_overpayment_goes_to_the_balance_as_a_lot_without_expiry(session, shop, three):
    preview = payments.preview(session, shop.customer, D("300.00"), None)
    assert (preview.applied_total, preview.to_balance) == (D("210.00"), D("90.00"))
    receipt = payments.receive(session, shop.main, shop.customer.id, D("300.00"), None)
    assert receipt.to_balance == D("90.00")
    assert shop.customer.total_credit == 0 and shop.customer.total_balance == D("90.00")
    lot = session.query(CreditLot).one()
    assert (lot.amount, lot.expires_on) == (D("90.00"), None)
    assert_books_balance(session)


def test_a_selected_payment_larger_than_the_selection_also_goes_to_balance(session, shop,
                                                                         three):
    a, _, _ = three
    receipt = payments.receive(session, shop.main, shop.customer.id, D("130.00"), {str(a.id)})
    assert (receipt.applied, receipt.to_balance) == (D("100.00"), D("30.00"))
    assert_books_balance(session)


def test_the_opening_credit_is_settled_like_the_oldest_order(session, shop):
    terms.save_settings(session, shop.main, shop.customer, credit_allowed=True,
                         order_types=["manual"], account_period_days=None,
                         credit_limit=None, opening_credit=D("40.00"),
                         opening_balance=None)
    o = order(shop, "60.00", when=builders.local_now())  # newer than the opening credit
    payments.receive(session, shop.main, shop.customer.id, D("50.00"), None)
    assert shop.customer.opening_credit_unsettled == 0 and o.unsettled == D("50.00")
    assert_books_balance(session)


@pytest.mark.parametrize("amount, selected, message", [
    (None, None, "enter the amount"), (D("0"), None, "above 0"),
    (D("-5"), None, "above 0"), (D("1e13"), None, "at most"),
    (D("10"), set(), "tick at least one"), (D("10"), {"999999"}, "Reload the page"),
])
def test_bad_payments_are_refused_and_post_nothing(session, shop, three, amount, selected,
                                                   message):
    entries = session.query(LedgerEntry).count()
    with pytest.raises(RuleError, match=message):
        payments.receive(session, shop.main, shop.customer.id, amount, selected)
    assert session.query(LedgerEntry).count() == entries


def test_a_payment_reads_open_orders_in_batches_and_stops_when_used_up(session, shop,
                                                                       monkeypatch):
    monkeypatch.setattr(payments, "READ_BATCH", 2)
    terms.save_settings(session, shop.main, shop.customer, credit_allowed=True,
                         order_types=["manual"], account_period_days=None,
                         credit_limit=None, opening_credit=D("5.00"),
                         opening_balance=None)
    shop.customer.opening_credit_date = datetime(2026, 10, 4).date()
    # Two orders share a date: the id breaks the tie across a batch boundary.
    dates = [(1, 0), (3, 0), (5, 0), (5, 0), (7, 0), (9, 0), (11, 0)]
    orders = [order(shop, "10.00", when=datetime(2026, 10, d, h)) for d, h in dates]
    items = payments.open_items(session, shop.customer)
    assert [i.label for i in items] == [orders[0].number, orders[1].number,
                                        "Opening credit"] + [o.number for o in orders[2:]]
    plan = payments.preview(session, shop.customer, D("38.00"), None)
    assert [(i.label, part) for i, part in plan.applied] == [
        (orders[0].number, D("10.00")), (orders[1].number, D("10.00")),
        ("Opening credit", D("5.00")), (orders[2].number, D("10.00")),
        (orders[3].number, D("3.00"))]
    payments.receive(session, shop.main, shop.customer.id, D("100.00"), None)
    assert all(o.unsettled == 0 for o in orders) and shop.customer.total_balance == D("25.00")
    assert_books_balance(session)


@pytest.mark.parametrize("amount", ["50.00", "230.00", "260.00"])
def test_the_quick_preview_agrees_with_the_full_one(session, shop, three, amount):
    full = payments.preview(session, shop.customer, D(amount), None)
    assert payments.quick_preview(shop.customer, D(amount)).to_balance == full.to_balance


def test_a_payment_whose_balance_part_changed_since_the_preview_posts_nothing(session, shop,
                                                                             three):
    agreed = payments.quick_preview(shop.customer, D("300.00")).to_balance  # 300 - 210
    assert agreed == D("90.00")
    three[2].unsettled -= D("10.00")  # another payment settled 10 in between
    three[2].settled += D("10.00")
    shop.customer.total_credit -= D("10.00")
    session.flush()
    before = session.query(PaymentAllocation).count()
    with refused("payment.customer_s_open_orders"):
        payments.receive(session, shop.main, shop.customer.id, D("300.00"), None,
                         expected_to_balance=agreed)
    session.rollback()
    assert session.query(PaymentAllocation).count() == before


def test_every_balance_adjustment_is_its_own_document(session, shop):
    from admin_app.rules.credit import adjustments
    first = adjustments.adjust_balance(session, shop.main, shop.customer.id, D("5.00"), "a")
    second = adjustments.adjust_balance(session, shop.main, shop.customer.id, D("-2.00"),
                                        "b")
    assert first.doc_no != second.doc_no and first.doc_no.startswith("ADJ")


def test_released_is_what_was_collected_not_what_a_refund_took_off(session, shop, three):
    """S4: "settled (released) is what has been collected". Of 50 (20 received at the
    order) 10 more paid: 30 released. A refund's offset lowers what is owed without
    collecting anything: the page does not show it as released."""
    from admin_app.rules.aftersales import orders as aftersales, refund_orders
    from admin_app.rules.sales.status import change_status
    from ..accounts_helpers import make_returns_shop
    a, b, c = three
    payments.receive(session, shop.main, shop.customer.id, D("10.00"), {str(b.id)})
    item = next(i for i in payments.open_items(session, shop.customer) if i.order_id == b.id)
    assert (item.released, item.unsettled) == (D("30.00"), D("20.00"))
    other = make_returns_shop(session, name="Other")
    o = order(other, "100.00")
    for event in ("to_pickup", "ship"):
        change_status(session, other.main, o, event)
    aso = aftersales.create(session, other.main, o, "return_refund", [
        aftersales.ReturnInput(1, order_line=o.lines[0], reason=other.reason,
                               amount=D("30.00"))], warehouse=other.wh)
    aftersales.confirm(session, other.main, aso, True)
    refund_orders.create(session, other.main, aso, D("30.00"), "balance")
    item = payments.open_items(session, other.customer)[0]
    assert (item.released, item.unsettled) == (D("0.00"), D("70.00"))


def test_the_note_typed_on_a_payment_is_on_its_ledger_row_beside_what_went_to_the_balance(
        app, session, shop):
    from admin_app.rules.core import notes
    from admin_app.rules.core.messages import speaking
    owed = order(shop, "60.00")
    payments.receive(session, shop.main, shop.customer.id, D("70.00"), None,
                     note="bank in 8 Dec   (BDO)")
    entry = session.query(LedgerEntry).filter_by(doc_type="payment").one()
    assert entry.note == "bank in 8 Dec (BDO)\n10.00 to balance"
    assert owed.unsettled == D("0.00")
    with app.test_request_context(), speaking("th"):  # each line in the reader's words
        thai = notes.shown(entry.note)
    assert thai.startswith("bank in 8 Dec (BDO)\n") and "10.00 to balance" not in thai
    with refused("text.most_characters_given", limit=300):  # the receipt's column
        payments.receive(session, shop.main, shop.customer.id, D("5.00"), None,
                         note="x" * 301)
    payments.receive(session, shop.main, shop.customer.id, D("5.00"), None, note="x" * 300)
    longest = session.query(LedgerEntry).filter_by(doc_type="payment").order_by(
        LedgerEntry.seq.desc()).first()
    assert len(longest.note) <= 300 and longest.note.endswith("\n5.00 to balance")
