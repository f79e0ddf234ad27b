"""SPEC S6 end to end in Chromium, each organization in its own browser session:
the distributor pushes a return, the supplier stocks it in and refunds by bank, the
distributor confirms receipt; both ledgers and both stocks are then checked."""
import os
from decimal import Decimal as D

import pytest

from admin_app.extensions import db
from admin_app.models import Customer, DistributionReturn, LedgerEntry, StockLevel
from admin_app.rules.credit import payments
from admin_app.rules.sales.orders import LineInput

from ..distribution_builders import distribution_order, make_partners, returned
from .test_orders_in_browser import sign_in

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SHOTS_DIR")  # set it to keep screenshots of each step


def _shot(page, name):
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"distribution-{name}.png"), full_page=True)


def _setup(app):
    with app.app_context():
        s = db.session
        w = make_partners(s)
        link = distribution_order(s, w, [LineInput(w.d_mug, 3)])  # 3 x 30 + fee 5 = 95
        payments.receive(s, w.s_main, w.p.customer_id, D("95.00"), None)
        aso = returned(s, w, link, qty=2)
        s.commit()
        return w.d_main.email, w.s_main.email, aso.number, w.p.customer_id


def _stock(app, code):
    with app.app_context():
        return {(lvl.warehouse.name, lvl.qualified, lvl.unqualified)
                for lvl in db.session.query(StockLevel).join(StockLevel.sku)
                if lvl.sku.code == code}


def test_push_stock_in_refund_by_bank_and_confirm_receipt(browser, live_app):
    d_email, s_email, aso_number, customer_id = _setup(live_app)
    dist = browser.new_context(base_url=live_app.base_url,
                               viewport={"width": 1366, "height": 900}).new_page()
    sup = browser.new_context(base_url=live_app.base_url,
                              viewport={"width": 1366, "height": 900}).new_page()
    sign_in(dist, d_email)
    sign_in(sup, s_email)

    dist.goto("/admin/distribution_returns/")
    row = dist.locator("tr", has_text=aso_number)
    row.locator("button", has_text="Push").click()
    dist.wait_for_load_state("networkidle")
    assert "Pushed 1 return(s) to the supplier" in dist.locator(".alert-success").inner_text()
    dist.click(".nav a:has-text('Pushed')")
    assert "Waiting for the supplier" in dist.locator("tr", has_text=aso_number).inner_text()
    _shot(dist, "1-distributor-pushed")

    sup.goto("/admin/supplier_distribution/")
    row = sup.locator("tbody tr").first
    assert "D Distributor" in row.inner_text() and "60.00" in row.inner_text()
    _shot(sup, "2-supplier-list")
    row.locator("a", has_text="Return Stock-In").click()
    sup.locator(".stock-in-form input[name^=q_]").fill("1")
    sup.locator(".stock-in-form input[name^=u_]").fill("1")
    sup.click(".stock-in-form button:has-text('Stock in')")
    assert "Received Return" in sup.locator(".alert").first.inner_text()

    sup.goto("/admin/supplier_distribution/?tab=received_return")
    sup.locator("tbody tr").first.locator("a", has_text="Create Refund Order").click()
    form = sup.locator("main, body").first.inner_text()
    assert "Return handling fee" in form and "56.00" in form
    _shot(sup, "3-supplier-refund-form")
    sup.fill("input[name=amount]", "56.00")
    sup.fill("input[name=bank_name]", "Maybank")
    sup.fill("input[name=account_name]", "D Distributor")
    sup.fill("input[name=account_no]", "5140-0001")
    sup.click("button[value=preview]")
    sup.click("button[value=confirm]")
    sup.wait_for_load_state("networkidle")

    dist.goto("/admin/refunds/")
    _shot(dist, "4-distributor-refunds")
    dist.locator("tr", has_text="56.00").locator("button", has_text="Confirm receipt").click()
    dist.wait_for_load_state("networkidle")
    assert "Receipt of refund" in dist.locator(".alert").first.inner_text()
    dist.goto("/admin/distribution_returns/?tab=pushed")
    assert "Refunded by the supplier" in dist.locator("tr", has_text=aso_number).inner_text()

    with live_app.app_context():
        customer = db.session.get(Customer, customer_id)
        # paid 95 up front, so the whole 60 - 4 went out by bank: nothing owed either way
        assert (customer.total_credit, customer.total_balance) == (D("0.00"), D("0.00"))
        rows = [(e.doc_type, e.receivable, e.received, e.credit_change, e.balance_change)
                for e in db.session.query(LedgerEntry)
                .filter_by(customer_id=customer_id).order_by(LedgerEntry.seq)]
        assert rows == [("order", D("95.00"), 0, D("95.00"), 0),
                        ("payment", 0, D("95.00"), D("-95.00"), 0),
                        ("aftersales", D("-56.00"), D("-56.00"), 0, 0)], rows
        record = db.session.query(DistributionReturn).one()
        assert record.aftersales.status == "received_return"
        assert record.supplier_aso.status == "completed"
    assert _stock(live_app, "S-MUG") == {("Supplier Depot", 98, 1)}
    assert _stock(live_app, "D-MUG") == set()  # the goods never entered the distributor's
    sup.goto(f"/admin/reconciliation/{customer_id}/ledger")
    assert "56.00" in sup.locator("#ledger").inner_text()
    _shot(sup, "5-supplier-ledger")
