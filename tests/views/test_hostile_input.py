"""No input answers 500 (SPEC S9), and a refused request writes nothing.

Every route and every form field comes from the app itself: the URL map gives the
routes (their ids filled from the signed-in organization), each GET page's HTML gives
its forms and fields, each list view gives its filters, sorts and cursors. Each gets a
set of hostile values (NUL bytes, ids and numbers beyond any column, non-ASCII digits,
underscores, exponents, huge and odd text, unknown and repeated arguments). Every answer
must be below 500; a GET must commit nothing; a refused POST must commit nothing.
"""
import base64
import json
import re
import traceback
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from sqlalchemy import event

from admin_app.extensions import db
from admin_app.views.model_view import SecureModelView

from .. import builders
from .test_access_matrix import admin_views

HUGE = "9" * 30
CURSOR = base64.urlsafe_b64encode(json.dumps([int(HUGE), int(HUGE)]).encode()).decode()
TEXT_VALUES = ["a\x00b", "x" * 5000, "١٢٣", "😀\u202e", "' OR 1=1 --", HUGE]
NUMBER_VALUES = ["a\x00", HUGE, "-" + HUGE, "١٢٣", "１２", "1_000", "1e5", "NaN", " 12 ",
                 "1.234", ""]
ID_VALUES = [HUGE, "-1", "١", "1_0", "abc", "a\x00", "2147483648", ""]
# Query arguments every page gets, a group per request (each twice: repeated arguments).
QUERY_GROUPS = [
    [("x\x00y", "1"), ("search", "a\x00b"), ("q", "a\x00"), ("name", "a\x00")],
    [("page", HUGE), ("page_size", HUGE), ("sort", HUGE), ("id", HUGE), ("end", HUGE),
     ("store", HUGE), ("level", HUGE), ("query", HUGE), ("next", HUGE)],
    [("page", "-5"), ("sort", "-1"), ("desc", "١"), ("id", "١"), ("overdue", "١"),
     ("page_size", "1_0"), ("level", "٣")],
    [("after", "!!!"), ("before", "WzEsIDJd"), ("after", CURSOR)],
    [("before", CURSOR), ("last", "1"), ("start", "2026-02-30"), ("export_type", "csv")],
    [("search", "x" * 3000), ("tab", "x" * 500), ("unknown", "1"), ("url", "//evil.example"),
     ("show", "😀"), ("credit", "'--"), ("term", "<b>")],
]
# /healthz answers 503 here by design: the tests build tables without migrations, so the
# schema is not "at head" (tests/views/test_observability.py checks both answers).
SKIP_ENDPOINTS = {"auth.logout", "static", "admin.static", "plotly_js", "healthz"}
PATH_ARGS = {"export_type": lambda w: "csv", "customer_id": lambda w: w.customer.id,
             "receipt_id": lambda w: w.receipt.id, "aso_id": lambda w: w.aso.id,
             "refund_id": lambda w: w.refund.id}


class Forms(HTMLParser):
    """The forms of a page: action, method and fields (name -> default value)."""

    def __init__(self):
        super().__init__()
        self.forms, self.current, self.select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = {"action": a.get("action") or "", "method":
                            (a.get("method") or "get").lower(), "fields": {}}
            self.forms.append(self.current)
        elif self.current is not None and tag in ("input", "textarea", "select") \
                and a.get("name"):
            kind = a.get("type", tag)
            if kind in ("submit", "button", "file", "image"):
                return
            value = a.get("value") or ""
            if kind in ("checkbox", "radio") and "checked" not in a:
                value = self.current["fields"].get(a["name"], "")
            self.current["fields"][a["name"]] = value
            self.current.setdefault("kinds", {})[a["name"]] = \
                "choice" if tag == "select" or kind in ("radio", "hidden") else kind
            self.select = a["name"] if tag == "select" else None
        elif tag == "option" and self.select and self.current is not None:
            if "selected" in a or not self.current["fields"].get(self.select):
                self.current["fields"][self.select] = a.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


@pytest.fixture
def committed_writes(app):
    """How many transactions that wrote something were committed."""
    count = {"writes": 0}
    engine = db.engine

    def before(conn, cursor, statement, *args):
        if statement.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            conn.info["wrote"] = True

    def commit(conn):
        if conn.info.pop("wrote", False):
            count["writes"] += 1

    def rollback(conn):
        conn.info.pop("wrote", None)
    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "commit", commit)
    event.listen(engine, "rollback", rollback)
    yield count
    event.remove(engine, "before_cursor_execute", before)
    event.remove(engine, "commit", commit)
    event.remove(engine, "rollback", rollback)


def filled(rule, world, value=None) -> str | None:
    """The rule's URL with its arguments filled from `world` (or all set to `value`)."""
    url = rule.rule
    for arg in rule.arguments:
        if arg not in PATH_ARGS:
            return None
        fill = value if value is not None and arg != "export_type" else \
            PATH_ARGS[arg](world)
        url = re.sub(rf"<(?:\w+:)?{arg}>", str(fill), url)
    return url


def pages_with_arguments(views, world) -> list[str]:
    """Pages whose forms show only with an argument: each model view's edit and details
    page of the organization's row, and the pages that open on a document."""
    rows = builders.rows_by_model(world)
    urls = []
    for view in views.values():
        row = rows.get(getattr(view, "model", None))
        if isinstance(view, SecureModelView) and row is not None:
            urls += [f"/admin/{view.endpoint}/{page}/?id={row.id}"
                     for page, allowed in (("edit", view.can_edit), ("details", True))
                     if allowed]
            urls += [f"/admin/{view.endpoint}/ajax/lookup/?name={name}&query={value}"
                     for name in getattr(view, "_form_ajax_refs", {})
                     for value in ("a", HUGE, "١٢٣", "x" * 3000)]
    return urls + [f"/admin/orders/cancel/?id={world.credit_order.id}",
                   f"/admin/aftersales/create/?order={world.credit_order.number}",
                   f"/admin/return-stock-in/?q={world.aso.number}",
                   f"/admin/reconciliation/{world.customer.id}/ledger?before=1"]


def refused(response) -> bool:
    if getattr(response, "refused_by_flash", False):
        return True
    text = response.get_data(as_text=True)
    return response.status_code >= 400 or "alert-danger" in text or \
        "invalid-feedback" in text or "flash-error" in text


NUMBER_NAME = re.compile(r"(amount|qty|quantity|price|days|points|limit|opening|period|"
                         r"month|day|^[qum]_\d)")


def field_values(name: str, kind: str) -> list[str]:
    """Hostile values for a field: by what its name and tag say it holds."""
    if kind == "choice" or name.endswith(("id", "sku", "customer", "store", "level")):
        return ID_VALUES
    if kind == "number" or NUMBER_NAME.search(name):
        return NUMBER_VALUES
    return TEXT_VALUES


class Sweep:
    def __init__(self, client, committed):
        self.client, self.committed, self.sent, self.fields = client, committed, 0, set()
        self.failures = []

    def send(self, method, url, data=None, expect_no_write=True):
        before = self.committed["writes"]
        self.sent += 1
        try:
            if method == "get":
                response = self.client.get(url)
            else:
                # a redirect's page is a GET this sweep makes anyway: what it would say of
                # the POST is the flash waiting for it
                response = self.client.post(url, data)
                if response.status_code in (301, 302, 303, 307, 308):
                    with self.client.http.session_transaction() as kept:
                        flashes = kept.pop("_flashes", [])
                    response.refused_by_flash = any(kind == "error" for kind, _ in flashes)
        except Exception as exc:  # noqa: BLE001 - the test client re-raises what was a 500
            db.session.rollback()
            where = traceback.extract_tb(exc.__traceback__)
            frame = next((f for f in reversed(where) if "/admin_app/" in f.filename),
                         where[-1])
            self.failures.append(f"500 {method.upper()} {url} {_short(data)}: "
                                 f"{type(exc).__name__} at {frame.filename.split('/')[-1]}"
                                 f":{frame.lineno}")
            return None
        wrote = self.committed["writes"] > before
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {method.upper()} {url} "
                                 f"{_short(data)}")
        elif wrote and (method == "get" or (expect_no_write and refused(response))):
            self.failures.append(f"wrote on refusal: {method.upper()} {url} {_short(data)}")
        return response


def _short(data):
    if not data:
        return ""
    return {k: (v[:30] + "…" if isinstance(v, str) and len(v) > 30 else v)
            for k, v in data.items() if k != "csrf_token"}


def list_view_args(view) -> list[list[tuple[str, str]]]:
    """Every filter of a list page at once, a request per hostile value."""
    names = [f"flt{n}_{view.get_filter_arg(index, flt)}"
             for n, (index, flt) in enumerate(enumerate(view._filters or ()))]
    return [[(name, value) for name in names] for value in
            ("a\x00", HUGE, "١٢٣", "x" * 3000, "2026-13-45", "1e999", "-" + HUGE)] \
        if names else []


def test_no_route_or_field_answers_500_and_refusals_write_nothing(
        app, world, client_for, committed_writes):
    alpha, _ = world
    client = client_for(alpha.main)
    sweep = Sweep(client, committed_writes)
    views = {v.endpoint: v for v in admin_views(app)}
    pages, routes = [], 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIP_ENDPOINTS or rule.endpoint.endswith(".static"):
            continue
        url = filled(rule, alpha)
        if url is None:
            continue
        routes += 1
        if "GET" in rule.methods:
            page = sweep.send("get", url)
            if page is not None and page.status_code == 200 and "html" in page.content_type:
                pages.append((url, page.get_data(as_text=True)))
            view = views.get(rule.endpoint.split(".")[0])
            groups = QUERY_GROUPS + (list_view_args(view) if isinstance(
                view, SecureModelView) and rule.endpoint.endswith("index_view") else [])
            for group in groups:
                sweep.send("get", f"{url}?{urlencode(group + group)}")
        if "POST" in rule.methods and "GET" not in rule.methods:
            for value in ID_VALUES + ["a\x00b"]:
                sweep.send("post", url, {"id": value, "rowid": value, "action": value,
                                         "row_action": f"cancel:{value}",
                                         "reason": value, "url": value})
        for value in (HUGE, "2147483648"):  # ids in the path beyond any key
            huge = filled(rule, alpha, value)
            if huge != url:
                sweep.send("get" if "GET" in rule.methods else "post", huge, {})
    for url in pages_with_arguments(views, alpha):
        page = sweep.send("get", url)
        if page is not None and page.status_code == 200 and "html" in page.content_type:
            pages.append((url, page.get_data(as_text=True)))
    forms = [(page_url, form) for page_url, html in pages for form in _forms(html)]
    for page_url, form in forms:
        action = form["action"] or page_url
        if urlsplit(action).netloc:
            continue
        for name, default in form["fields"].items():
            if name == "csrf_token":
                continue
            sweep.fields.add((action.split("?")[0], name))
            for value in field_values(name, form.get("kinds", {}).get(name, "")):
                data = {**form["fields"], name: value}
                if form["method"] == "post":
                    sweep.send("post", action, data)
                else:
                    query = dict(parse_qsl(urlsplit(action).query))
                    sweep.send("get", f"{action.split('?')[0]}?"
                               f"{urlencode({**query, **data})}")
    print(f"hostile input: {routes} routes, {len(forms)} forms, {len(sweep.fields)} "
          f"fields, {sweep.sent} requests")
    by_place = {}
    for failure in sweep.failures:
        by_place.setdefault(failure.rsplit(": ", 1)[-1], failure)
    assert sweep.failures == [], "\n".join(
        [f"{len(sweep.failures)} failures; one per place:", *sorted(by_place.values())])
    assert routes > 150 and len(sweep.fields) > 100


def _forms(html):
    parser = Forms()
    parser.feed(html)
    return parser.forms


@pytest.mark.parametrize("typed", ["١٢٣", "１２３", "1_000", "1e3", " 12 3"])
def test_digits_a_person_would_not_type_are_not_amounts_or_quantities(
        app, world, client_for, committed_writes, typed):
    """Python reads "١٢٣" as 123 and "1_000" as 1000; the forms do not."""
    from ..conftest import token_of
    alpha, _ = world
    client = client_for(alpha.main)
    receive = f"/admin/reconciliation/{alpha.customer.id}/receive"
    forms = [
        (receive, {"token": token_of(client.get(receive).get_data(as_text=True)),
                   "amount": typed, "scope": "all", "step": "confirm"}),
        ("/admin/stock_adjust/", {"sku_code": alpha.sku.code, "quality": "qualified",
                                  "warehouse": str(alpha.warehouse.id), "quantity": typed,
                                  "reason": "count"}),
        (f"/admin/aftersales/create/?order={alpha.order.number}",
         {"kind": "return_refund", "warehouse": str(alpha.warehouse.id),
          f"ret_{alpha.line.id}_qty": typed}),
        ("/admin/orders/new/", {"store": alpha.store.id, "customer": alpha.customer.id,
                                "order_type": "manual", "payment_method": "prepaid",
                                "lines-0-sku": alpha.sku.id, "lines-0-quantity": "1",
                                "lines-0-unit_price": typed}),
    ]
    for url, form in forms:
        before = committed_writes["writes"]
        page = client.post(url, form, follow_redirects=True)
        text = page.get_data(as_text=True)
        assert page.status_code == 200, url
        assert "is not" in text or "whole number" in text or "amount" in text, url
        assert refused(page), url
        assert committed_writes["writes"] == before, url
