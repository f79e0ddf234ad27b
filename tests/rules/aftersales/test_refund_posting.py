"""S5 "Refund and credit": the seeds' example, number for number."""
import pytest

from admin_app.models import CreditLot, LedgerEntry
from admin_app.rules.credit import payments
from admin_app.rules.aftersales import refund_posting
from admin_app.rules.core.errors import RuleError

from ..accounts_helpers import D, assert_books_balance, make_shop, order


@pytest.fixture
def seed_order(session):
    """An order of 100 with 30 settled and 70 unsettled."""
    shop = make_shop(session)
    o = order(shop, "100.00")
    payments.receive(session, shop.main, shop.customer.id, D("30.00"), None)
    assert o.unsettled == D("70.00")
    return shop, o


def test_refund_100_to_balance_offsets_70_and_adds_30_to_balance(session, seed_order):
    shop, o = seed_order
    entry = refund_posting.post_refund(session, shop.main, o, D("100.00"), "balance", "AS-1")
    assert (entry.receivable, entry.received, entry.credit_change, entry.balance_change) == (
        D("-100.00"), D("-30.00"), D("-70.00"), D("30.00"))
    assert o.unsettled == 0 and shop.customer.total_credit == 0
    assert shop.customer.total_balance == D("30.00")
    assert session.query(CreditLot).one().amount == D("30.00")
    assert_books_balance(session)


def test_refund_100_to_bank_offsets_70_and_leaves_the_balance(session, seed_order):
    shop, o = seed_order
    entry = refund_posting.post_refund(session, shop.main, o, D("100.00"), "bank_transfer", "AS-2")
    assert (entry.receivable, entry.received, entry.credit_change, entry.balance_change) == (
        D("-100.00"), D("-30.00"), D("-70.00"), D("0.00"))
    assert shop.customer.total_balance == 0
    assert_books_balance(session)


def test_a_refund_smaller_than_the_credit_only_offsets(session, seed_order):
    shop, o = seed_order
    preview = refund_posting.simulate(o, D("25.00"), "balance")
    assert (preview.offset, preview.received, preview.balance_change) == (
        D("25.00"), D("0.00"), D("0.00"))
    refund_posting.post_refund(session, shop.main, o, D("25.00"), "balance", "AS-3")
    assert o.unsettled == D("45.00")
    assert_books_balance(session)


def test_refunds_of_an_order_never_exceed_its_total(session, seed_order):
    shop, o = seed_order
    refund_posting.post_refund(session, shop.main, o, D("60.00"), "bank_transfer", "AS-4")
    with pytest.raises(RuleError, match="more than the order total 100.00"):
        refund_posting.post_refund(session, shop.main, o, D("40.01"), "balance", "AS-5")
    assert session.query(LedgerEntry).filter_by(doc_type="aftersales").count() == 1


def test_bank_refunds_never_exceed_the_money_received(session):
    shop = make_shop(session)
    from admin_app.rules.credit import adjustments
    adjustments.adjust_balance(session, shop.main, shop.customer.id, D("40.00"), "voucher")
    o = order(shop, "100.00", received="60.00", balance="40.00")  # nothing owed
    with pytest.raises(RuleError, match="By bank: at most 60.00"):
        refund_posting.post_refund(session, shop.main, o, D("60.01"), "bank_transfer", "AS-6")
    refund_posting.post_refund(session, shop.main, o, D("60.00"), "bank_transfer", "AS-6")
    with pytest.raises(RuleError, match="By bank: at most 0.00"):
        refund_posting.post_refund(session, shop.main, o, D("1.00"), "bank_transfer", "AS-7")
    refund_posting.post_refund(session, shop.main, o, D("40.00"), "balance", "AS-8")
    assert shop.customer.total_balance == D("40.00")
    assert_books_balance(session)
