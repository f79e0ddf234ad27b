"""Import returns in Chromium: a file with a bad row is refused and names it; the fixed
file imports; the returns are on the Customer Returns list."""
import pytest

from admin_app.extensions import db
from admin_app.rules.sales.status import change_status

from .. import builders
from .test_orders_in_browser import sign_in

pytestmark = pytest.mark.browser


def test_import_a_file_with_an_error_fix_it_and_see_the_returns(page, live_app, tmp_path):
    with live_app.app_context():
        w = builders.make_world(db.session, "Alpha Trading", "Alpha")
        for event in ("to_pickup", "ship"):
            change_status(db.session, w.main, w.order, event)
        db.session.commit()
        email, number, sku, depot = w.main.email, w.order.number, w.sku.code, w.warehouse.name
    head = "Order no.,SKU,Quantity,Warehouse,Tracking no.,Reason\n"
    bad = tmp_path / "returns.csv"
    bad.write_text(head + f"{number},{sku},1,{depot},BRW-1,\n{number},NOPE,1,{depot},BRW-2,\n")
    sign_in(page, email)
    page.goto("/admin/import-returns/")
    page.set_input_files("#import-upload input[type=file]", str(bad))
    page.click("#import-upload button[type=submit]")
    errors = page.locator("#import-errors").inner_text()
    assert "1 of 2 row(s) have problems" in errors and "SKU 'NOPE' is not on order" in errors
    assert page.locator("#import-errors td").first.inner_text() == "3"
    assert page.locator("button:has-text('Import')").count() == 0

    good = tmp_path / "returns-fixed.csv"
    good.write_text(head + f"{number},{sku},1,{depot},BRW-1,\n{number},{sku},1,{depot},BRW-2,\n")
    page.set_input_files("#import-upload input[type=file]", str(good))
    page.click("#import-upload button[type=submit]")
    assert "2 customer return(s) will be created" in page.locator("#import-ready").inner_text()
    page.click("#import-ready button:has-text('Import 2 row(s)')")
    page.wait_for_load_state("networkidle")
    assert "Imported 2 customer return(s)" in page.locator(".alert").first.inner_text()
    rows = page.locator("tbody tr")
    assert rows.count() == 2
    assert "BRW-1" in rows.nth(0).inner_text() + rows.nth(1).inner_text()
    assert "Return Stock-In" in rows.first.inner_text()
