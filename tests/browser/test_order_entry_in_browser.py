from decimal import Decimal

import pytest

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
