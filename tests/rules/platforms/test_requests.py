"""Platform after-sales requests (SPEC S12): once per store and request id, moved by
the platform's status through the S5 pipeline, refunded by the platform (no bank or
balance refund of ours), with the running clock."""
from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import func, select

from admin_app.models import AfterSalesOrder, DeadlineMark, Evidence, LedgerEntry, RefundOrder
from admin_app.rules.aftersales import orders as aftersales
from admin_app.rules.aftersales.orders import Receipt, ReturnInput
from admin_app.rules.core.errors import TransitionError
from admin_app.rules.credit import order_money
from admin_app.rules.platforms import requests

from ..accounts_helpers import assert_books_balance
from .helpers import at, make_platform_shop, request, shipped
from tests.refusals import refused


@pytest.fixture
def shop(session):
    return make_platform_shop(session)


def count(session, model):
    return session.execute(select(func.count()).select_from(model)).scalar()


def test_a_shopee_return_request_follows_the_platform_to_its_refund(session, shop):
    order = shipped(session, shop, qty=2, price="50.00")
    ledger_before = count(session, LedgerEntry)
    asked = at("2026-12-01T02:00:00")  # 10:00 in Manila
    first = request(session, shop, order, at=asked, evidence_links=[
        "https://cf.shopee.ph/file/abc.jpg"])
    aso = first.aso
    assert first.created and aso.kind == "platform_return" and aso.status == "to_confirm"
    assert (aso.deadline_step, aso.deadline_at) == ("respond", asked + timedelta(days=2))
    assert [e.url for e in session.query(Evidence).filter_by(aftersales_id=aso.id)] == [
        "https://cf.shopee.ph/file/abc.jpg"]
    again = request(session, shop, order, status="ACCEPTED", evidence_links=[
        "https://cf.shopee.ph/file/abc.jpg"])
    assert not again.created and again.aso is aso
    assert count(session, AfterSalesOrder) == 1 and count(session, Evidence) == 1
    assert (aso.status, aso.deadline_step) == ("confirm_return", "buyer_ship")
    request(session, shop, order, status="PROCESSING")
    assert (aso.status, aso.deadline_step) == ("confirm_return", "confirm_receipt")
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(2)})
    assert (aso.status, aso.deadline_step, aso.deadline_at) == ("received_return", None, None)
    request(session, shop, order, status="REFUND_PAID")
    assert aso.status == "completed" and aso.platform_refunded == D("100.00")
    assert order.back_platform == D("100.00")
    assert order_money.available(order, "bank") == D("0.00")
    # the platform paid the buyer: nothing on our ledger, no refund order, no balance
    assert count(session, RefundOrder) == 0 and count(session, LedgerEntry) == ledger_before
    assert shop.customer.total_balance == D("0.00")
    request(session, shop, order, status="REFUND_PAID")  # told twice: posted once
    assert order.back_platform == D("100.00")
    assert_books_balance(session)


def test_a_refund_only_request_waits_in_confirm_refund(session, shop):
    order = shipped(session, shop, channel="TikTok")
    aso = request(session, shop, order, request_id="T-9", kind="refund_only",
                  status="RETURN_OR_REFUND_REQUEST_PENDING", refund="40.00").aso
    assert (aso.kind, aso.warehouse_id, aso.deadline_step) == ("platform_refund", None,
                                                                "respond")
    requests.accept(session, shop.main, aso)
    assert (aso.status, aso.deadline_step) == ("confirm_refund", None)
    request(session, shop, order, request_id="T-9", kind="refund_only",
            status="RETURN_OR_REFUND_REQUEST_SUCCESS", refund="40.00")
    assert (aso.status, order.back_platform) == ("completed", D("40.00"))
    assert_books_balance(session)


def test_a_status_the_mapping_does_not_know_is_refused_and_nothing_is_made(session, shop):
    order = shipped(session, shop)
    with refused("platform.status_unknown", channel="Shopee", status="WHATEVER"):
        request(session, shop, order, status="WHATEVER")
    assert count(session, AfterSalesOrder) == 0


def test_a_request_id_belongs_to_one_order_of_its_store(session, shop):
    one, other = shipped(session, shop), shipped(session, shop)
    request(session, shop, one, request_id="SAME")
    with refused("platform.request_other_order", request_id="SAME"):
        request(session, shop, other, request_id="SAME")
    # another store may use the same id
    lazada = shipped(session, shop, channel="Lazada")
    assert request(session, shop, lazada, request_id="SAME",
                   status="REQUEST_INITIATE").created


def test_refund_amounts_beyond_the_order_or_on_a_store_off_platform_are_refused(session, shop):
    order = shipped(session, shop, qty=1, price="50.00")
    with refused("platform.refund_within_order", total="50.00"):
        request(session, shop, order, refund="50.01")
    offline = order.store
    offline.channel = "Offline"
    with refused("platform.store_not_platform"):
        request(session, shop, order, refund="10.00")


def test_the_seller_cannot_cancel_or_refund_a_platform_request_itself(session, shop):
    aso = request(session, shop, shipped(session, shop)).aso
    with pytest.raises(TransitionError):
        aftersales.cancel(session, shop.main, aso)
    assert aftersales.allowed(shop.main, aso) == ["accept", "stock_in"]


def test_accepting_late_marks_the_respond_deadline_missed_with_its_cost(session, shop):
    order = shipped(session, shop)
    aso = request(session, shop, order, at=at("2026-01-05T01:00:00"), refund="80.00").aso
    requests.accept(session, shop.main, aso)
    mark = session.query(DeadlineMark).filter_by(aftersales_id=aso.id).one()
    assert (mark.what, mark.step, mark.amount) == ("missed", "respond", D("80.00"))
    assert mark.due_at == at("2026-01-07T01:00:00")


def test_a_request_first_seen_at_a_later_status_runs_that_clock_from_now(session, shop):
    """A connector switched on late: requested six days ago, first seen at PROCESSING
    (the buyer has shipped). The seller's confirm-receipt clock starts now, not six
    days ago; the first step's clock still counts from the buyer's request."""
    from admin_app.models import utcnow
    asked = utcnow() - timedelta(days=6)
    late = request(session, shop, shipped(session, shop), "RR-8", "PROCESSING",
                   at=asked).aso
    assert late.deadline_step == "confirm_receipt"
    assert late.deadline_at > utcnow()
    fresh = request(session, shop, shipped(session, shop), "RR-9", at=asked).aso
    assert (fresh.deadline_step, fresh.deadline_at) == ("respond", asked + timedelta(days=2))


def test_a_platform_request_for_units_in_the_sellers_repair_is_still_taken(session, shop):
    """Units in an open repair block the seller's own services, not the platform's
    request: the platform decides it."""
    from admin_app.rules.aftersales import orders as aftersales
    from admin_app.rules.aftersales.orders import ReturnInput
    order = shipped(session, shop, qty=2)
    aftersales.create(session, shop.main, order, "repair",
                      [ReturnInput(2, order_line=order.lines[0])])
    aso = request(session, shop, order, "RR-5").aso
    assert sum(line.quantity for line in aso.lines) == 2


def test_the_platform_refund_never_exceeds_what_came_in_for_the_order(session, shop):
    order = shipped(session, shop, qty=2, price="50.00")
    first = request(session, shop, order, request_id="A", kind="refund_only",
                    refund="70.00", status="REQUESTED",
                    lines=[ReturnInput(1, order_line=order.lines[0])]).aso
    request(session, shop, order, request_id="A", kind="refund_only", refund="70.00",
            status="REFUND_PAID")
    assert first.status == "completed"
    request(session, shop, order, request_id="B", kind="refund_only", refund="40.00",
            status="REQUESTED", lines=[ReturnInput(1, order_line=order.lines[0])])
    with refused("order_money.most_still_given_back", left="30.00"):
        request(session, shop, order, request_id="B", kind="refund_only", refund="40.00",
                status="REFUND_PAID")


def test_an_abnormal_return_of_a_cod_parcel_refunds_nothing(session, shop):
    order = shipped(session, shop, method="cod")
    with refused("platform.cod_never_paid"):
        request(session, shop, order, kind="abnormal_return", status="FAILED_DELIVERY",
                refund="10.00")
    aso = request(session, shop, order, kind="abnormal_return", status="FAILED_DELIVERY",
                  refund="0").aso
    assert (aso.kind, aso.status, aso.platform_status) == ("abnormal_return",
                                                           "confirm_return", "FAILED_DELIVERY")
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(2)})
    assert aso.status == "completed" and order.back_platform == D("0.00")
    assert_books_balance(session)


def test_an_abnormal_return_records_the_platforms_refund_at_once(session, shop):
    order = shipped(session, shop)
    aso = request(session, shop, order, kind="abnormal_return", status="RETURNED",
                  refund="100.00").aso
    assert (aso.platform_refunded, order.back_platform) == (D("100.00"), D("100.00"))
    assert_books_balance(session)


def test_verify_ledger_finds_platform_money_that_does_not_add_up(session, shop):
    order = shipped(session, shop)
    request(session, shop, order, status="REFUND_PAID", refund="60.00")
    assert_books_balance(session)
    order.back_platform = D("50.00")
    session.flush()
    from admin_app.rules.credit import verification
    problems = verification.verify(session)[1]
    assert any("the platform took back 50.00 but its platform after-sales record 60.00" in p
               for p in problems), problems


def test_a_status_overtaken_by_a_later_one_changes_nothing(session, shop):
    order = shipped(session, shop)
    aso = request(session, shop, order, status="REFUND_PAID").aso
    assert (aso.status, aso.platform_status) == ("completed", "REFUND_PAID")
    request(session, shop, order, status="REQUESTED")  # retried late by the connector
    assert (aso.status, aso.platform_status, aso.deadline_step) == (
        "completed", "REFUND_PAID", None)
    assert order.back_platform == D("100.00")


@pytest.mark.parametrize("late", ["ACCEPTED", "REQUESTED"])
def test_an_earlier_status_in_the_same_state_keeps_the_later_clock(session, shop, late):
    """PROCESSING (the buyer shipped: the seller's confirm-receipt clock runs), then a
    retried ACCEPTED: the buyer's ship-back clock must not come back and take the order
    out of the seller's due and overdue tabs."""
    order = shipped(session, shop)
    aso = request(session, shop, order, at=at("2026-12-01T02:00:00")).aso
    request(session, shop, order, status="ACCEPTED", at=at("2026-12-01T03:00:00"))
    request(session, shop, order, status="PROCESSING", at=at("2026-12-02T03:00:00"))
    due = aso.deadline_at
    request(session, shop, order, status=late, at=at("2026-12-02T04:00:00"))
    assert (aso.status, aso.platform_status, aso.deadline_step, aso.deadline_at) == (
        "confirm_return", "PROCESSING", "confirm_receipt", due)


@pytest.mark.parametrize("phase", ["SELLER_DISPUTE", "JUDGING"])
def test_the_request_retried_during_a_dispute_starts_no_clock_again(session, shop, phase):
    """REQUESTED, then a dispute (no clock of the seller's runs), then REQUESTED again
    from the connector's retry: the status stays, no respond deadline comes back to be
    due, overdue or missed a second time."""
    order = shipped(session, shop)
    aso = request(session, shop, order, at=at("2026-12-01T02:00:00")).aso
    request(session, shop, order, status=phase, at=at("2026-12-01T05:00:00"))
    assert (aso.platform_status, aso.deadline_step, aso.deadline_at) == (phase, None, None)
    request(session, shop, order, status="REQUESTED", at=at("2026-12-01T02:00:00"))
    assert (aso.status, aso.platform_status, aso.deadline_step, aso.deadline_at) == (
        "to_confirm", phase, None, None)


def test_goods_kept_after_the_platform_closed_the_request_come_back_once(session, shop):
    """Stocked in, then the platform closes the request (the goods stay with the seller,
    S12): those units are back, so no other return takes them again (S5), and stock
    rises by what came back once."""
    from admin_app.models import StockLevel
    order = shipped(session, shop, qty=2)
    level = session.query(StockLevel).filter_by(sku_id=shop.sku.id,
                                                warehouse_id=shop.wh.id).one()
    before = level.qualified
    aso = request(session, shop, order).aso
    aftersales.stock_in(session, shop.main, aso,
                        {line.id: Receipt(1, 0, 1) for line in aso.return_lines})
    request(session, shop, order, status="CLOSED")
    assert (aso.status, level.qualified) == ("cancelled", before + 1)
    with refused("aftersales.line_sold_already_returned", value=1, left=1):
        aftersales.create(session, shop.main, order, "customer_return",
                          [ReturnInput(2, order_line=order.lines[0])], warehouse=shop.wh)
    again = aftersales.create(session, shop.main, order, "customer_return",
                              [ReturnInput(1, order_line=order.lines[0])], warehouse=shop.wh)
    assert again.lines[0].quantity == 1   # the unit that never came back


def test_goods_arriving_after_the_platform_refunded_are_stocked_in_once(session, shop):
    """The seller missed confirm-receipt; the platform refunded its buyer and completed
    the request; then the parcel reaches the warehouse. Its goods come in (S3), the
    request stays completed, and they come in once."""
    from admin_app.models import StockLevel
    order = shipped(session, shop, qty=2)
    level = session.query(StockLevel).filter_by(sku_id=shop.sku.id,
                                                warehouse_id=shop.wh.id).one()
    before = level.qualified
    aso = request(session, shop, order).aso
    for status in ("ACCEPTED", "PROCESSING", "REFUND_PAID"):
        request(session, shop, order, status=status)
    assert (aso.status, aso.received_at) == ("completed", None)
    receipts = {line.id: Receipt(2) for line in aso.return_lines}
    aftersales.stock_in(session, shop.main, aso, receipts)
    assert (aso.status, level.qualified) == ("completed", before + 2)
    with refused("aftersales.event_not_possible", number=aso.number,
                 why_not="its goods are stocked in already"):
        aftersales.stock_in(session, shop.main, aso, receipts)
    assert level.qualified == before + 2


def test_a_status_mapped_to_received_return_still_lets_the_goods_be_stocked_in(session, shop):
    """An organization maps Shopee's RETURN_RECEIVED to Received Return (Settings >
    Platform statuses): the parcel is still unpacked here, and Return Stock-In takes
    its units in (1 qualified, 1 unqualified), once."""
    from admin_app.models import StockLevel
    from admin_app.rules.platforms import settings
    settings.save_status(session, shop.main, "Shopee", "RETURN_RECEIVED", "received_return",
                         None)
    order = shipped(session, shop, qty=2)
    aso = request(session, shop, order, refund="100.00").aso
    request(session, shop, order, status="ACCEPTED")
    request(session, shop, order, status="RETURN_RECEIVED")
    assert aso.status == "received_return" and aso.received_at is None

    def level():
        row = session.query(StockLevel).filter_by(sku_id=shop.sku.id,
                                                  warehouse_id=shop.wh.id).one()
        return row.qualified, row.unqualified
    before = level()
    aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(1, 1)})
    assert level() == (before[0] + 1, before[1] + 1) and aso.status == "received_return"
    with pytest.raises(TransitionError):
        aftersales.stock_in(session, shop.main, aso, {aso.lines[0].id: Receipt(1, 1)})
    assert level() == (before[0] + 1, before[1] + 1)
    request(session, shop, order, status="REFUND_PAID")
    assert aso.status == "completed"


@pytest.mark.parametrize("phase", ["SELLER_DISPUTE", "JUDGING"])
def test_a_dispute_raised_after_the_buyer_shipped_stops_the_sellers_clock(session, shop,
                                                                           phase):
    """REQUESTED, ACCEPTED, PROCESSING (confirm receipt: 3 days), then the seller
    disputes the parcel on Shopee: the platform judges (no clock of the seller's). The
    status is recorded, the order stays where it is, and four days on it is not
    overdue nor marked missed. A later PROCESSING starts the clock again."""
    from admin_app.rules.platforms import alerts, deadlines
    order = shipped(session, shop)
    aso = request(session, shop, order).aso
    request(session, shop, order, status="ACCEPTED")
    request(session, shop, order, status="PROCESSING")
    assert aso.deadline_step == "confirm_receipt"
    request(session, shop, order, status=phase)
    assert (aso.platform_status, aso.status, aso.deadline_step) == (
        phase, "confirm_return", None)
    from admin_app.models import utcnow
    later = utcnow() + timedelta(days=4)
    overdue = session.query(AfterSalesOrder.id).filter(*deadlines.due_where("overdue", later))
    assert aso.id not in {a for a, in overdue}
    alerts.mark_missed(session, later)
    assert count(session, DeadlineMark) == 0
    request(session, shop, order, status="PROCESSING")
    assert aso.deadline_step == "confirm_receipt"
