"""Money forms as a person fills them in Chromium: bank fields only for a bank
transfer (issue 21 item 5), and the exchange estimate that says who pays whom (item 6)."""
import pytest

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
