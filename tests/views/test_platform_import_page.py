"""The Import platform requests page: its check names every problem of a row (the
warehouse and the evidence links included) and its preview shows every column read."""
import io

from admin_app.rules.platforms import importing
from tests.rules.platforms.helpers import make_platform_shop, shipped


def _check(browser, *rows):
    data = ("\n".join([",".join(importing.COLUMNS), *rows]) + "\n").encode()
    return browser.post("/admin/import-platform-requests/",
                        data={"file": (io.BytesIO(data), "shopee.csv")},
                        content_type="multipart/form-data").get_data(as_text=True)


def test_the_preview_shows_the_warehouse_reason_and_time_and_the_check_names_bad_ones(
        client_for, session):
    shop = make_platform_shop(session)
    order = shipped(session, shop, qty=2)
    session.commit()
    browser = client_for(shop.main)
    good = _check(browser, f"Shopee shop,RR-7,{order.number},return_refund,REQUESTED,50.00,"
                           "BOOK,1,Returns,Torn cover,https://x.test/a.jpg,2026-12-01 14:30")
    assert 'id="import-ready"' in good
    preview = good.split('id="import-rows"')[1]
    for label, value in (("Warehouse", "Returns"), ("Reason", "Torn cover"),
                         ("Requested at", "2026-12-01 14:30")):
        assert f'data-label="{label}">{value}</td>' in preview, label
    bad = _check(browser, f"Shopee shop,RR-8,{order.number},return_refund,REQUESTED,50.00,"
                          "BOOK,1,Nowhere WH,,not-a-link,")
    assert 'id="import-ready"' not in bad
    assert "no warehouse &#39;Nowhere WH&#39;" in bad and "evidence links &#39;not-a-link&#39;" \
        in bad
