"""Platform after-sales on a distribution order (SPEC S6, S12): a platform's return
request creates its return stock-in (distribution) record like a manual one and pushes
with the platform formula; an abnormal return (the parcel never reached the buyer)
pushes with the abnormal formula: the stock-out amount less the distribution fee
it holds and the handling fee."""
from decimal import Decimal as D

from admin_app.models import DistributionReturn
from admin_app.rules.aftersales import orders as aftersales
from admin_app.rules.aftersales.kinds import kind_of
from admin_app.rules.distribution import pushing, refunds
from admin_app.rules.platforms.requests import PlatformRequest, receive
from admin_app.rules.sales.orders import LineInput

from tests.distribution_builders import distribution_order, make_partners
from tests.rules.distribution.test_distribution import books_are_right, record_of


def platform(session, w, link, kind, status, refund="0"):
    order = link.distributor_order
    return receive(session, w.d_main, PlatformRequest(
        store=w.store, request_id=f"{kind}-1", order=order, type=kind,
        platform_status=status, refund_amount=D(refund), warehouse=w.d_at_sup)).aso


def test_a_platform_return_pushes_with_the_platform_formula(session):
    w = make_partners(session)
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])
    aso = platform(session, w, link, "return_refund", "REQUESTED", "150.00")
    record = pushing.push(session, w.d_main, record_of(session, aso))
    theirs = record.supplier_aso
    assert (record.status, theirs.kind, theirs.status) == ("pushed", "distribution_return",
                                                          "confirm_return")
    # unit price at shipment x quantity - return handling fee (2.00 per unit)
    assert (theirs.returned_amount, theirs.handling_fee, theirs.distribution_fee) == (
        D("90.00"), D("6.00"), D("0.00"))
    assert refunds.figures(theirs).estimated == D("84.00")
    books_are_right(session, w.dist, w.sup)


def test_an_abnormal_return_keeps_the_distribution_fee_once(session):
    """Seed 001: stock-out amount - distribution fee - return handling fee. The
    stock-out (the supplier's order to the distributor) was 3 x 30 + the fee 5 = 95."""
    w = make_partners(session)
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])
    assert link.supplier_order.total == D("95.00")
    aso = platform(session, w, link, "abnormal_return", "RETURNED_TO_SENDER")
    record = pushing.push(session, w.d_main, record_of(session, aso))
    theirs = record.supplier_aso
    f = refunds.figures(theirs)
    assert (f.return_amount, f.distribution_fee, f.stock_out_amount) == (
        D("90.00"), D("5.00"), D("95.00"))
    assert f.estimated == D("84.00")  # 95 - 5 - 6: the fee is not paid twice
    assert kind_of(theirs).refundable(theirs) == D("84.00")
    books_are_right(session, w.dist, w.sup)


def test_a_platform_refund_only_brings_nothing_back_and_creates_no_record(session):
    w = make_partners(session)
    link = distribution_order(session, w, [LineInput(w.d_mug, 1)])
    aso = platform(session, w, link, "refund_only", "REQUESTED", "50.00")
    assert session.query(DistributionReturn).filter_by(aftersales_id=aso.id).count() == 0


def test_a_partial_abnormal_return_refunds_its_goods_less_the_handling_fee(session):
    """Two parcels of one abnormal return (1 + 2 of 3 units): each refunds its goods
    at the shipment price less its handling fee; the distribution fee charged once on
    the stock-out is never taken from the distributor again."""
    w = make_partners(session)
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])
    order = link.distributor_order
    estimates = []
    for n, qty in enumerate((1, 2)):
        aso = receive(session, w.d_main, PlatformRequest(
            store=w.store, request_id=f"AB-{n}", order=order, type="abnormal_return",
            platform_status="RETURNED_TO_SENDER", warehouse=w.d_at_sup,
            lines=[aftersales.ReturnInput(qty, order_line=order.lines[0])])).aso
        theirs = pushing.push(session, w.d_main, record_of(session, aso)).supplier_aso
        estimates.append(refunds.figures(theirs).estimated)
    assert estimates == [D("28.00"), D("56.00")]  # 30 - 2, 60 - 4: 84 for the 3 units
