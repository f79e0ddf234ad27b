"""A list page's links are filled into a URL built once per request (views/row_urls.py):
they must read back exactly as url_for's do, whatever the values."""
from urllib.parse import parse_qsl, urlsplit

import pytest
from flask import url_for
from hypothesis import given, settings, strategies as st

from admin_app.views.row_urls import list_url, row_url

TRICKY = ["a b", "a/b", "a&b=c", "#x", "100%", "Nguyễn Văn A", "王小明", "zq0zq", "7919000000000",
          "", "0", "-1", "?", "+", "a+b", "ก"]


def _read(url):
    parts = urlsplit(url)
    return parts.path, parse_qsl(parts.query, keep_blank_values=True)


@pytest.mark.parametrize("search", TRICKY)
def test_a_list_link_reads_back_as_url_fors(app, search):
    with app.test_request_context("/admin/orders/"):
        for values in ({"search": search}, {"tab": "new", "search": search, "page_size": 50},
                       {"sort": 3, "desc": 1, "flt0_2": search}):
            ours = list_url("orders.index_view", dict(values))
            assert _read(ours) == _read(url_for("orders.index_view", **values))
        # the same keys again in the request: the template is reused, the values change
        again = list_url("orders.index_view", {"search": search + "x"})
        assert _read(again) == _read(url_for("orders.index_view", search=search + "x"))


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["search", "tab", "sort", "flt1_5"]),
                       st.one_of(st.text(max_size=12), st.integers(0, 10**12), st.none()),
                       max_size=4))
def test_any_values_read_back_as_url_fors(_shared_app, values):
    with _shared_app.test_request_context("/admin/orders/"):
        ours = list_url("orders.index_view", dict(values))
        assert _read(ours) == _read(url_for("orders.index_view", **values))


def test_a_row_link_reads_back_as_url_fors(app):
    with app.test_request_context("/admin/orders/"):
        for number in TRICKY[:-1] + ["SO-000123"]:
            if not number:
                continue
            ours = row_url("service_repair.start", order=number)
            assert _read(ours) == _read(url_for("service_repair.start", order=number))
