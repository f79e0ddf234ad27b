"""Big lists page by keyset: every row once, in order, forwards and backwards, and the
search finds rows through indexes on both databases."""
import re
from datetime import datetime, timedelta
from html import unescape

import pytest

from admin_app.models import Order
from admin_app.rules.sales.orders import LineInput, create_order

from ..conftest import IS_PG

NUMBER = re.compile(r'<td class="col-number[^"]*"[^>]*>([^<]+)</td>')


def numbers(page: str) -> list[str]:
    return NUMBER.findall(page)


def link(page: str, key: str):
    found = re.search(rf'data-page="{key}" href="([^"#]+)"', page)
    return unescape(found.group(1)) if found else None


@pytest.fixture
def many_orders(world, session):
    """47 orders, some sharing an order date, so the key needs the id as tie-break."""
    alpha, _ = world
    base = datetime(2026, 1, 1, 9, 0)
    for n in range(45):
        create_order(session, alpha.main, store=alpha.store, customer=alpha.customer,
                     lines=[LineInput(alpha.sku, 1)], number=f"K-{n:03d}",
                     order_date=base + timedelta(hours=n // 3))
    session.commit()
    rows = session.query(Order).filter_by(org_id=alpha.org.id).order_by(
        Order.order_date.desc(), Order.id.desc()).all()
    return alpha, [o.number for o in rows]


def walk(client, url, key):
    seen, pages = [], 0
    while url:
        page = client.get(url).get_data(as_text=True)
        seen.append(numbers(page))
        url = link(page, key)
        pages += 1
        assert pages < 20
    return seen


def test_next_walks_every_row_once_newest_first_and_previous_walks_back(many_orders,
                                                                        client_for):
    alpha, expected = many_orders
    client = client_for(alpha.main)
    forward = walk(client, "/admin/orders/?page_size=20", "next")
    assert [len(p) for p in forward] == [20, 20, 7]
    assert sum(forward, []) == expected
    # From the last page, Previous gives the same pages in reverse.
    last = link(client.get("/admin/orders/?page_size=20").get_data(as_text=True), "last")
    backward = walk(client, last, "prev")
    assert backward[0] == expected[-20:]
    assert sum(reversed(backward), [])[-20:] == expected[-20:]
    assert set(sum(backward, [])) == set(expected)


def test_the_first_and_last_pages_offer_only_the_links_that_lead_somewhere(many_orders,
                                                                          client_for):
    alpha, expected = many_orders
    client = client_for(alpha.main)
    first = client.get("/admin/orders/?page_size=20").get_data(as_text=True)
    assert link(first, "prev") is None and link(first, "first") is None
    assert link(first, "next") and link(first, "last")
    last = client.get(link(first, "last")).get_data(as_text=True)
    assert numbers(last) == expected[-20:]
    assert link(last, "next") is None and link(last, "last") is None
    assert link(last, "prev") and link(last, "first")


def test_a_sort_by_another_column_pages_by_that_column(many_orders, client_for):
    alpha, expected = many_orders
    client = client_for(alpha.main)
    page = client.get("/admin/orders/").get_data(as_text=True)
    number_sort = unescape(re.search(r'href="([^"]*sort=0[^"]*)"', page).group(1))
    seen = walk(client, number_sort + "&page_size=20", "next")
    assert sum(seen, []) == sorted(expected)


def test_a_keyed_page_keeps_the_search_and_the_filters(many_orders, client_for):
    alpha, _ = many_orders
    client = client_for(alpha.main)
    seen = walk(client, "/admin/orders/?page_size=20&search=K-0", "next")
    assert sum(seen, []) == [f"K-{n:03d}" for n in range(44, -1, -1)]


def test_a_tampered_page_link_shows_the_first_page_with_a_message(many_orders, client_for):
    alpha, expected = many_orders
    client = client_for(alpha.main)
    for bad in ("zzz", "WyJ4Il0", "W251bGwsIDFd"):
        response = client.get(f"/admin/orders/?page_size=20&after={bad}")
        page = response.get_data(as_text=True)
        assert response.status_code == 200, bad
        assert "That page link is out of date" in page, bad
        assert numbers(page) == expected[:20], bad
    # a NUL byte is refused before any page runs, with its own message
    response = client.get("/admin/orders/?page_size=20&after=%00")
    assert response.status_code == 400
    assert "cannot contain NUL characters" in response.get_data(as_text=True)


@pytest.mark.parametrize("term, found", [
    ("K-01", {f"K-01{n}" for n in range(10)}),
    ("k-04", {f"K-04{n}" for n in range(5)}),           # any case
    ("alpha buy", {"Alpha-SO1", "Alpha-SO2"} | {f"K-{n:03d}" for n in range(45)}),
    ("K-0%", set()),                                      # % is a character, not a wildcard
])
def test_search_matches_from_the_start_on_both_databases(many_orders, client_for, term,
                                                         found):
    alpha, _ = many_orders
    client = client_for(alpha.main)
    seen = walk(client, f"/admin/orders/?page_size=100&search={term}", "next")
    assert set(sum(seen, [])) == found


def test_search_finds_inside_the_text_on_both_databases(many_orders, client_for):
    alpha, _ = many_orders
    client = client_for(alpha.main)
    page = client.get("/admin/orders/?search=-044").get_data(as_text=True)
    assert numbers(page) == ["K-044"]


def test_search_never_shows_another_organizations_rows(world, client_for):
    alpha, beta = world
    client = client_for(alpha.main)
    for term in ("Zebra", "zebra-so1", "Zebra Buyer"):
        page = client.get(f"/admin/orders/?search={term}").get_data(as_text=True)
        assert "Zebra" not in page.split("<tbody>")[1].split("</tbody>")[0], term
