import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from admin_app.extensions import db
from admin_app.models import Order

from .. import builders
from .test_orders_in_browser import sign_in

pytestmark = pytest.mark.browser


def pick(page, field_id, text):
    """Choose in a Flask-Admin ajax (select2) box by typing, as a user would."""
    page.click(f"#s2id_{field_id} a, #{field_id} + .select2 .select2-selection")
    page.keyboard.type(text)
    page.locator(".select2-result-label, .select2-results__option", has_text=text) \
        .first.click()


def test_a_manual_order_partly_paid_leaves_credit_on_the_account(page, live_app):
    with live_app.app_context():
        w = builders.make_world(db.session, "Alpha Trading", "Alpha")
        db.session.commit()
        email = w.main.email
    sign_in(page, email)
    page.goto("/admin/orders/new/")
    pick(page, "customer", "Alpha Buyer")
    page.click("#lines-button")
    pick(page, "lines-0-sku", "Alpha-PART")
    page.fill("#lines-0-quantity", "10")
    page.fill("#lines-0-unit_price", "10.00")
    page.select_option("#paid_with", "cash")
    page.fill("#amount_received", "30.00")
    page.click("input[type=submit][value=Save]")
    page.wait_for_url("**/admin/orders/**")
    assert page.locator(".alert-success").count() == 1
    with live_app.app_context():
        order = db.session.query(Order).order_by(Order.id.desc()).first()
        assert (order.total, order.received, order.unsettled) == (
            Decimal("100.00"), Decimal("30.00"), Decimal("70.00"))


def test_the_order_form_shows_the_price_a_blank_line_gets_and_hides_what_does_not_apply(
        page, live_app):
    """Issue 21 item 7: a blank unit price is the customer's price, shown before saving;
    a platform order is entered as paid on the platform, without payment fields; the
    points field says what a point is worth."""
    with live_app.app_context():
        w = builders.make_world(db.session, "Alpha Trading", "Alpha")
        db.session.commit()
        email, wholesale = w.main.email, w.part.wholesale_price
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, email)
    page.goto("/admin/orders/new/")
    assert "1 point = " in page.locator("#points_to_use").locator("xpath=..").inner_text()
    pick(page, "customer", "Alpha Buyer")
    page.click("#lines-button")
    pick(page, "lines-0-sku", "Alpha-PART")
    expect(page.locator("#lines-0-unit_price")).to_have_attribute(
        "placeholder", re.compile(r"wholesale"))
    shown = page.locator("#lines-0-unit_price").get_attribute("placeholder")
    assert shown.startswith(f"{wholesale:.2f}") and "wholesale" in shown
    page.fill("#lines-0-quantity", "2")
    assert page.locator("#amount_received").is_visible()
    page.select_option("#order_type", "platform", force=True)  # under select2
    assert not page.locator("#amount_received").is_visible()
    assert not page.locator("#paid_with").is_visible()
    page.click("input[type=submit][value=Save]")
    page.wait_for_url("**/admin/orders/**")
    assert page.locator(".alert-success").count() == 1
    with live_app.app_context():
        order = db.session.query(Order).order_by(Order.id.desc()).first()
        assert (order.order_type, order.paid_with, order.received, order.unsettled) == (
            "platform", "external", order.total, 0)
        assert order.lines[0].unit_price == wholesale
