"""Money forms as a person fills them in Chromium: bank fields only for a bank
transfer (issue 21 item 5), and the exchange estimate that says who pays whom (item 6)."""
import pytest
from playwright.sync_api import expect

from admin_app.extensions import db
from admin_app.rules.aftersales import refund_orders

from .. import builders
from .test_orders_in_browser import sign_in

pytestmark = pytest.mark.browser


def test_bank_fields_show_only_for_a_bank_transfer_and_the_rejection_is_shown(
        page, live_app):
    with live_app.app_context():
        w = builders.make_world(db.session, "Alpha Trading", "Alpha")
        refund_orders.reject(db.session, w.main, w.refund, "Account number has 9 digits")
        db.session.commit()
        email, aso_id = w.main.email, w.aso.id
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, email)
    page.goto(f"/admin/refunds/create/{aso_id}")
    assert "Account number has 9 digits" in page.locator("#last-rejection").inner_text()
    bank = page.locator("#bank-fields")
    assert bank.is_visible()  # the rejected one was a bank transfer: it starts from it
    page.check("input[name=method][value=balance]")
    assert not bank.is_visible()
    page.check("input[name=method][value=bank_transfer]")
    assert bank.is_visible()


def test_the_exchange_estimate_says_what_the_customer_pays_when_the_new_goods_cost_more(
        page, live_app):
    """Two dearer chargers for one cheap one: 'Customer pays', priced at the customer's
    price before saving (the estimate said 'Total refund 29.90' with E at 0.00)."""
    from decimal import Decimal as D
    from admin_app.rules.sales.orders import LineInput, create_order
    from admin_app.rules.sales.status import change_status
    with live_app.app_context():
        w = builders.make_world(db.session, "Alpha Trading", "Alpha")
        cheap = builders.make_sku(db.session, w.org, "CHG-20W", "29.90")
        builders.make_sku(db.session, w.org, "CHG-65W", "119.00")
        sold = create_order(db.session, w.main, store=w.store, customer=w.customer,
                            lines=[LineInput(cheap, 1, D("29.90"))])
        for event in ("to_pickup", "ship"):
            change_status(db.session, w.main, sold, event)
        db.session.commit()
        email, number, line_id = w.main.email, sold.number, sold.lines[0].id
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, email)
    page.goto(f"/admin/aftersales/create/?order={number}")
    page.select_option("#kind", "exchange")
    page.fill(f"input[name=ret_{line_id}_qty]", "1")
    page.fill("input[name=exc_0_sku]", "CHG-65W")
    page.fill("input[name=exc_0_qty]", "2")
    page.locator("input[name=exc_0_qty]").press("Tab")
    expect(page.locator("#total-e")).to_have_text("238.00")
    totals = page.locator("#totals").inner_text()
    assert "Returned R: 29.90" in totals and "Exchange E: 238.00" in totals
    assert "Customer pays E − R: 208.10" in totals and "Total refund" not in totals
    page.fill("input[name=exc_0_qty]", "")
    page.locator("input[name=exc_0_qty]").press("Tab")
    assert "Total refund R − E: 29.90" in page.locator("#totals").inner_text()
