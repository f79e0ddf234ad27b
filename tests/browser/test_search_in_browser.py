"""Search as a person types it in Chromium: part of a tracking number on the default
tab finds the record in another tab and says so, with a link (issue 21 item 9)."""
import pytest

from admin_app.extensions import db
from admin_app.rules.aftersales import orders as aftersales
from admin_app.rules.sales.status import change_status

from .. import builders
from .test_orders_in_browser import sign_in

pytestmark = pytest.mark.browser


def test_a_tracking_number_in_another_tab_is_pointed_to(page, live_app):
    with live_app.app_context():
        w = builders.make_world(db.session, "Alpha Trading", "Alpha")
        for event in ("to_pickup", "ship"):
            change_status(db.session, w.main, w.order, event)
        aso = aftersales.create(db.session, w.main, w.order, "return_refund", [
            aftersales.ReturnInput(1, order_line=w.order.lines[0])],
            warehouse=w.warehouse, tracking_no="SPXPH0099887766")
        aftersales.confirm(db.session, w.main, aso, with_stock_in=True)
        db.session.commit()
        email, number = w.main.email, aso.number
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, email)
    page.goto("/admin/aftersales/")  # To Confirm
    page.fill("input[name=search]", "9988776")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    hint = page.locator("#found-elsewhere")
    assert "1 in Received Return" in hint.inner_text()
    hint.locator("a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("table.model-list tbody tr", has_text=number).count() == 1
