import pytest
from playwright.sync_api import expect

from admin_app.extensions import db
from admin_app.rules.sales.status import change_status

from .. import builders
from .test_orders_in_browser import sign_in

pytestmark = pytest.mark.browser


def open_tab(page, label):
    page.goto("/admin/aftersales/")
    page.click(f".aftersales-tabs a:has-text('{label}')")
    page.wait_for_load_state("networkidle")


def test_a_return_and_refund_runs_through_every_tab_by_clicking(page, live_app):
    with live_app.app_context():
        w = builders.make_world(db.session, "Alpha Trading", "Alpha")
        for event in ("to_pickup", "ship"):
            change_status(db.session, w.main, w.order, event)
        db.session.commit()
        email, number, customer_id = w.main.email, w.order.number, w.customer.id
    sign_in(page, email)
    page.goto("/admin/aftersales/")
    page.click("text=Create After-Sales Order")
    page.fill("input[name=order]", number)
    page.click("button:has-text('Find order')")
    page.fill("#return-lines input.qty", "1")
    # shown as the user types (waits for the page's script: on a loaded host it runs after
    # the fill, and totals what was already typed)
    expect(page.locator("#total-r")).to_have_text("20.00")
    page.click("#aftersales-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    row = page.locator("tr", has_text=number)
    aso_number = row.locator("td").nth(2).inner_text().strip()
    assert aso_number.startswith("AS")

    row.locator("button", has_text="Confirm After-Sales").first.click()
    page.wait_for_load_state("networkidle")
    open_tab(page, "Confirm Return")
    row = page.locator("tr", has_text=aso_number)
    row.locator("a", has_text="Return Stock-In").click()
    page.click(".stock-in-form button:has-text('Stock in')")
    assert "stocked in: Received Return" in page.locator(".alert").first.inner_text()

    open_tab(page, "Received Return")
    page.locator("tr", has_text=aso_number).locator("a", has_text="Create Refund Order").click()
    page.fill("input[name=bank_name]", "BDO")
    page.fill("input[name=account_name]", "Alpha Buyer")
    page.fill("input[name=account_no]", "00123")
    page.click("button[value=preview]")
    assert "credit offset" in page.locator("#refund-preview").inner_text()
    page.click("button[value=confirm]")
    page.wait_for_load_state("networkidle")

    open_tab(page, "Refund Processing")
    assert page.locator("tr", has_text=aso_number).count() == 1
    page.goto("/admin/refunds/")
    page.locator("tr", has_text=aso_number).locator("a", has_text="Confirm refund").click()
    assert "Alpha Buyer" in page.locator("#refund-confirm").inner_text()  # asked first
    page.click("#refund-confirm button:has-text('Confirm refund of')")
    assert "is completed" in page.locator(".alert").first.inner_text()

    open_tab(page, "After-Sales Completed")
    assert page.locator("tr", has_text=aso_number).count() == 1
    page.goto(f"/admin/reconciliation/{customer_id}/ledger")
    newest = page.locator("#ledger tbody tr").first.inner_text()
    assert "After-sales order" in newest and aso_number in newest
