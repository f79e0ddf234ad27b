from datetime import timedelta
from decimal import Decimal

import pytest

from admin_app.extensions import db
from admin_app.models import LedgerEntry
from admin_app.rules.credit.terms import Payment
from admin_app.rules.sales.orders import LineInput, create_order

from .. import builders
from .test_orders_in_browser import sign_in

pytestmark = pytest.mark.browser


def test_receive_a_payment_with_overpayment_and_see_it_on_the_ledger(page, live_app):
    with live_app.app_context():
        w = builders.make_world(db.session, "Alpha Trading", "Alpha")
        create_order(db.session, w.main, store=w.store, customer=w.customer,
                     lines=[LineInput(w.sku, 1, Decimal("80.00"))], number="OWE-1",
                     order_date=builders.local_now() - timedelta(days=3),
                     payment=Payment(received=Decimal("0")))
        db.session.commit()
        email, customer_id = w.main.email, w.customer.id
    sign_in(page, email)
    page.goto("/admin/reconciliation/")
    row = page.locator("#reconciliation tr", has_text="Alpha Buyer")
    assert "95.00" in row.inner_text()  # 15.00 from before + 80.00
    row.locator("a", has_text="Receive Payment").click()
    page.fill("input[name=amount]", "100.00")
    page.click("button[value=preview]")
    assert "5.00 PHP is more than it can settle" in page.locator("#overpayment").inner_text()
    page.click("button[value=confirm]")
    page.wait_for_url(f"**/admin/reconciliation/{customer_id}/ledger")
    assert "went to the customer's balance" in page.locator(".alert").first.inner_text()
    newest = page.locator("#ledger tbody tr").first.inner_text()
    assert "Payment receipt" in newest and "-95.00" in newest
    assert page.locator("#customer-credit").inner_text() == "0.00"
    with live_app.app_context():
        assert db.session.query(LedgerEntry).filter_by(doc_type="payment").count() == 2
