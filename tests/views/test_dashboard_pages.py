"""The dashboards take a date range and a store; bad values are said, never a 500."""
import json
import re

import pytest

from tests import builders


@pytest.mark.parametrize("board", ["/admin/", "/admin/boards/credit", "/admin/boards/aftersales"])
def test_each_board_draws_for_a_chosen_period_and_store(world, client_for, board):
    alpha, _ = world
    client = client_for(alpha.main)
    response = client.get(f"{board}?start=2026-11-01&end=2026-11-30&store={alpha.store.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="2026-11-01"' in page and f'value="{alpha.store.id}" selected' in page
    assert "plotly" in page


@pytest.mark.parametrize("query, message", [
    ("start=yesterday", "Dates: enter them as YYYY-MM-DD"),
    ("start=2026-11-30&end=2026-11-01", "the start must be before the end"),
    ("start=2020-01-01&end=2026-11-01", "at most 366 days apart"),
    ("store=999999", "Store: choose one of your stores."),
])
def test_bad_dashboard_input_is_explained_and_the_default_shown(world, client_for, query,
                                                                message):
    alpha, _ = world
    response = client_for(alpha.main).get(f"/admin/boards/aftersales?{query}")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_another_organizations_store_is_refused(world, client_for):
    alpha, beta = world
    page = client_for(alpha.main).get(f"/admin/boards/credit?store={beta.store.id}").get_data(
        as_text=True)
    assert "Store: choose one of your stores." in page and "Zebra Shop" not in page


def test_users_without_reports_see_no_figures(world, client_for, session):
    from .. import builders
    alpha, _ = world
    clerk = builders.make_user(session, alpha.org, "clerk@alpha.test", ["orders.manage"])
    session.commit()
    client = client_for(clerk)
    for board in ("/admin/", "/admin/boards/credit", "/admin/boards/aftersales"):
        page = client.get(board).get_data(as_text=True)
        assert "Welcome" in page and "dash-total-credit" not in page, board


def test_the_chart_library_is_the_small_bundle_gzipped_and_cached(app, client_for, world):
    """Issue 21 item 13: plotly.js's basic bundle (1.2 MB, 395 KB gzipped) instead of
    the full 4.8 MB, the version plotly.py ships, cached for a year."""
    import gzip
    import re as re_
    from pathlib import Path

    import plotly

    from admin_app import PLOTLY_VERSION
    shipped = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()[:80]
    assert f"v{PLOTLY_VERSION}" in shipped  # upgrading plotly.py means a new bundle here
    alpha, _ = world
    client = client_for(alpha.main)
    page = client.get("/admin/").get_data(as_text=True)
    url = re_.search(r'src="(/vendor/plotly-[^"]+)"', page).group(1)
    zipped = client.get(url, headers={"Accept-Encoding": "gzip, deflate"})
    assert zipped.headers["Content-Encoding"] == "gzip" and len(zipped.data) < 400_000
    assert "immutable" in zipped.headers["Cache-Control"]
    assert gzip.decompress(zipped.data).startswith(b"/**\n* plotly.js (basic")
    plain = client.get(url)
    assert "Content-Encoding" not in plain.headers and len(plain.data) < 1_250_000


def figures(page: str) -> list[dict]:
    import html
    import json
    import re as re_
    # each chart: its heading (the page's text, wrapping on a phone), then its figure
    found = re_.findall(r'<h6 class="chart-title">([^<]*)</h6><div class="chart" '
                        r'data-figure="([^"]+)"', page)
    assert len(found) == page.count('class="chart"'), "a chart without its heading"
    return [{"title": html.unescape(title), **json.loads(html.unescape(figure))}
            for title, figure in found]


def test_every_chart_says_its_period_and_keeps_its_legend_clear_of_the_title(
        world, client_for, session):
    """Issue 21 item 12: legends under the plot, type x status stacked and readable,
    weeks as dates, credit against its limit as text, every figure's period named."""
    from datetime import timedelta
    from admin_app.rules.aftersales import refund_orders
    alpha, _ = world
    refund_orders.confirm(session, alpha.main, alpha.refund)  # a refund in this week
    session.commit()
    client = client_for(alpha.main)
    start = builders.local_today() - timedelta(days=29)
    for board in ("/admin/", "/admin/boards/credit", "/admin/boards/aftersales"):
        page = client.get(board).get_data(as_text=True)
        for figure in figures(page):
            layout = figure["layout"]
            title = figure["title"]
            assert "title" not in layout, title  # not drawn inside the plot
            assert layout["legend"]["y"] < 0, title  # under the plot
            assert f"{start.day} {start:%b %Y}" in title or "today" in title, title
    overview = client.get("/admin/").get_data(as_text=True)
    assert "the Orders list's tabs count all time" in overview
    board = figures(client.get("/admin/boards/aftersales").get_data(as_text=True))
    by_type = next(f for f in board if "by status and type" in f["title"])
    assert by_type["layout"]["barmode"] == "stack"
    assert {t["orientation"] for t in by_type["data"]} == {"h"}
    refunds = next(f for f in board if "Refunds" in f["title"])
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} – \d{1,2} [A-Z][a-z]{2}", x)
               for t in refunds["data"] for x in t["x"])
    assert "PHP" in refunds["title"]
    since = builders.local_today().replace(day=1) - timedelta(days=62)  # the world's orders
    board = figures(client.get(f"/admin/boards/aftersales?start={since}&end="
                               f"{builders.local_today()}").get_data(as_text=True))
    rates = next(f for f in board if "Return rate by channel" in f["title"])
    assert "after-sales orders created ÷ orders dated" in rates["title"]
    shown = dict(zip(rates["data"][0]["x"], rates["data"][0]["text"]))
    assert re.fullmatch(r"1 after-sales orders, \d+ orders", shown["Shopee"]), shown
    skus = next(f for f in board if "Return rate by SKU" in f["title"])
    assert skus["data"][0]["text"] and all(
        re.fullmatch(r"\d+ returned, \d+ sold", n) for n in skus["data"][0]["text"])
    credit = figures(client.get("/admin/boards/credit").get_data(as_text=True))
    top = next(f for f in credit if "Top customers" in f["title"])
    assert all(re.fullmatch(r"no limit|\d+% of [\d,]+ limit", n) for n in top["data"][0]["text"])


def test_the_charts_axes_read_in_the_reader_s_language(world, client_for, session):
    """The aging chart's columns were English on a Thai dashboard ("Not yet due",
    "Opening credit")."""
    alpha, _ = world
    alpha.main.language = "th"
    session.commit()
    page = client_for(alpha.main).get("/admin/boards/credit").get_data(True)
    assert "Not yet due" not in page and "Opening credit" not in page
    assert json.dumps("ยังไม่ครบกำหนด")[1:-1] in page  # in the chart's data


def test_the_credit_board_follows_the_chosen_store(world, client_for, session):
    """S8: "for a chosen date range and store: total credit and due amount, aging
    buckets, top customers by credit ...". With a store chosen, the cards, the aging,
    the top customers and the payments are what that store's orders owe and were paid;
    opening credit belongs to no store. All stores together: every customer's credit."""
    from datetime import datetime, timedelta
    from decimal import Decimal
    from admin_app.models import Customer, Order, Store
    from admin_app.rules.credit import payments, terms
    from admin_app.rules.sales.orders import LineInput, create_order
    alpha, _ = world
    kiosk = Store(org_id=alpha.org.id, name="Alpha Kiosk", channel="Offline")
    session.add(kiosk)
    session.flush()
    buyer = session.get(Customer, alpha.customer.id)
    terms.save_settings(session, alpha.main, buyer, credit_allowed=True,
                        order_types=["manual", "messenger"], account_period_days=7,
                        credit_limit=None, opening_credit=Decimal("25.00"),
                        opening_balance=None)
    long_ago = datetime.combine(builders.local_today() - timedelta(days=40),
                                datetime.min.time())
    kiosk_order = create_order(session, alpha.main, store=kiosk, customer=buyer,
                               lines=[LineInput(alpha.sku, 1, Decimal("80.00"))],
                               order_date=long_ago,  # on credit, due 33 days ago
                               payment=terms.Payment(received=Decimal("0"), paid_with="cash"))
    session.commit()

    def owed(store_id):
        return sum((o.unsettled for o in session.query(Order).filter_by(
            org_id=alpha.org.id, store_id=store_id)), Decimal("0"))

    def cards(query=""):
        page = client_for(alpha.main).get(f"/admin/boards/credit{query}").get_data(True)
        total = re.search(r'id="dash-total-credit">([^<]+)<', page).group(1)
        due = re.search(r'id="dash-due">([^<]+)<', page).group(1)
        return total, due, figures(page)

    shop_owes = owed(alpha.store.id)
    assert owed(kiosk.id) == Decimal("80.00") and shop_owes > 0
    total, due, _ = cards()
    assert total == f"{shop_owes + Decimal('105.00'):,.2f}"  # + kiosk 80 + opening 25
    total, due, charts = cards(f"?store={kiosk.id}")
    assert (total, due) == ("80.00", "80.00")
    aging = next(f for f in charts if "days past due" in f["title"])
    assert dict(zip(aging["data"][0]["x"], aging["data"][0]["y"]))["31-60"] == 80
    assert sum(aging["data"][0]["y"]) == 80  # no opening credit in a store's figures
    top = next(f for f in charts if "Top customers" in f["title"])
    assert top["data"][0]["y"] == ["Alpha Buyer (Alpha-C1)"] and top["data"][0]["x"] == [80]
    buyer.credit_limit = Decimal("1000.00")
    session.commit()  # the limit is used by all the customer owes, not the store's part
    top = next(f for f in cards(f"?store={kiosk.id}")[2] if "Top customers" in f["title"])
    assert top["data"][0]["text"] == [f"owes {buyer.total_credit:,.2f} in all: "
                                      f"{round(100 * buyer.total_credit / 1000)}% of "
                                      "1,000.00 limit"]
    assert buyer.total_credit > 80
    payments.receive(session, alpha.main, buyer.id, Decimal("200.00"), None,
                     note="settles all")
    session.commit()
    total, due, charts = cards(f"?store={kiosk.id}")
    assert (total, due) == ("0.00", "0.00")
    paid = next(f for f in charts if "Payments received" in f["title"])
    assert sum(paid["data"][0]["y"]) == 80  # what the payment settled of the kiosk's order
    total, _, charts = cards()
    paid = next(f for f in charts if "Payments received" in f["title"])
    assert total == "0.00" and sum(paid["data"][0]["y"]) >= 200
