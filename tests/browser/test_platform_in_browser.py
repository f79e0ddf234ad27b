"""A Shopee return request in Chromium (SPEC S12): it arrives over the API, shows its
deadline on the list and its page, is stocked in with an unboxing photo, refunded by the
platform, disputed and won; the claim's compensation shows in the totals recovered."""
import json
import os
import urllib.request
from datetime import timedelta

import pytest

from admin_app.extensions import db
from admin_app.models import Order, utcnow
from admin_app.rules.accounts import api_tokens

from ..builders import PNG
from ..rules.platforms.helpers import make_platform_shop, shipped
from .test_orders_in_browser import sign_in

pytestmark = pytest.mark.browser
SHOTS = os.environ.get("SHOTS_DIR")  # set it to keep screenshots of each step


def shot(page, name):
    if SHOTS:
        for width, height in ((1366, 900), (390, 844)):
            page.set_viewport_size({"width": width, "height": height})
            page.screenshot(path=os.path.join(SHOTS, f"platform-{name}-{width}.png"),
                            full_page=True)
        page.set_viewport_size({"width": 1366, "height": 900})


def send(app, secret, body):
    request = urllib.request.Request(
        app.base_url + "/api/v1/platform-aftersales", data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return answer.status, json.loads(answer.read())


def test_a_shopee_return_from_request_to_a_dispute_won(page, live_app, tmp_path):
    with live_app.app_context():
        shop = make_platform_shop(db.session)
        order = shipped(db.session, shop, qty=2, price="50.00")
        _, secret = api_tokens.create(db.session, shop.main, name="Shopee connector")
        db.session.commit()
        email, order_id, number, warehouse = (shop.main.email, order.id, order.number,
                                              shop.wh.id)
    body = {"store_id": 0, "request_id": "SPX-RR-9001", "order_id": order_id,
            "type": "return_refund", "refund_amount": "100.00", "warehouse_id": warehouse,
            "reason": "Screen cracked", "evidence_links": ["https://cf.shopee.ph/file/c1.jpg"],
            "requested_at": (utcnow() - timedelta(hours=30)).isoformat() + "+00:00"}
    with live_app.app_context():
        body["store_id"] = db.session.get(Order, order_id).store_id
    status, made = send(live_app, secret, {**body, "platform_status": "REQUESTED"})
    assert status == 201 and made["platform"]["deadline"]["step"] == "respond"

    sign_in(page, email)
    page.goto("/admin/platform_aftersales/")
    assert page.locator('a[data-tab="due_24h"] .badge').inner_text() == "1"
    page.click('a[data-tab="due_24h"]')
    row = page.locator("tbody tr").first
    assert made["number"] in row.inner_text() and "Respond to the request" in row.inner_text()
    shot(page, "list")
    page.goto(f"/admin/platform_aftersales/details/?id={made['id']}")
    clock = page.locator("#platform-clock").inner_text()
    assert "Respond to the request" in clock and "approved automatically" in clock
    assert page.locator("#evidence a.evidence-link").count() == 1
    shot(page, "request")
    page.click("#aso-actions button:has-text('Accept the request')")  # asks first
    page.click("button:has-text('Accept the request')")
    page.wait_for_load_state("networkidle")
    assert "Confirm Return" in page.locator("body").inner_text()

    for step in ("ACCEPTED", "PROCESSING"):
        assert send(live_app, secret, {**body, "platform_status": step})[0] == 200
    page.goto(f"/admin/return-stock-in/?q={made['number']}")
    photo = tmp_path / "unboxing.png"
    photo.write_bytes(PNG)
    form = page.locator("form.stock-in-form")
    assert form.locator("input[type=file]").get_attribute("capture") == "environment"
    form.locator("input[type=file]").set_input_files(str(photo))
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "stocked in" in page.locator(".alert").first.inner_text()

    assert send(live_app, secret, {**body, "platform_status": "REFUND_PAID"})[0] == 200
    page.goto(f"/admin/platform_aftersales/details/?id={made['id']}")
    assert page.locator("#evidence img.evidence-thumb").count() == 1
    assert page.locator("#platform-clock").inner_text().count("No clock") == 1
    page.fill("#claim-reason", "The unit sent back is not the one we shipped")
    page.fill("#claim-amount", "100.00")
    page.click(".claim-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "opened" in page.locator(".alert").first.inner_text()
    decide = page.locator("form.decide-form")
    decide.locator("select[name=outcome]").select_option("won")
    decide.locator("input[name=compensation]").fill("100.00")
    decide.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert page.locator(".claims-table tbody tr").first.get_attribute("data-status") == "won"
    shot(page, "won")
    page.goto("/admin/claims/?tab=won")
    assert "recovered 100.00 of 100.00" in page.locator("#claims-recovered").inner_text()
    with live_app.app_context():
        placed = db.session.get(Order, order_id)
        assert (placed.back_platform, placed.compensation, placed.number) == (
            100, 100, number)
