import pytest

from admin_app.extensions import db
from admin_app.models import Order

from .. import builders

pytestmark = pytest.mark.browser


def sign_in(page, email):
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", builders.PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/admin/")


def test_sign_in_open_orders_and_move_one_with_its_row_button(page, live_app):
    with live_app.app_context():
        world = builders.make_world(db.session, "Alpha Trading", "Alpha")
        db.session.commit()
        email, order_id = world.main.email, world.order.id
    sign_in(page, email)
    page.click("text=Orders")
    page.click("a.dropdown-item:has-text('Orders')")
    page.wait_for_url("**/admin/orders/")
    row = page.locator("tr", has_text="Alpha-SO1")
    assert "New" in row.inner_text()
    row.locator("button", has_text="Mark To Pickup").click()
    page.wait_for_url("**/admin/orders/**")
    assert page.locator(".alert", has_text="Mark To Pickup: done for 1 order(s)").count() == 1
    row = page.locator("tr", has_text="Alpha-SO1")
    assert "To Pickup" in row.inner_text()
    assert row.locator("button", has_text="Mark Shipped").count() == 1
    with live_app.app_context():
        assert db.session.get(Order, order_id).status == "to_pickup"


def test_the_dashboard_draws_plotly_charts_from_the_app(page, live_app):
    with live_app.app_context():
        world = builders.make_world(db.session, "Alpha Trading", "Alpha")
        db.session.commit()
        email = world.main.email
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    sign_in(page, email)
    page.wait_for_selector(".plot-container svg.main-svg")
    assert any("/vendor/plotly-" in url for url in requests)
    assert all(url.startswith(live_app.base_url) for url in requests)
