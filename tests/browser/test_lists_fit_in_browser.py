"""Lists as a person sees them in Chromium: no list's default tab scrolls sideways at
1366 px, and on a 390 px phone the orders, after-sales and return stock-in lists show
each row's number, customer, status, amount and main action within the screen (issue
21 item 11)."""
from decimal import Decimal

import pytest

from admin_app.extensions import db
from admin_app.models import Store
from admin_app.rules.platforms.requests import PlatformRequest, receive
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.rules.aftersales import orders as aftersales
from admin_app.rules.sales.status import change_status

from .. import builders
from ..views.test_access_matrix import admin_views
from .test_orders_in_browser import sign_in

pytestmark = pytest.mark.browser


def world_with_long_names(app):
    with app.app_context():
        w = builders.make_world(db.session, "Alpha Trading", "Alpha")
        w.customer.name = "Nurul Ain binti Abdul Rahman Shah"
        w.store.name = "Alpha Official Store Kuala Lumpur"
        for event in ("to_pickup", "ship"):
            change_status(db.session, w.main, w.order, event)
        aso = aftersales.create(db.session, w.main, w.order, "return_refund", [
            aftersales.ReturnInput(1, order_line=w.order.lines[0])],
            warehouse=w.warehouse, tracking_no="SPXMY026123456789")
        aftersales.confirm(db.session, w.main, aso, with_stock_in=False)  # goods awaited
        tiktok = Store(org_id=w.org.id, name="Alpha Official TikTok Shop Kuala Lumpur",
                       channel="TikTok")
        db.session.add(tiktok)
        db.session.flush()
        sold = create_order(db.session, w.main, store=tiktok, customer=w.customer,
                            order_type="platform", payment_method="prepaid",
                            lines=[LineInput(w.sku, 1, Decimal("50.00"))])
        for event in ("to_pickup", "ship"):
            change_status(db.session, w.main, sold, event)
        receive(db.session, w.main, PlatformRequest(  # a deadline cell, a long status
            store=tiktok, request_id="RR-1", order=sold, type="return_refund",
            platform_status="RETURN_OR_REFUND_REQUEST_PENDING", refund_amount=Decimal("50"),
            warehouse=w.warehouse))
        aftersales.create(db.session, w.main, w.credit_order, "return_refund", [  # to confirm
            aftersales.ReturnInput(1, order_line=w.credit_order.lines[0])],
            warehouse=w.warehouse, tracking_no="SPXMY026987654321")
        db.session.commit()
        lists = [v.endpoint for v in admin_views(app) if getattr(v, "model", None)]
        return w.main.email, lists


# How far a page's widest table reaches past its box: the page itself, or a box that
# scrolls a table inside it (a wide table scrolling in its own frame is sideways too).
SIDEWAYS = """() => {
  const over = [document.documentElement.scrollWidth - window.innerWidth];
  for (const table of document.querySelectorAll('table')) {
    let box = table.parentElement;
    while (box && box !== document.body && getComputedStyle(box).overflowX === 'visible')
      box = box.parentElement;
    if (box && box !== document.body) over.push(box.scrollWidth - box.clientWidth);
  }
  return Math.max(...over);
}"""


def menu_pages(page) -> list[str]:
    """Every page the menu links to (model lists and the app's own list pages)."""
    hrefs = page.evaluate("""() => [...document.querySelectorAll('nav a[href^="/admin/"]')]
        .map(a => a.getAttribute('href'))""")
    return sorted({h.split("?")[0] for h in hrefs if "/logout" not in h})


def test_no_list_scrolls_sideways_at_1366(page, live_app):
    email, lists = world_with_long_names(live_app)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, email)
    page.goto("/admin/")
    pages = sorted({f"/admin/{e}/" for e in lists} | set(menu_pages(page)))
    wide = {}
    for path in pages:
        page.goto(path)
        over = page.evaluate(SIDEWAYS)
        if over > 1:
            wide[path] = over
    assert wide == {}
    assert len(lists) >= 25 and len(pages) >= 40
    assert "/admin/refunds/" in pages and "/admin/reconciliation/" in pages


def test_no_list_scrolls_sideways_on_a_phone(page, live_app):
    """Lists without a phone card stack each row's cells, each named by its column."""
    email, lists = world_with_long_names(live_app)
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, email)
    wide = {}
    for path in sorted(f"/admin/{e}/" for e in lists):
        page.goto(path)
        over = page.evaluate(SIDEWAYS)
        if over > 1:
            wide[path] = over
    assert wide == {}
    page.goto("/admin/ledger/")
    cell = page.locator("table.model-list.phone-stack tbody tr td[data-label]").first
    assert page.evaluate("c => getComputedStyle(c, '::before').content", cell.element_handle()) \
        .startswith('"')


@pytest.mark.parametrize("path,amount", [("/admin/orders/", "col-total"),
                                         ("/admin/aftersales/", "col-returned_amount")])
def test_a_phone_sees_number_customer_status_amount_and_the_main_action(
        page, live_app, path, amount):
    email, _ = world_with_long_names(live_app)
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, email)
    page.goto(path)  # the list's default tab, as a phone opens it
    assert page.evaluate(SIDEWAYS) <= 1
    row = page.locator("table.model-list tbody tr").first
    for part in ("td input.action-checkbox", "td.col-number", "td.col-customer",
                 "td.col-status", f"td.{amount}",
                 "td.list-buttons-column .row-action, td.list-buttons-column button"):
        box = row.locator(part).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, part


def test_a_phone_sees_what_waits_for_stock_in_with_its_button(page, live_app):
    email, _ = world_with_long_names(live_app)
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, email)
    page.goto("/admin/return-stock-in/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    item = page.locator(".waiting-item").first
    for part in (".number", ".customer", ".status", ".amount", ".stock-in-button"):
        box = item.locator(part).bounding_box()
        assert box and box["x"] + box["width"] <= 390, part


def test_a_phone_sees_each_credit_customer_as_a_card(page, live_app):
    email, _ = world_with_long_names(live_app)
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, email)
    page.goto("/admin/reconciliation/")
    assert page.evaluate(SIDEWAYS) <= 1
    row = page.locator("#reconciliation tbody tr").first
    for part in ("td.col-number", "td.col-customer", "td.list-buttons-column a"):
        box = row.locator(part).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, part
