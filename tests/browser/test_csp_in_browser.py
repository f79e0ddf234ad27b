"""The Content-Security-Policy holds in a real browser: no page needs an inline script,
style or handler, and the charts, bulk actions, inline lines and confirmations work."""
import pytest

from admin_app import demo
from admin_app.extensions import db

pytestmark = pytest.mark.browser
PAGES = ["/admin/", "/admin/boards/credit", "/admin/boards/aftersales", "/admin/orders/",
         "/admin/orders/new/", "/admin/aftersales/", "/admin/customers/",
         "/admin/reconciliation/", "/admin/stock/", "/admin/refunds/", "/admin/import-returns/",
         "/admin/stock_documents/", "/admin/service_replacement/?tab=all",
         "/admin/distribution_returns/?tab=all", "/admin/partnerships/"]


def test_every_page_runs_under_the_policy(page, live_app):
    with live_app.app_context():
        demo.load(db.session, orders_per_org=40)
        db.session.commit()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto("/login")
    page.fill("#email", "owner@supplier.demo")
    page.fill("#password", demo.DEMO_PASSWORD)
    page.click("button[type=submit]")
    for path in PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert [p for p in problems if "favicon" not in p] == [], path
        if "boards" in path or path == "/admin/":
            assert page.locator(".chart .plot-container svg.main-svg").count() >= 2, path
            assert page.locator(".chart-title").first.is_visible(), path
    page.goto("/admin/orders/new/")
    rows = page.locator(".inline-field").count()
    page.click("text=Add Line")
    assert page.locator(".inline-field").count() == rows + 1
    page.goto("/admin/orders/?flt0_0=shipped")
    page.wait_for_load_state("networkidle")  # the list's scripts bound before a click
    page.locator("input.action-checkbox").first.check()
    page.click("text=With selected")
    page.click("[data-model-action=complete]")  # asked first, by the server
    assert "Mark Completed: 1 record" in page.locator("#confirm-action").inner_text()
    page.click("text=Go back, change nothing")  # "no" changes nothing
    assert page.url.endswith("flt0_0=shipped")
    page.wait_for_load_state("networkidle")
    page.locator("input.action-checkbox").first.check()
    page.click("text=With selected")
    page.click("[data-model-action=complete]")
    page.click("#confirm-action button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "Mark Completed: done for 1 order(s)." in page.locator(".alert").first.inner_text()
    assert [p for p in problems if "favicon" not in p] == []
