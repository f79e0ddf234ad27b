"""An email campaign in Chromium, from draft to delivered: write it, see who it will
reach, send it once, let send-mail deliver it to a real SMTP server, see it sent."""
import pytest

from admin_app.extensions import db

from .. import builders
from ..smtp_server import MailServer
from .test_orders_in_browser import sign_in

pytestmark = pytest.mark.browser


def test_write_send_and_deliver_a_campaign(page, live_app, tmp_path):
    with live_app.app_context():
        w = builders.make_world(db.session, "Alpha Trading", "Alpha")
        db.session.commit()
        email, address, label = w.main.email, w.customer.email, w.label.name
        name = w.customer.name
    server = MailServer(live_app)
    live_app.config.update(MAIL_BACKEND="smtp", MAIL_SERVER="127.0.0.1",
                           MAIL_PORT=server.port, MAIL_USE_TLS=False)
    server.start()
    try:
        page.set_viewport_size({"width": 1366, "height": 900})
        sign_in(page, email)
        page.goto("/admin/campaigns/new/")
        page.fill("#name", "Payday sale")
        page.fill("#subject", "{name}, payday deals")
        page.fill("#body_text", "Dear {name}, everything 10% off this weekend.")
        page.fill("#body_html", "<p>Dear <b>{name}</b>,</p><script>x()</script>")
        page.select_option("#label", label=label, force=True)  # under select2
        page.fill("#starts_on", "2026-11-01")
        page.fill("#ends_on", "2026-11-30")
        page.click("#name")  # closes the date picker
        page.click("input[type=submit][value='Save']")
        page.goto("/admin/campaigns/")
        page.click("a:has-text('Payday sale')")
        assert "1 customer(s) match" in page.locator("#campaign-matching").inner_text()
        page.screenshot(path=str(tmp_path / "campaign-draft.png"), full_page=True)

        page.click("button:has-text('Send to 1 customer(s)')")
        assert "Send Payday sale to 1 customer(s)?" in page.locator("#confirm-action").inner_text()
        page.click("#confirm-action button:has-text('Send to 1 customer(s)')")
        page.wait_for_load_state("networkidle")
        assert "Queued for 1 customer(s)" in page.locator(".alert").first.inner_text()
        assert page.locator("button:has-text('Send to')").count() == 0

        with live_app.app_context():
            result = live_app.test_cli_runner().invoke(args=["send-mail"])
        # the campaign's message and the world's queued notification
        assert result.output.startswith("2 sent, 0 failed"), result.output
        page.reload()
        assert "1 sent" in page.locator("#campaign-delivery").inner_text()
        [message] = [m for m in server.inbox.to(address) if "payday" in m["Subject"]]
        assert message["Subject"] == f"{name}, payday deals"
        page.goto("/admin/campaigns/")
        row = page.locator("tr:has-text('Payday sale')").inner_text()
        assert "Sent" in row and "1 sent" in row
        page.screenshot(path=str(tmp_path / "campaign-list.png"), full_page=True)
    finally:
        server.stop()
