"""Every export of every view downloads completely when a real WSGI server serves it:
the response body is read after the view has returned and its request has ended, as
gunicorn does (the test client's context would hide a generator that needs it)."""
import csv
import http.cookiejar
import io
import re
import threading
import urllib.parse
import urllib.request

import pytest
from openpyxl import load_workbook
from werkzeug.serving import make_server

from admin_app.models import LedgerEntry
from admin_app.views.model_view import SecureModelView

from .. import builders
from .test_access_matrix import admin_views


@pytest.fixture
def served(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def signed_in(base, email):
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(f"{base}/login").read().decode()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    opener.open(f"{base}/login", urllib.parse.urlencode({
        "email": email, "password": builders.PASSWORD, "csrf_token": token}).encode())
    return opener


def rows_of(kind, body: bytes) -> list:
    if kind == "csv":
        text = body.decode()
        assert text.endswith("\r\n") or text.endswith("\n"), "cut off"
        return list(csv.reader(io.StringIO(text)))
    sheet = load_workbook(io.BytesIO(body)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_every_export_downloads_completely_from_a_real_server(app, world, served,
                                                              session):
    alpha, _ = world
    opener = signed_in(served, alpha.main.email)
    urls = [f"/admin/{v.endpoint}/export/{kind}/" for v in admin_views(app)
            if isinstance(v, SecureModelView) and v.can_export for kind in v.export_types]
    urls += [f"/admin/reconciliation/?export={kind}" for kind in ("csv", "xlsx")]
    urls += [f"/admin/reconciliation/{alpha.customer.id}/ledger?export={kind}"
             for kind in ("csv", "xlsx")]
    urls += [f"/admin/reconciliation/aging?export={kind}" for kind in ("csv", "xlsx")]
    downloaded = {}
    for url in urls:
        with opener.open(served + url) as response:
            assert response.status == 200, url
            body = response.read()
        rows = rows_of("xlsx" if "xlsx" in url else "csv", body)
        assert rows and rows[0], url  # at least the header
        assert "Zebra" not in str(rows), url
        downloaded[url] = rows
    ledger = downloaded[f"/admin/reconciliation/{alpha.customer.id}/ledger?export=csv"]
    entries = session.query(LedgerEntry).filter_by(customer_id=alpha.customer.id).count()
    assert len(ledger) == entries + 1
    orders = downloaded["/admin/orders/export/csv/"]
    assert {r[0] for r in orders[1:]} >= {alpha.order.number, alpha.credit_order.number}
    assert len(urls) >= 40
