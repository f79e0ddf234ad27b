"""The platform after-sales pages (SPEC S12): the deadline tabs with their counts, the
nearest deadline first, an order's clock and what happens when it passes, evidence,
disputes decided from the page, the claims' totals and the deadline settings."""
import io
from pathlib import Path
import re
from datetime import timedelta
from decimal import Decimal as D

import pytest

from admin_app.models import Evidence, Holiday, Order, PlatformClaim, PlatformDeadline, utcnow
from tests.builders import PNG
from tests.rules.platforms.helpers import make_platform_shop, request, shipped


@pytest.fixture
def shop(session):
    shop = make_platform_shop(session)
    now = utcnow()
    shop.soon = request(session, shop, shipped(session, shop), request_id="SOON",
                        at=now - timedelta(hours=40)).aso
    shop.late = request(session, shop, shipped(session, shop), request_id="LATE",
                        at=now - timedelta(days=3)).aso
    shop.calm = request(session, shop, shipped(session, shop), request_id="CALM",
                        at=now).aso
    shop.paid = request(session, shop, shipped(session, shop), request_id="PAID",
                        status="REFUND_PAID").aso
    session.commit()
    return shop


def numbers_in(page, shop):
    wanted = {a.number: a for a in (shop.soon, shop.late, shop.calm, shop.paid)}
    return [n for n in re.findall(r"AS\d{12}", page) if n in wanted]


def tab_count(page, tab):
    return re.search(rf'data-tab="{tab}"[^>]*>[^<]*<span class="badge[^"]*">(\d+)', page).group(1)


def test_the_tabs_count_what_is_due_and_overdue_and_sort_by_the_nearest(client_for, shop,
                                                                        session):
    browser = client_for(shop.main)
    page = browser.get("/admin/platform_aftersales/").get_data(as_text=True)
    assert (tab_count(page, "due_24h"), tab_count(page, "overdue")) == ("1", "1")
    assert "Due in 24 h" in page and "Respond to the request" in page
    order = list(dict.fromkeys(numbers_in(page, shop)))
    assert order == [shop.late.number, shop.soon.number, shop.calm.number, shop.paid.number]
    due = browser.get("/admin/platform_aftersales/?tab=due_24h").get_data(as_text=True)
    assert set(numbers_in(due, shop)) == {shop.soon.number}
    shop.main.language = "th"
    session.commit()
    thai = client_for(shop.main)
    assert "ครบกำหนดใน 24 ชม." in thai.get("/admin/platform_aftersales/").get_data(as_text=True)


def test_an_orders_page_shows_its_clock_evidence_and_a_dispute_won(client_for, shop, session):
    browser = client_for(shop.main)
    page = browser.get(f"/admin/platform_aftersales/details/?id={shop.soon.id}") \
        .get_data(as_text=True)
    assert "Respond to the request" in page and "approved automatically" in page
    assert 'id="platform-decides"' not in page  # not passed yet
    # passed: what the platform does reaches the request with its next status; the
    # page has one row of buttons (its own, beside the clock)
    late = browser.get(f"/admin/platform_aftersales/details/?id={shop.late.id}") \
        .get_data(as_text=True)
    assert "It has passed" in late and 'id="platform-decides"' in late
    assert 'id="next-steps"' not in late and 'id="aso-actions"' in late
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    sent = browser.post(f"/admin/evidence/{shop.soon.id}", data={
        "token": token, "stage": "request",
        "evidence": [(io.BytesIO(PNG), "box.png")]}, content_type="multipart/form-data",
        follow_redirects=True)
    assert sent.status_code == 200 and "1 file attached" in sent.get_data(as_text=True)
    photo = session.query(Evidence).filter_by(aftersales_id=shop.soon.id).one()
    assert browser.get(f"/admin/evidence/file/{photo.id}").data == PNG
    paid = browser.get(f"/admin/platform_aftersales/details/?id={shop.paid.id}") \
        .get_data(as_text=True)
    token = re.search(r'class="claim-form.*?name="token" value="([^"]+)"', paid, re.S).group(1)
    browser.post(f"/admin/platform_aftersales/claim/{shop.paid.id}", data={
        "token": token, "kind": "dispute", "reason": "Empty box came back",
        "claimed": "100.00"})
    claim = session.query(PlatformClaim).one()
    page = browser.get(f"/admin/platform_aftersales/details/?id={shop.paid.id}") \
        .get_data(as_text=True)
    token = re.search(r'class="form-inline decide-form.*?name="token" value="([^"]+)"', page,
                      re.S).group(1)
    browser.post(f"/admin/platform_aftersales/decide/{claim.id}", data={
        "token": token, "outcome": "won", "compensation": "100.00"})
    session.expire_all()
    assert session.get(Order, shop.paid.order_id).compensation == D("100.00")
    claims_page = browser.get("/admin/claims/?tab=won").get_data(as_text=True)
    assert claim.number in claims_page and "recovered 100.00 of 100.00" in claims_page


def test_another_organization_sees_none_of_it(client_for, shop, session, world):
    alpha, _ = world
    stranger = client_for(alpha.main)
    assert stranger.get(f"/admin/platform_aftersales/details/?id={shop.soon.id}") \
        .status_code in (302, 404)
    photo = Evidence(org_id=shop.org.id, aftersales_id=shop.soon.id, stage="request",
                     kind="photo", stored="x.png", name="x.png", content_type="image/png")
    session.add(photo)
    session.commit()
    assert stranger.get(f"/admin/evidence/file/{photo.id}").status_code == 404


def test_the_settings_page_lists_sources_and_saves_deadlines_and_holidays(client_for, shop,
                                                                           session):
    browser = client_for(shop.main)
    page = browser.get("/admin/platform-deadlines/?channel=TikTok").get_data(as_text=True)
    assert "seller-id.tokopedia.com" in page and "48 hours" in page
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    browser.post("/admin/platform-deadlines/", data={
        "token": token, "what": "deadline", "channel": "TikTok", "step": "respond",
        "country": "PH", "amount": "3", "unit": "working_days", "missed": "Auto-approved",
        "source": "Seller Center PH"})
    saved = session.query(PlatformDeadline).one()
    assert (saved.country, saved.amount, saved.unit) == ("PH", 3, "working_days")
    page = browser.get("/admin/platform-deadlines/").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    browser.post("/admin/platform-deadlines/", data={
        "token": token, "what": "holiday", "channel": "Shopee", "day": "2026-12-30",
        "name": "Rizal Day"})
    assert session.query(Holiday).one().name == "Rizal Day"
    page = browser.get("/admin/platform-deadlines/").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    bad = browser.post("/admin/platform-deadlines/", data={
        "token": token, "what": "deadline", "channel": "TikTok", "step": "respond",
        "amount": "0", "unit": "hours"}, follow_redirects=True).get_data(as_text=True)
    assert "a whole number from 1 to 365" in bad
    assert session.query(PlatformDeadline).count() == 1


def test_evidence_is_checked_by_type_content_and_size_and_nothing_is_kept(app, client_for,
                                                                          shop, session):
    browser = client_for(shop.main)

    def attach(name, data):
        page = browser.get(f"/admin/platform_aftersales/details/?id={shop.soon.id}") \
            .get_data(as_text=True)
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        return browser.post(f"/admin/evidence/{shop.soon.id}", data={
            "token": token, "evidence": [(io.BytesIO(data), name)]},
            content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)

    assert "photos (JPEG, PNG, WebP) up to 10 MB" in attach("notes.txt", b"hello")
    assert "box.png is not a real PNG file" in attach("box.png", b"GIF89a....")
    limits = app.config["EVIDENCE_MAX_BYTES"]
    app.config["EVIDENCE_MAX_BYTES"] = {"photo": 64, "video": 128}
    try:
        assert "clip.mp4 is larger than 0 MB" in attach(
            "clip.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200)
    finally:
        app.config["EVIDENCE_MAX_BYTES"] = limits
    video = b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64
    assert "1 file attached" in attach("unboxing.mp4", video)
    session.expire_all()
    assert [(e.kind, e.content_type) for e in session.query(Evidence).filter_by(
        aftersales_id=shop.soon.id)] == [("video", "video/mp4")]
    folder = Path(app.config["UPLOAD_DIR"]) / str(shop.org.id) / "evidence"
    assert len(list(folder.iterdir())) == 1  # the refused files were never written


def test_an_accepted_refund_only_request_says_the_platform_takes_the_next_step(
        client_for, shop, session):
    """After "Accept the request" on a refund-only request nothing is left for the
    seller: the page says who moves it on instead of showing an empty Confirm Refund."""
    from admin_app.rules.platforms import requests as platform_requests
    aso = request(session, shop, shipped(session, shop), request_id="RO-1",
                  kind="refund_only").aso
    session.commit()
    browser = client_for(shop.main)
    page = browser.get(f"/admin/platform_aftersales/details/?id={aso.id}").get_data(True)
    assert 'id="waits-for-platform"' not in page  # the seller answers first
    platform_requests.accept(session, shop.main, session.get(type(aso), aso.id))
    session.commit()
    page = browser.get(f"/admin/platform_aftersales/details/?id={aso.id}").get_data(True)
    assert aso.status == "confirm_refund"
    assert re.search(r'id="waits-for-platform">Nothing for you to do now: the platform takes '
                     r'the next step.*Platform status: REQUESTED\.', page)
    paid = browser.get(f"/admin/platform_aftersales/details/?id={shop.paid.id}").get_data(True)
    assert 'id="waits-for-platform"' not in paid  # ended: nothing more will come


def test_our_own_default_deadlines_say_where_to_check_in_the_readers_language(
        client_for, shop, session):
    shop.main.language = "zh_Hans"
    session.commit()
    page = client_for(shop.main).get("/admin/platform-deadlines/?channel=Shopee") \
        .get_data(as_text=True)
    assert "我们的默认值（Shopee 未公布统一时限）：请查看卖家中心 &gt; Return/Refund" in page
    assert "Our default" not in page
    assert "help.shopee.ph/portal/article/81230" in page  # a published source, as cited
