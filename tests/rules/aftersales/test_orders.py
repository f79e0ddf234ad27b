"""Every after-sales type end to end, with stock and ledger checked at each step."""
from decimal import Decimal as D

import pytest

from admin_app.models import LedgerEntry, StockLevel
from admin_app.rules.aftersales import orders as aftersales, exchange, refund_orders
from admin_app.rules.sales import day_figures
from admin_app.rules.credit import payments
from admin_app.rules.aftersales.orders import ExchangeInput, Receipt, ReturnInput
from admin_app.rules.core.errors import RuleError, TransitionError
from admin_app.rules.sales.status import change_status
from admin_app.rules.aftersales.refund_orders import BankDetails

from ... import builders
from ..accounts_helpers import assert_books_balance, make_returns_shop, order
from tests.refusals import refused

BANK = BankDetails("Maybank", "Maria Cruz", "1234-5678")


@pytest.fixture
def shop(session):
    return make_returns_shop(session)


def shipped_order(session, shop, total="100.00", paid="30.00", received="0"):
    """The seeds' order: 100, 30 settled by a payment, 70 still unsettled."""
    o = order(shop, total, received=received)
    if D(paid):
        payments.receive(session, shop.main, shop.customer.id, D(paid), None)
    change_status(session, shop.main, o, "to_pickup")
    change_status(session, shop.main, o, "ship")
    return o


def stock(session, shop, sku=None):
    row = session.query(StockLevel).filter_by(sku_id=(sku or shop.sku).id,
                                              warehouse_id=shop.wh.id).first()
    return (row.qualified, row.unqualified) if row else (0, 0)


def last_entry(session, shop):
    return session.query(LedgerEntry).filter_by(customer_id=shop.customer.id) \
        .order_by(LedgerEntry.seq.desc()).first()


def r_and_r(session, shop, o, qty=1, amount=None, kind="return_refund", exchanges=None):
    return aftersales.create(session, shop.main, o, kind, [
        ReturnInput(qty, order_line=o.lines[0], amount=amount, reason=shop.reason)],
        exchanges, warehouse=shop.wh)


def test_return_and_refund_to_balance_the_seeds_numbers(session, shop):
    o = shipped_order(session, shop)
    aso = r_and_r(session, shop, o)
    assert (aso.status, aso.returned_amount) == ("to_confirm", D("100.00"))
    aftersales.confirm(session, shop.main, aso, with_stock_in=False)
    assert aso.status == "confirm_return" and stock(session, shop) == (0, 0)
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(1)})
    assert aso.status == "received_return" and stock(session, shop) == (1, 0)
    preview = refund_orders.preview(aso, D("100.00"), "balance")
    assert (preview.offset, preview.balance_change) == (D("70.00"), D("30.00"))
    refund_orders.create(session, shop.main, aso, D("100.00"), "balance")
    assert aso.status == "completed"  # to the balance: final at once
    e = last_entry(session, shop)
    assert (e.doc_type, e.receivable, e.received, e.credit_change, e.balance_change) == (
        "aftersales", D("-100.00"), D("-30.00"), D("-70.00"), D("30.00"))
    assert (shop.customer.total_credit, shop.customer.total_balance) == (0, D("30.00"))
    assert_books_balance(session)


def test_return_and_refund_by_bank_waits_for_confirmation(session, shop):
    o = shipped_order(session, shop)
    aso = r_and_r(session, shop, o)
    aftersales.confirm(session, shop.main, aso, with_stock_in=True)
    assert aso.status == "received_return" and stock(session, shop) == (1, 0)
    refund = refund_orders.create(session, shop.main, aso, D("100.00"), "bank_transfer",
                                  BANK)
    assert aso.status == "refund_processing" and shop.customer.total_credit == D("70.00")
    refund_orders.confirm(session, shop.main, refund)
    e = last_entry(session, shop)
    assert (e.credit_change, e.balance_change, e.received) == (D("-70.00"), D("0.00"),
                                                              D("-30.00"))
    assert aso.status == "completed" and shop.customer.total_balance == 0
    with pytest.raises(RuleError, match="already confirmed"):
        refund_orders.confirm(session, shop.main, refund)
    assert_books_balance(session)


def test_refund_only_moves_no_stock(session, shop):
    o = shipped_order(session, shop, paid="100.00")
    aso = r_and_r(session, shop, o, kind="refund_only")
    with pytest.raises(RuleError, match="Refund-Only"):
        aftersales.confirm(session, shop.main, aso, with_stock_in=True)
    aftersales.confirm(session, shop.main, aso, with_stock_in=False)
    assert aso.status == "confirm_refund"
    refund = refund_orders.create(session, shop.main, aso, D("40.00"), "bank_transfer", BANK)
    refund_orders.confirm(session, shop.main, refund)
    assert aso.status == "completed" and stock(session, shop) == (0, 0)
    assert last_entry(session, shop).received == D("-40.00")
    assert_books_balance(session)


def test_reject_needs_a_reason_and_a_new_refund_order_can_follow(session, shop):
    o = shipped_order(session, shop, paid="100.00")
    aso = r_and_r(session, shop, o, kind="refund_only")
    aftersales.confirm(session, shop.main, aso, False)
    refund = refund_orders.create(session, shop.main, aso, D("50.00"), "bank_transfer", BANK)
    with pytest.raises(RuleError, match="Reason"):
        refund_orders.reject(session, shop.main, refund, "  ")
    refund_orders.reject(session, shop.main, refund, "Wrong account number")
    assert aso.status == "confirm_refund" and refund.status == "rejected"
    again = refund_orders.create(session, shop.main, aso, D("50.00"), "bank_transfer", BANK)
    refund_orders.confirm(session, shop.main, again)
    assert aso.status == "completed" and aso.refunded == D("50.00")
    assert_books_balance(session)


def test_exchange_worth_less_than_the_return_refunds_the_difference(session, shop):
    o = shipped_order(session, shop, paid="100.00")
    other = builders.make_sku(session, shop.org, "PEN", "30.00")
    aso = r_and_r(session, shop, o, kind="exchange",
                  exchanges=[ExchangeInput(other, 2)])  # R 100, E 60
    assert aftersales.refundable(aso) == D("40.00")
    aftersales.confirm(session, shop.main, aso, False)
    assert aso.status == "confirm_exchange"
    new = exchange.generate(session, shop.main, aso)
    assert (new.status, new.order_type, new.total) == ("pending", "messenger", D("60.00"))
    assert aso.exchange_order_id == new.id and "exchange" in new.note.lower() + new.paid_with
    with refused("exchange.already_exchange_order"):
        exchange.generate(session, shop.main, aso)
    change_status(session, shop.main, new, "approve")
    assert new.unsettled == 0  # paid by the returned goods
    aftersales.stock_in(session, shop.main, aso, {aso.return_lines[0].id: Receipt(1)})
    with pytest.raises(RuleError, match="at most 40.00"):
        refund_orders.create(session, shop.main, aso, D("40.01"), "balance")
    refund_orders.create(session, shop.main, aso, D("40.00"), "balance")
    assert aso.status == "completed" and shop.customer.total_balance == D("40.00")
    assert_books_balance(session)


def test_exchange_worth_more_leaves_the_difference_owed_on_credit(session, shop):
    o = shipped_order(session, shop, paid="100.00")
    dear = builders.make_sku(session, shop.org, "LAMP", "130.00")
    aso = r_and_r(session, shop, o, kind="exchange", exchanges=[ExchangeInput(dear, 1)])
    assert aftersales.refundable(aso) == 0
    aftersales.confirm(session, shop.main, aso, True)
    new = exchange.generate(session, shop.main, aso)
    change_status(session, shop.main, new, "approve")
    assert (new.goods_received, new.unsettled) == (D("100.00"), D("30.00"))
    assert shop.customer.total_credit == D("30.00")
    # approved, goods back, nothing to refund: it completed by itself (issue 21 item 6)
    assert aso.status == "completed"
    assert_books_balance(session)


def test_an_exchange_approved_before_its_goods_are_back_completes_at_stock_in(
        session, shop):
    o = shipped_order(session, shop, paid="100.00")
    dear = builders.make_sku(session, shop.org, "LAMP", "130.00")
    aso = r_and_r(session, shop, o, kind="exchange", exchanges=[ExchangeInput(dear, 1)])
    aftersales.confirm(session, shop.main, aso, False)  # waiting for the goods
    new = exchange.generate(session, shop.main, aso)
    change_status(session, shop.main, new, "approve")
    assert aso.status == "confirm_exchange"
    aftersales.stock_in(session, shop.main, aso, {aso.return_lines[0].id: Receipt(1)})
    assert aso.status == "completed"


def test_an_exchange_with_money_left_to_refund_waits_for_its_refund(session, shop):
    o = shipped_order(session, shop, paid="100.00")
    cheap = builders.make_sku(session, shop.org, "CLIP", "40.00")
    aso = r_and_r(session, shop, o, kind="exchange", exchanges=[ExchangeInput(cheap, 1)])
    aftersales.confirm(session, shop.main, aso, True)
    change_status(session, shop.main, exchange.generate(session, shop.main, aso), "approve")
    assert aso.status == "received_return" and aftersales.refundable(aso) == D("60.00")


def test_an_exchange_is_refunded_only_once_its_exchange_order_exists(session, shop):
    """R 100, E 40: refunding the 60 first completed the after-sales order, and its
    exchange order could then never be made (the customer got neither the 40.00 item
    nor its money). The refund waits for the exchange order, by either method."""
    o = shipped_order(session, shop, paid="100.00")
    cheap = builders.make_sku(session, shop.org, "CLIP", "40.00")
    aso = r_and_r(session, shop, o, kind="exchange", exchanges=[ExchangeInput(cheap, 1)])
    aftersales.confirm(session, shop.main, aso, True)
    assert not aftersales.can(aso, "create_refund")
    assert not aftersales.can(aso, "complete")  # it would end it just as well
    assert aftersales.can(aso, "generate_exchange")
    for method, bank in (("balance", None), ("bank_transfer", BANK)):
        with refused("aftersales.event_not_possible"):
            refund_orders.create(session, shop.main, aso, D("60.00"), method, bank)
    assert (aso.status, aso.refunded, shop.customer.total_balance) == (
        "received_return", 0, 0)
    exchange.generate(session, shop.main, aso)
    assert aftersales.can(aso, "create_refund")
    refund_orders.create(session, shop.main, aso, D("60.00"), "balance")
    assert aso.status == "received_return" or aso.refunded == D("60.00")
    assert shop.customer.total_balance == D("60.00")
    assert_books_balance(session)


def test_returned_quantity_is_capped_by_sold_minus_returned(session, shop):
    o = order(shop, "30.00", received="30.00")
    o.lines[0].quantity, o.lines[0].unit_price = 3, D("10.00")
    change_status(session, shop.main, o, "to_pickup")
    first = r_and_r(session, shop, o, qty=2)
    with pytest.raises(RuleError, match="sold 3, 2 already returned; at most 1"):
        r_and_r(session, shop, o, qty=2)
    aftersales.cancel(session, shop.main, first)
    assert r_and_r(session, shop, o, qty=3).returned_amount == D("30.00")


def test_line_amounts_are_editable_but_never_above_what_was_paid(session, shop):
    o = shipped_order(session, shop, paid="100.00")
    assert r_and_r(session, shop, o, amount=D("80.00")).returned_amount == D("80.00")
    o2 = shipped_order(session, shop, paid="0")
    with pytest.raises(RuleError, match="at most 100.00"):
        r_and_r(session, shop, o2, amount=D("100.01"))


def test_added_items_are_priced_by_level_then_wholesale(session, shop):
    o = shipped_order(session, shop, paid="100.00")
    extra = builders.make_sku(session, shop.org, "GIFT", "12.50")
    aso = aftersales.create(session, shop.main, o, "return_refund", [
        ReturnInput(1, order_line=o.lines[0]), ReturnInput(2, sku=extra)], warehouse=shop.wh)
    assert [line.amount for line in aso.lines] == [D("100.00"), D("25.00")]


def test_only_shipped_like_orders_get_after_sales(session, shop):
    o = order(shop, "10.00", received="10.00")
    with pytest.raises(RuleError, match="is New: after-sales orders can be created only "
                                        "for orders that are To Pickup, Shipped"):
        r_and_r(session, shop, o)


def test_refunds_of_one_order_never_exceed_its_total(session, shop):
    o = shipped_order(session, shop, paid="100.00")
    o.lines[0].quantity = 2  # sold 2 at 100.00 each, but the line and the order are 100
    session.flush()
    day_figures.rebuild(session, o.org_id)  # the line was changed past the rules
    a = r_and_r(session, shop, o)
    b = r_and_r(session, shop, o)
    # each unit returned is worth its share of what the line was sold for
    assert [aso.lines[0].amount for aso in (a, b)] == [D("50.00"), D("50.00")]
    for aso in (a, b):
        aftersales.confirm(session, shop.main, aso, False)
        aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(1)})
    refund_orders.create(session, shop.main, a, D("50.00"), "balance")
    with pytest.raises(RuleError):
        refund_orders.create(session, shop.main, b, D("50.01"), "balance")
    refund_orders.create(session, shop.main, b, D("50.00"), "balance")
    assert o.refunded_total == D("100.00")
    assert_books_balance(session)


def test_wrong_status_actions_are_refused(session, shop):
    o = shipped_order(session, shop)
    aso = r_and_r(session, shop, o)
    with pytest.raises(TransitionError, match="To Confirm"):
        refund_orders.create(session, shop.main, aso, D("1.00"), "balance")
    with pytest.raises(TransitionError):
        aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(1)})
    aftersales.confirm(session, shop.main, aso, True)
    refund_orders.create(session, shop.main, aso, D("10.00"), "bank_transfer", BANK)
    with pytest.raises(TransitionError, match="Refund Processing"):
        aftersales.cancel(session, shop.main, aso)


def test_partial_receipt_stocks_only_qualified_units_as_sellable(session, shop):
    o = order(shop, "50.00", received="50.00")
    o.lines[0].quantity, o.lines[0].unit_price = 5, D("10.00")
    change_status(session, shop.main, o, "to_pickup")
    aso = r_and_r(session, shop, o, qty=5)
    aftersales.confirm(session, shop.main, aso, False)
    with pytest.raises(RuleError, match="adding up to 5"):
        aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(2, 1, 1)})
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(2, 2, 1)},
                        note="Cracked screens")
    assert stock(session, shop) == (2, 2)
    level = session.query(StockLevel).filter_by(sku_id=shop.sku.id).one()
    assert level.unqualified_note == "Cracked screens"
    assert (aso.lines[0].missing_qty, aso.status) == (1, "received_return")
    from admin_app.rules.stock.movements import move_stock
    with pytest.raises(RuleError, match="2 on hand, 3 to take out"):
        move_stock(session, shop.main, shop.sku, shop.wh, "qualified", -3, "sale")
    move_stock(session, shop.main, shop.sku, shop.wh, "unqualified", -2, "scrapped")
    assert level.unqualified_note is None  # cleared at 0


def test_cancelling_after_stock_in_takes_the_goods_back_out(session, shop):
    o = shipped_order(session, shop)
    aso = r_and_r(session, shop, o)
    aftersales.confirm(session, shop.main, aso, True)
    assert stock(session, shop) == (1, 0)
    aftersales.cancel(session, shop.main, aso)
    assert aso.status == "cancelled" and stock(session, shop) == (0, 0)
    assert aftersales.returnable(session, o.lines[0]) == 1


def test_cod_orders_can_be_refunded_by_bank_up_to_their_total(session, shop):
    o = order(shop, "80.00", method="cod")
    change_status(session, shop.main, o, "to_pickup")
    change_status(session, shop.main, o, "ship")
    aso = r_and_r(session, shop, o)
    aftersales.confirm(session, shop.main, aso, True)
    refund = refund_orders.create(session, shop.main, aso, D("80.00"), "bank_transfer", BANK)
    refund_orders.confirm(session, shop.main, refund)
    assert last_entry(session, shop).received == D("-80.00")
    assert_books_balance(session)


def _paid_and_shipped(session, shop, total="40.00"):
    o = order(shop, total, received=total)
    change_status(session, shop.main, o, "to_pickup")
    change_status(session, shop.main, o, "ship")
    return o


@pytest.mark.parametrize("case", ["amount corrected to 0", "order cancelled first"])
def test_a_return_with_nothing_left_to_refund_completes_keeping_its_goods(session, shop, case):
    """SPEC S5: a return's amount may be corrected (to 0), and a Return & Refund may be
    made on a Cancelled order, whose money went to the balance (S4): nothing is left
    to refund. It completes with nothing refunded, its goods staying in stock; the
    ledger does not move. While something is left, it cannot."""
    from admin_app.models import AuditLog
    from admin_app.rules.aftersales.kinds import left_to_refund
    from admin_app.rules.sales import cancellation
    o = _paid_and_shipped(session, shop)
    if case == "order cancelled first":
        cancellation.cancel(session, shop.main, o, cancellation.Revert())
        assert shop.customer.total_balance == D("40.00")
    aso = r_and_r(session, shop, o, amount=D("0") if "0" in case else None)
    aftersales.confirm(session, shop.main, aso, with_stock_in=True)
    assert aso.status == "received_return" and stock(session, shop) == (1, 0)
    assert left_to_refund(aso) == 0
    assert "nothing_to_refund" in aftersales.allowed(shop.main, aso)
    entries = session.query(LedgerEntry).count()
    refund_orders.complete_nothing_to_refund(session, shop.main, aso)
    assert aso.status == "completed" and stock(session, shop) == (1, 0)
    assert session.query(LedgerEntry).count() == entries
    assert "nothing left to refund" in session.query(AuditLog).filter_by(
        action="aftersales.nothing_to_refund").one().after
    assert_books_balance(session)


def test_a_return_with_something_left_to_refund_is_not_completed_empty(session, shop):
    o = _paid_and_shipped(session, shop)
    aso = r_and_r(session, shop, o)
    aftersales.confirm(session, shop.main, aso, with_stock_in=True)
    from admin_app.rules.aftersales.kinds import left_to_refund
    assert left_to_refund(aso) == D("40.00")
    assert "nothing_to_refund" not in aftersales.allowed(shop.main, aso)
    with pytest.raises(TransitionError):
        refund_orders.complete_nothing_to_refund(session, shop.main, aso)
    assert aso.status == "received_return"


def test_an_order_refunded_in_full_then_cancelled_has_no_revert_pending(session, shop):
    """Paid 30.00 with store credit and 20.00 in cash, refunded 50.00 to the balance, then
    cancelled with the revert ticked: nothing can come back (S4: nothing gives back more
    than came in), so the order is not left Not reverted for a revert that cannot come."""
    from admin_app.rules.credit import adjustments
    from admin_app.rules.sales import cancellation
    adjustments.adjust_balance(session, shop.main, shop.customer.id, D("30.00"), "gift")
    o = order(shop, "50.00", received="20.00", balance="30.00")
    change_status(session, shop.main, o, "to_pickup")
    change_status(session, shop.main, o, "ship")
    aso = r_and_r(session, shop, o)
    aftersales.confirm(session, shop.main, aso, with_stock_in=True)
    refund_orders.create(session, shop.main, aso, D("50.00"), "balance")
    done = cancellation.cancel(session, shop.main, o, cancellation.Revert())
    assert any("Nothing was reverted" in str(said) for said in done)
    assert shop.customer.total_balance == D("50.00")
    assert o.revert_status is None and not cancellation.revert_left(o)
    assert_books_balance(session)


@pytest.mark.parametrize("qty, amount, unit", [(1, "15.00", "15.00"), (3, "10.00", "3.34")])
def test_an_exchange_order_is_worth_the_exchange_amount_edited_by_hand(session, shop, qty,
                                                                        amount, unit):
    """SPEC S5: each line's amount may be edited by hand; E is the sum of the exchange
    lines' amounts, and the returned goods pay the exchange order first. Pens at 20.00
    with the exchange line's amount edited down: the exchange order is worth E (its
    unit price that per unit, rounded up to the cent), the goods pay all of it, nothing
    is owed, and R - E is what is left to refund."""
    from admin_app.rules.aftersales.orders import ExchangeInput
    pen = builders.make_sku(session, shop.org, "PEN", "20.00")
    o = order(shop, "50.00", received="50.00")
    change_status(session, shop.main, o, "to_pickup")
    change_status(session, shop.main, o, "ship")
    aso = r_and_r(session, shop, o, kind="exchange",
                  exchanges=[ExchangeInput(pen, qty, amount=D(amount))])
    assert aso.exchange_amount == D(amount)
    aftersales.confirm(session, shop.main, aso, with_stock_in=True)
    new = exchange.generate(session, shop.main, aso)
    line = new.lines[0]
    assert (new.total, line.amount, line.unit_price) == (D(amount), D(amount), D(unit))
    assert (new.goods_received, new.unsettled) == (D(amount), D("0"))
    assert aftersales.refundable(aso) == D("50.00") - D(amount)
    assert_books_balance(session)
