"""Documents as a person sees them in Chromium (a machine without CJK or Thai fonts of
its own, like this one): the statement's print page draws Chinese, Thai and
Vietnamese names with the fonts the app ships (issue 21 item 2)."""

import pytest

from admin_app.extensions import db
from admin_app.models import Customer

from ..rules.accounts_helpers import make_shop, order
from .test_orders_in_browser import sign_in
from tests import builders

pytestmark = pytest.mark.browser
NAMES = "王小明 陳大文 สมชาย ใจดี Nguyễn Thị Hồng"


def test_the_statement_print_page_draws_every_script(page, live_app, tmp_path):
    with live_app.app_context():
        shop = make_shop(db.session)
        buyer = Customer(org_id=shop.org.id, code="S1", name=NAMES, credit_allowed=True,
                         credit_order_types="manual messenger")
        db.session.add(buyer)
        db.session.flush()
        shop.customer = buyer
        order(shop, "12.50")
        db.session.commit()
        email, buyer_id = shop.main.email, buyer.id
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, email)
    page.goto(f"/admin/reconciliation/{buyer_id}/statement?start={builders.local_today()}")
    page.wait_for_load_state("networkidle")
    assert NAMES in page.locator("table.facts").first.inner_text()
    for text in ("王小明", "陳大文", "สมชาย"):  # drawn with a font that has them
        assert page.evaluate("t => document.fonts.check('12px \"Desk Noto\"', t)", text)
    loaded = page.evaluate("[...document.fonts].filter(f => f.status == 'loaded')"
                           ".map(f => f.unicodeRange)")
    assert any("U+4E00-9FFF" in r.upper() for r in loaded)
    assert any("U+E00-E7F" in r.upper() or "U+0E00-0E7F" in r.upper() for r in loaded)
    page.screenshot(path=str(tmp_path / "statement.png"), full_page=True)
