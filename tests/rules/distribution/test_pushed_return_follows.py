"""A pushed return's supplier record follows the distributor's after-sales order.
SPEC S6: "Cancelling the after-sales order recalls the pushed record from the
supplier", whoever cancels it: staff on the page, or the platform's own status (a
buyer who withdraws a Shopee return request). SPEC S5: the tracking number "can be
entered at any time before stock-in", and the supplier is who stocks a pushed return in."""
from decimal import Decimal as D

import pytest

from admin_app.models import DistributionReturn
from admin_app.rules.aftersales import orders as aftersales
from admin_app.rules.core.errors import RuleError
from admin_app.rules.distribution import pushing
from admin_app.rules.platforms.requests import PlatformRequest, receive
from admin_app.rules.sales.orders import LineInput
from tests.distribution_builders import distribution_order, make_partners, returned
from tests.refusals import refused


def _request(session, w, order, status):
    return receive(session, w.d_main, PlatformRequest(
        store=w.store, request_id="RR-9", order=order, type="return_refund",
        platform_status=status, refund_amount=D("50.00"), warehouse=w.d_at_sup)).aso


def _record(session, aso):
    return session.query(DistributionReturn).filter_by(aftersales_id=aso.id).one()


def test_a_return_the_platform_cancels_is_recalled_from_the_supplier(session):
    w = make_partners(session, auto_push=True)
    order = distribution_order(session, w, [LineInput(w.d_mug, 2)]).distributor_order
    aso = _request(session, w, order, "REQUESTED")
    record = _record(session, aso)
    theirs = record.supplier_aso
    assert (record.status, theirs.status) == ("pushed", "confirm_return")
    _request(session, w, order, "CANCELLED")
    assert aso.status == "cancelled"
    assert (record.status, theirs.status) == ("recalled", "cancelled")
    # the supplier can no longer take the goods in for it
    with pytest.raises(RuleError) as stocked:
        aftersales.stock_in(session, w.s_main, theirs,
                            {ln.id: aftersales.Receipt(ln.quantity) for ln in theirs.lines})
    assert "Cancelled" in stocked.value.message


def test_a_cancelled_return_not_yet_pushed_is_never_pushed(session):
    w = make_partners(session, auto_push=False)
    order = distribution_order(session, w, [LineInput(w.d_mug, 2)]).distributor_order
    aso = _request(session, w, order, "REQUESTED")
    record = _record(session, aso)
    assert record.status == "to_push"
    _request(session, w, order, "CANCELLED")
    assert pushing.why_not(w.d_main, record) is not None
    with refused("push.return_recalled_after_sales"):
        pushing.push(session, w.d_main, record)
    assert record.supplier_aso is None and record.status == "recalled"


def test_a_tracking_number_entered_after_the_push_reaches_the_supplier(session):
    w = make_partners(session, auto_push=True)
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])
    aso = returned(session, w, link, qty=1)
    theirs = _record(session, aso).supplier_aso
    assert theirs.return_tracking_no in (None, "")
    aftersales.set_tracking(session, w.d_main, aso, "SPX-PH-123")
    assert theirs.return_tracking_no == "SPX-PH-123"
    aftersales.set_tracking(session, w.d_main, aso, "SPX-PH-124")  # corrected
    assert theirs.return_tracking_no == "SPX-PH-124"
    # once the supplier has the goods, its record keeps what it was stocked in with
    aftersales.stock_in(session, w.s_main, theirs,
                        {ln.id: aftersales.Receipt(ln.quantity) for ln in theirs.lines})
    assert aso.received_at is not None
    with pytest.raises(RuleError):
        aftersales.set_tracking(session, w.d_main, aso, "SPX-PH-999")
    assert theirs.return_tracking_no == "SPX-PH-124"


def test_a_tracking_number_of_a_return_not_pushed_stays_with_the_distributor(session):
    w = make_partners(session, auto_push=False)
    link = distribution_order(session, w, [LineInput(w.d_mug, 3)])
    aso = returned(session, w, link, qty=1)
    aftersales.set_tracking(session, w.d_main, aso, "SPX-PH-555")
    record = _record(session, aso)
    assert record.supplier_aso is None
    pushing.push(session, w.d_main, record)  # the push copies it
    assert record.supplier_aso.return_tracking_no == "SPX-PH-555"


def test_a_platform_cancel_after_the_supplier_stocked_in_is_kept_not_refused(session):
    """The platform's cancel is a fact: the order follows it; the supplier keeps the
    goods it took in and its record, to refund as it is."""
    from admin_app.models import AuditLog
    w = make_partners(session, auto_push=True)
    order = distribution_order(session, w, [LineInput(w.d_mug, 2)]).distributor_order
    aso = _request(session, w, order, "REQUESTED")
    record = _record(session, aso)
    theirs = record.supplier_aso
    aftersales.stock_in(session, w.s_main, theirs,
                        {ln.id: aftersales.Receipt(ln.quantity) for ln in theirs.lines})
    _request(session, w, order, "CANCELLED")
    assert aso.status == "cancelled"
    assert (record.status, theirs.status) == ("pushed", "received_return")
    kept = session.query(AuditLog).filter_by(action="aftersales.platform_cancel_not_recalled",
                                             object_id=str(aso.id)).one()
    assert theirs.number in kept.after


def _overdue(session, now):
    from admin_app.models import AfterSalesOrder
    from admin_app.rules.platforms import deadlines
    return {a.id for a in session.query(AfterSalesOrder).filter(
        *deadlines.due_where("overdue", now))}


def _supplier_stocks_in(session, w, aso):
    theirs = _record(session, aso).supplier_aso
    aftersales.stock_in(session, w.s_main, theirs,
                        {ln.id: aftersales.Receipt(ln.quantity) for ln in theirs.lines})


@pytest.mark.parametrize("statuses", [("REQUESTED",), ("REQUESTED", "ACCEPTED", "PROCESSING")])
def test_the_suppliers_stock_in_stops_the_distributors_platform_clock(session, statuses):
    """S12: the goods back (stocked in) answer the request and confirm receipt; a pushed
    platform return is stocked in by the supplier, and that stops the distributor's
    clock as its own stock-in would: not overdue days later, never marked missed."""
    from datetime import timedelta
    from admin_app.models import DeadlineMark, utcnow
    from admin_app.rules.platforms import alerts
    w = make_partners(session, auto_push=True)
    order = distribution_order(session, w, [LineInput(w.d_mug, 2)]).distributor_order
    for status in statuses:
        aso = _request(session, w, order, status)
    assert aso.deadline_step in ("respond", "confirm_receipt")
    _supplier_stocks_in(session, w, aso)
    assert aso.status == "received_return" and aso.deadline_step is None
    later = utcnow() + timedelta(days=6)
    assert aso.id not in _overdue(session, later)
    alerts.mark_missed(session, later)
    assert session.query(DeadlineMark).filter_by(aftersales_id=aso.id, what="missed").all() == []
