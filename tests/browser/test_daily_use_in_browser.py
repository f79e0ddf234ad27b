"""What a new user saw in the first wave, as a person sees it now (Chromium, 1366 px):
a refused page inside the app, lists whose important columns fit the screen, filters
by the labels people read, an exchange order for a customer without credit settled at
approval."""
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from admin_app.extensions import db
from admin_app.models import Customer, Order, Organization, Sku, Store, User, Warehouse
from admin_app.rules.aftersales import orders as aftersales
from admin_app.rules.sales import cancellation
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.rules.sales.status import change_status

from .. import builders
from .test_orders_in_browser import sign_in

pytestmark = pytest.mark.browser


def world(app):
    """The owner's and a clerk's e-mails, and the ids of the world's rows."""
    with app.app_context():
        w = builders.make_world(db.session, "Alpha Trading", "Alpha")
        clerk = builders.make_user(db.session, w.org, "clerk@alpha.test",
                                   ["stock.return_in"], role_name="Warehouse")
        db.session.commit()
        ids = SimpleNamespace(main=w.main.id, org=w.org.id, order=w.order.id,
                              store=w.store.id, sku=w.sku.id, warehouse=w.warehouse.id)
        return w.main.email, clerk.email, ids


def test_a_refused_page_is_inside_the_app_and_says_what_to_ask_for(page, live_app):
    owner, clerk, _ = world(live_app)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, clerk)
    page.goto("/admin/orders/")
    assert page.locator("nav.navbar").is_visible()
    text = page.locator("#error-403").inner_text()
    assert "Orders" in text and "Warehouse" in text and owner in text
    page.click("text=Back to the dashboard")
    assert page.url.endswith("/admin/")


def test_the_after_sales_list_shows_its_important_columns_at_1366(page, live_app):
    owner, _, w = world(live_app)
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, owner)
    page.goto("/admin/aftersales/?tab=all")
    row = page.locator("table.model-list tbody tr").first
    for column in ("number", "status", "customer", "returned_amount", "refunded"):
        box = row.locator(f"td.col-{column}").bounding_box()
        assert box and box["x"] + box["width"] <= 1366, column
    header = page.locator("table.model-list th.col-returned_amount").inner_text()
    assert "PHP" in header  # amounts say their currency


def test_the_revert_status_filter_offers_its_labels_and_finds_by_them(page, live_app):
    owner, _, w = world(live_app)
    with live_app.app_context():
        order = db.session.get(Order, w.order)
        cancellation.cancel(db.session, db.session.get(User, w.main), order)
        order.revert_status = "not_reverted"
        db.session.commit()
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, owner)
    page.goto("/admin/orders/")
    page.click("text=Add Filter")
    page.click("a.filter:has-text('Revert status')")
    select = page.locator("#filter_form select.filter-val").last
    assert "Not reverted" in select.text_content()  # the label, not "not_reverted"
    select.select_option(label="Not reverted", force=True)  # select2 hides the select
    page.click("#filter_form button[type=submit]")
    page.wait_for_load_state("networkidle")
    numbers = page.locator("td.col-number").all_inner_texts()
    assert numbers == ["Alpha-SO1"]


def test_an_exchange_for_a_customer_without_credit_is_made_and_approved_with_payment(
        page, live_app):
    owner, _, w = world(live_app)
    with live_app.app_context():
        user, s = db.session.get(User, w.main), db.session
        cash = Customer(org_id=w.org, code="CASH-1", name="Cash Buyer")
        s.add(cash)
        s.flush()
        sold = create_order(s, user, store=s.get(Store, w.store), customer=cash,
                            lines=[LineInput(s.get(Sku, w.sku), 1, D("25.00"))])
        for event in ("to_pickup", "ship"):
            change_status(s, user, sold, event)
        dear = builders.make_sku(s, s.get(Organization, w.org), "DEAR", "40.00")
        aso = aftersales.create(s, user, sold, "exchange", [
            aftersales.ReturnInput(1, order_line=sold.lines[0])],
            [aftersales.ExchangeInput(dear, 1)], warehouse=s.get(Warehouse, w.warehouse))
        aftersales.confirm(db.session, user, aso, with_stock_in=True)
        db.session.commit()
        aso_number = aso.number
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, owner)
    page.goto("/admin/aftersales/?tab=received_return")
    row = page.locator("tr", has=page.locator(f"td:has-text('{aso_number}')"))
    row.locator(".row-more").click()
    row.locator("button:has-text('Generate Exchange Order')").click()
    page.wait_for_load_state("networkidle")
    assert "created: Pending" in page.locator(".alert-success").inner_text()
    page.goto("/admin/aftersales/?tab=received_return")
    page.click(f"td.col-number:has-text('{aso_number}') >> xpath=.. >> a[title='View Record']")
    page.click("a:has-text('Process')")
    assert "15.00" in page.locator("#to-pay").inner_text()
    page.click("button:has-text('Approve')")
    page.wait_for_load_state("networkidle")
    assert "approved" in page.locator(".alert-success").inner_text()
