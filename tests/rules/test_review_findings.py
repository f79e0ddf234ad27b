"""Rules a spec review found broken: points taken back for refunds made before the order
was completed and for the platform's refunds (S4), no cancellation after a refund (S5),
the organization's weeks and dates in charts and document numbers (S9)."""
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

import pytest

from admin_app.models import PaymentReceipt, RefundOrder, StockLevel
from admin_app.reports import aftersales as aftersales_reports, credit as credit_reports
from admin_app.reports.overview import Period
from admin_app.rules.aftersales import exchange, orders as aftersales, refund_orders, services
from admin_app.rules.core.errors import RuleError
from admin_app.rules.core.messages import speaking
from admin_app.rules.credit import payments
from admin_app.rules.sales import cancellation, orders as sales
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.rules.sales.status import change_status
from admin_app.rules.credit.terms import Payment
from admin_app.rules.stock import documents

from tests.refusals import refused

from .accounts_helpers import D, assert_books_balance, make_returns_shop, order
from .platforms.helpers import make_platform_shop, request, shipped

BANK = refund_orders.BankDetails("Metrobank", "Maria", "0001")


def _shipped(session, shop, total="100.00", qty=1):
    o = create_order(session, shop.main, store=shop.store, customer=shop.customer,
                     lines=[LineInput(shop.sku, qty, D(total) / qty)],
                     payment=Payment(received=D(total), paid_with="cash"))
    for event in ("to_pickup", "ship"):
        change_status(session, shop.main, o, event)
    return o


def _refund_only(session, shop, o, amount):
    aso = aftersales.create(session, shop.main, o, "refund_only", [aftersales.ReturnInput(
        1, order_line=o.lines[0], amount=D(amount), reason=shop.reason)])
    aftersales.confirm(session, shop.main, aso, with_stock_in=False)
    return aso


@pytest.mark.parametrize("refunded", ["50.00", "30.00", "100.00"])
def test_a_refund_before_completion_takes_back_its_share_of_the_points_earned(
        session, refunded):
    shop = make_returns_shop(session)  # 1 point per 1.00 spent
    o = _shipped(session, shop)
    refund_orders.create(session, shop.main, _refund_only(session, shop, o, refunded),
                         D(refunded), "balance")
    change_status(session, shop.main, o, "complete")
    kept = 100 - int(D(refunded))
    assert (o.points_earned, o.points_taken_back) == (100, 100 - kept)
    assert shop.customer.points == kept
    assert_books_balance(session)


def test_points_come_back_in_proportion_to_what_the_platform_refunded(session):
    shop = make_platform_shop(session)
    o = shipped(session, shop, qty=4, price="25.00")  # 100.00
    change_status(session, shop.main, o, "complete")
    assert shop.customer.points == 100
    request(session, shop, o, refund="40.00", status="REQUESTED")
    aso = request(session, shop, o, refund="40.00", status="REFUND_PAID").aso
    assert aso.platform_refunded == D("40.00")
    assert (o.points_taken_back, shop.customer.points) == (40, 60)
    request(session, shop, o, refund="40.00", status="REFUND_PAID")  # told twice
    assert shop.customer.points == 60
    assert_books_balance(session)


def test_an_after_sales_order_that_paid_money_back_cannot_be_cancelled(session):
    shop = make_returns_shop(session)
    o = _shipped(session, shop, qty=2)
    aso = aftersales.create(
        session, shop.main, o, "exchange",
        [aftersales.ReturnInput(2, order_line=o.lines[0], reason=shop.reason)],
        exchanges=[aftersales.ExchangeInput(shop.sku, 1, D("60.00"))], warehouse=shop.wh)
    aftersales.confirm(session, shop.main, aso, with_stock_in=True)
    swap = exchange.generate(session, shop.main, aso)
    sales.approve(session, shop.main, swap)
    refund_orders.confirm(session, shop.main, refund_orders.create(
        session, shop.main, aso, D("40.00"), "bank_transfer", BANK))
    said = " ".join(map(str, cancellation.cancel(session, shop.main, swap,
                                                 cancellation.Revert())))
    assert "60.00 PHP of returned goods that paid for this order went back to their " \
        "after-sales order." in said
    assert (aso.status, aso.refunded) == ("received_return", D("40.00"))
    assert "cancel" not in aftersales.allowed(shop.main, aso)
    with pytest.raises(RuleError) as refused:
        aftersales.cancel(session, shop.main, aso)
    assert "refunded already" in refused.value.message
    with speaking("th"), pytest.raises(RuleError) as thai:  # the reason in the reader's words
        aftersales.cancel(session, shop.main, aso)
    assert "คืนเงินไปแล้วบางส่วน" in thai.value.message
    assert aso.status == "received_return"
    level = session.query(StockLevel).filter_by(warehouse_id=shop.wh.id).one()
    assert level.qualified == 2  # the goods received stay in stock
    assert aftersales.returnable(session, o.lines[0]) == 0
    assert_books_balance(session)


def test_weekly_charts_put_an_instant_in_the_organizations_week(session):
    shop = make_returns_shop(session)  # Manila, UTC+8
    o = _shipped(session, shop)
    refund = refund_orders.create(session, shop.main, _refund_only(session, shop, o, "40.00"),
                                  D("40.00"), "balance")
    order(shop, "50.00")
    receipt = payments.receive(session, shop.main, shop.customer.id, D("50.00"), None)
    sunday_night_utc = datetime(2026, 11, 29, 23, 0)  # Monday 30 Nov, 07:00 in Manila
    session.query(RefundOrder).filter_by(id=refund.id).update({"decided_at": sunday_night_utc})
    session.query(PaymentReceipt).filter_by(id=receipt.id).update(
        {"created_at": sunday_night_utc})
    week = Period(date(2026, 11, 30), date(2026, 12, 13), None, "Asia/Manila")
    labels, by_method = aftersales_reports.refunds_by_method_per_week(session, shop.org.id,
                                                                      week)
    assert labels == [date(2026, 11, 30)]
    assert D("40.00") in [amounts[0] for amounts in by_method.values()]
    assert credit_reports.payments_by_week(session, shop.org.id, week) == [
        (date(2026, 11, 30), D("50.00")), (date(2026, 12, 7), D("0.00"))]  # every week
    before = Period(date(2026, 11, 23), date(2026, 11, 29), None, "Asia/Manila")
    assert credit_reports.payments_by_week(session, shop.org.id, before) == [
        (date(2026, 11, 23), D("0.00"))]


def _zone_off_utc_today() -> str:
    """A zone whose date is not UTC's right now: Kiritimati (UTC+14) from 10:00 UTC,
    Pago Pago (UTC-11) before 11:00 UTC."""
    return "Pacific/Kiritimati" if datetime.now(timezone.utc).hour >= 10 \
        else "Pacific/Pago_Pago"


def test_document_numbers_carry_the_organizations_date(session):
    zone = _zone_off_utc_today()
    shop = make_returns_shop(session)
    shop.org.timezone = zone
    local = datetime.now(ZoneInfo(zone)).date()
    assert local != datetime.now(timezone.utc).date()
    o = _shipped(session, shop)
    aso = _refund_only(session, shop, o, "10.00")
    refund = refund_orders.create(session, shop.main, aso, D("10.00"), "bank_transfer", BANK)
    doc = documents.receive(session, shop.main, shop.wh, "Acme Parts",
                            [documents.DocLine(shop.sku, 1, 0)])
    stamp = f"{local:%y%m%d}"
    assert [n[2:8] for n in (o.number, aso.number, refund.number, doc.number)] == [stamp] * 4


def test_a_repair_refused_for_its_ship_date_names_the_day_it_was_recorded_there(session):
    shop = make_returns_shop(session)  # Manila
    o = _shipped(session, shop)
    repair = aftersales.create(session, shop.main, o, "repair",
                               [aftersales.ReturnInput(1, order_line=o.lines[0])])
    repair.created_at = datetime(2026, 12, 1, 20, 0)  # 2 December, 04:00 in Manila
    with refused("service.ship_date_repair_record", date=date(2026, 12, 2)):
        services.complete_repair(session, shop.main, repair, date(2026, 12, 1), "WB-1")
    assert repair.status == "in_repair"
