"""Every admin endpoint, driven from the registered views: login, organization,
permission and CSRF are enforced on the server, and a refusal changes nothing."""
import json
import re
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from admin_app.extensions import db
from admin_app.rules.core.permissions import PERMISSIONS
from admin_app.views.access import SecureView
from admin_app.views.forms import ScopedAjaxLoader
from admin_app.views.model_view import SecureModelView

from .. import builders
from ..builders import rows_by_model


def admin_views(app):
    return [v for v in app.extensions["admin"][0]._views
            if isinstance(v, (SecureModelView, SecureView))]


def rules_of(app, view):
    prefix = view.endpoint + "."
    return [r for r in app.url_map.iter_rules()
            if r.endpoint.startswith(prefix) and not r.endpoint.endswith(".static")]


ARGS = {"export_type": lambda w: "csv", "customer_id": lambda w: w.customer.id,
        "receipt_id": lambda w: w.receipt.id, "aso_id": lambda w: w.aso.id,
        "refund_id": lambda w: w.refund.id, "pid": lambda w: w.partnership.id,
        "ext": lambda w: "csv", "level_id": lambda w: w.stock_level.id,
        "doc_id": lambda w: w.stock_document.id, "kind": lambda w: "inventory_count",
        "campaign_id": lambda w: w.campaign.id, "job_id": lambda w: w.job.id,
        "token_id": lambda w: w.api_token.id,
        # the JSON API's (tests/api/ sweeps it with tokens)
        "order_id": lambda w: w.order.id, "aftersales_id": lambda w: w.aso.id,
        "event": lambda w: "complete", "change": lambda w: "pause",
        "subscription_id": lambda w: w.webhook.id, "delivery_id": lambda w: w.delivery.id,
        "record_id": lambda w: w.pushed.id, "claim_id": lambda w: w.claim.id,
        "evidence_id": lambda w: w.evidence.id, "partnership_id": lambda w: w.partnership.id,
        "step": lambda w: "terminate", "campaign_step": lambda w: "send"}


def url_of(rule, world=None):
    """The rule's URL, its arguments filled from `world` (ids of that organization)."""
    url = rule.rule
    for arg in rule.arguments:
        value = ARGS[arg](world) if world is not None else 1
        url = re.sub(rf"<(?:[^<>]*:)?{arg}>", str(value), url)
    return url


def fingerprint():
    """Every row of every table: equal before and after means nothing changed."""
    return {
        table.name: sorted(map(repr, db.session.execute(select(table)).all()))
        for table in db.metadata.sorted_tables
    }


def model_view_posts(view, row_id, actions):
    """Each write endpoint of a model view, aimed at one row."""
    ep = view.endpoint
    posts = [
        (f"/admin/{ep}/edit/?id={row_id}", {"name": "changed"}),
        (f"/admin/{ep}/delete/", {"id": str(row_id)}),
        (f"/admin/{ep}/ajax/update/", {"list_form_pk": str(row_id), "name": "changed"}),
    ]
    posts += [(f"/admin/{ep}/action/", {"action": a, "rowid": str(row_id)}) for a in actions]
    return posts


def action_names(view):
    return [name for name, _ in view._actions]


def test_every_view_is_secure_and_every_loader_scoped(app):
    views = app.extensions["admin"][0]._views
    # The dashboard is the only admin view outside the secure bases (any signed-in user).
    outside = [v.endpoint for v in views if not isinstance(v, (SecureModelView, SecureView))]
    assert outside == ["admin"]
    for view in views:
        for name, loader in getattr(view, "_form_ajax_refs", {}).items():
            assert isinstance(loader, ScopedAjaxLoader), f"{view.endpoint}: {name}"


def test_anonymous_users_are_sent_to_login_from_every_endpoint(app, world, client_for):
    client = client_for()
    count = 0
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/admin"):
            continue
        if rule.endpoint.endswith(".static"):
            continue
        before = fingerprint()
        if "GET" in rule.methods:
            response = client.get(url_of(rule, world[0]))
        else:
            response = client.post(url_of(rule, world[0]),
                                   {"id": "1", "rowid": "1", "action": "x"})
        assert response.status_code == 302, rule.rule
        assert "/login" in response.location, rule.rule
        assert fingerprint() == before, rule.rule
        count += 1
    assert count > 100


def matrix_requests(app, world):
    """Every endpoint of every admin view, and every bulk action: (key, method, url,
    form). Standard pages are aimed at a row of the view's own model."""
    rows = rows_by_model(world)
    out = []
    for view in admin_views(app):
        row = rows.get(getattr(view, "model", None))
        row_id = str(row.id) if row is not None else "1"
        for rule in rules_of(app, view):
            url = url_of(rule, world)
            url += f"?id={row_id}" if "?" not in url else ""
            form = {"id": row_id, "rowid": row_id, "list_form_pk": row_id}
            if rule.endpoint.endswith(".action_view"):
                out += [(f"{rule.endpoint}/{name}", "POST", url, {**form, "action": name})
                        for name, _ in view._actions]
            elif "GET" in rule.methods:
                out.append((rule.endpoint, "GET", url, None))
            else:
                out.append((rule.endpoint, "POST", url, form))
    return out


def test_every_endpoint_and_bulk_action_follows_the_access_table(
        app, world, client_for, session):
    """SPEC S1's permissions, for every endpoint of every view (pages, forms, details,
    edit, inline edit, delete, exports, lookups) and every bulk action: a sub-account
    holding only some permissions is refused (403) exactly where the access table
    (tests/views/access_table.py) says, and the table lists every one of them."""
    from . import access_table as table
    alpha, _ = world
    requests = matrix_requests(app, alpha)
    unlisted = sorted({key for key, *_ in requests if table.expected(key) is None})
    assert unlisted == [], "add these to tests/views/access_table.py"
    combos = {alt for key, *_ in requests for alt in table.expected(key) if len(alt) > 1}
    roles = [frozenset()] + [frozenset({p}) for p in PERMISSIONS] + sorted(combos, key=sorted)
    wrong = []
    for n, held in enumerate(roles):
        user = builders.make_user(session, alpha.org, f"matrix{n}@alpha.test",
                                  permissions=sorted(held))
        session.commit()
        client = client_for(user)
        for key, method, url, form in requests:
            response = client.get(url) if method == "GET" else client.post(url, form)
            assert response.status_code != 500, (key, sorted(held))
            refused = response.status_code == 403
            if refused == table.allows(table.expected(key), held):
                wrong.append((key, sorted(held), response.status_code))
    assert wrong == []
    assert len(requests) > 300
    # and the menu offers nothing to a role without permissions
    bare = builders.make_user(session, alpha.org, "bare@alpha.test")
    session.commit()
    page = client_for(bare).get("/admin/").get_data(as_text=True)
    assert "/admin/orders/" not in page


def test_another_organizations_rows_answer_404_and_never_show(app, world, client_for):
    alpha, beta = world
    client = client_for(alpha.main)
    beta_rows = rows_by_model(beta)
    checked_views = 0
    for view in admin_views(app):
        if not isinstance(view, SecureModelView):
            continue
        row = beta_rows[view.model]
        ep = view.endpoint
        for url in (f"/admin/{ep}/details/?id={row.id}", f"/admin/{ep}/edit/?id={row.id}"):
            response = client.get(url)
            assert response.status_code in (404, 302), url
            if response.status_code == 302:  # only where the view has no such page
                assert not (view.can_edit and "edit" in url), url
        assert client.get(f"/admin/{ep}/details/?id={row.id}").status_code == 404
        for url, data in model_view_posts(view, row.id, action_names(view)):
            before = fingerprint()
            response = client.post(url, data)
            # edit/delete of a view without them redirect; everything else is a 404
            kind = url.split("/")[3]
            expected = 404 if {"edit": view.can_edit, "delete": view.can_delete}.get(
                kind, True) else 302
            assert response.status_code == expected, url
            assert fingerprint() == before, url
        # lists, exports and lookups never carry Beta's rows
        listing = client.get(f"/admin/{ep}/").get_data(as_text=True)
        assert "Alpha" in listing and "Zebra" not in listing, ep
        for kind in view.export_types:
            export = client.get(f"/admin/{ep}/export/{kind}/")
            assert export.status_code == 200, ep
            assert b"Zebra" not in export.data, f"{ep} {kind}"
        for name in getattr(view, "_form_ajax_refs", {}):
            found = client.get(f"/admin/{ep}/ajax/lookup/?name={name}&query=Zebra")
            assert json.loads(found.data) == [], f"{ep} {name}"
            found = client.get(f"/admin/{ep}/ajax/lookup/?name={name}&query=")
            assert "Zebra" not in found.get_data(as_text=True)
        checked_views += 1
    assert checked_views >= 14
    # and no page loaded a Beta row anywhere but through the organization gate
    assert app.extensions["org_gate_violations"] == []


def test_forms_do_not_accept_another_organizations_rows(app, world, client_for):
    alpha, beta = world
    client = client_for(alpha.main)
    before = fingerprint()
    response = client.post("/admin/tier_prices/new/", {
        "level": str(beta.level.id), "sku": str(beta.sku.id), "price": "1.00"})
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert fingerprint() == before


@pytest.mark.parametrize("with_token", [False])
def test_posts_without_csrf_token_are_refused_with_400(app, world, client_for, with_token):
    alpha, _ = world
    client = client_for(alpha.main)
    rows = rows_by_model(alpha)
    checked = 0
    # the unsubscribe link is posted by mail programs (RFC 8058 one-click) without a
    # form: its signed token authorizes it, and it can only unsubscribe
    exempt = {"auth.login", "unsubscribe.page"}
    posts = [r for r in app.url_map.iter_rules() if "POST" in r.methods
             and r.endpoint not in exempt]
    for rule in posts:
        view_model = None
        for view in admin_views(app):
            if rule.endpoint.startswith(view.endpoint + "."):
                view_model = getattr(view, "model", None)
        row = rows.get(view_model)
        before = fingerprint()
        response = client.post(url_of(rule, alpha) + (f"?id={row.id}" if row else ""),
                               {"id": str(row.id) if row else "1", "action": "delete",
                                "rowid": str(row.id) if row else "1", "name": "x"},
                               csrf=with_token)
        # the API takes no cookie (so no CSRF): a signed-in browser is not let in at all
        refused = 401 if rule.endpoint.startswith("api.") else 400
        assert response.status_code == refused, rule.rule
        assert fingerprint() == before, rule.rule
        checked += 1
    assert checked >= 50


def test_custom_pages_answer_404_for_another_organizations_rows(app, world, client_for):
    alpha, beta = world
    client = client_for(alpha.main)
    checked = 0
    for view in admin_views(app):
        for rule in rules_of(app, view):
            if not set(rule.arguments) - {"export_type", "ext", "kind"}:  # not row ids
                continue
            url = url_of(rule, beta)
            before = fingerprint()
            if "GET" in rule.methods:
                assert client.get(url).status_code == 404, url
            if "POST" in rule.methods:
                response = client.post(url, {"amount": "1.00", "scope": "all",
                                             "step": "confirm", "reason": "x"})
                assert response.status_code == 404, url
            assert fingerprint() == before, url
            if "GET" in rule.methods:
                assert client.get(url_of(rule, alpha)).status_code == 200, url
            checked += 1
    assert checked >= 4
    assert app.extensions["org_gate_violations"] == []


@pytest.mark.fresh_app
def test_a_row_of_another_organization_loaded_outside_the_gate_is_refused(
        app, world, client_for, session):
    """The gate's safety net: a page that loaded another organization's row without
    going through rules.core.access.may_touch answers 404 and is recorded."""
    from admin_app.models import Order
    alpha, beta = world

    @app.route("/careless/<int:order_id>")
    def careless(order_id):
        return db.session.get(Order, order_id).number  # no gate: the bug being caught

    client = client_for(alpha.main)
    assert client.get(f"/careless/{alpha.order.id}").status_code == 200
    assert app.extensions["org_gate_violations"] == []
    assert client.get(f"/careless/{beta.order.id}").status_code == 404
    assert app.extensions["org_gate_violations"] == [
        ("GET", f"/careless/{beta.order.id}?", "Order")]


@pytest.mark.fresh_app
def test_a_list_read_as_tuples_still_refuses_another_organizations_row(
        app, world, client_for, session):
    """The orders list reads its rows as tuples, past the ORM's load event: the gate's
    check still runs on every organization a row carries (the order, its customer and
    store). An order pointing at another organization's customer (a bug elsewhere)
    makes the page a 404, recorded, instead of showing that customer's name."""
    alpha, beta = world
    client = client_for(alpha.main)
    page = client.get("/admin/orders/")
    assert page.status_code == 200 and alpha.order.number in page.get_data(as_text=True)
    session.execute(db.text("UPDATE sales_order SET customer_id = :c WHERE id = :o"),
                    {"c": beta.customer.id, "o": alpha.order.id})
    session.commit()
    assert client.get("/admin/orders/").status_code == 404
    assert app.extensions["org_gate_violations"] == [("GET", "/admin/orders/?", "Customer")]


def test_fields_needing_a_second_permission_are_hidden_and_ignored_without_it(
        app, world, client_for, session):
    """Every field a view guards with its own permission, tried with each permission
    alone: without the field's permission it is not shown, and posting it changes
    nothing; with only the field's permission the form is refused."""
    from .. import builders
    alpha, _ = world
    guarded = [(v, name, perm) for v in admin_views(app)
               if isinstance(v, SecureModelView)
               for name, perm in v.field_permissions.items()]
    assert guarded, "no view guards a field"
    for view, name, perm in guarded:
        only_view = builders.make_user(session, alpha.org, f"v-{view.endpoint}-{name}@a.test",
                                       permissions=view.permissions[:1])
        only_field = builders.make_user(session, alpha.org, f"f-{view.endpoint}-{name}@a.test",
                                        permissions=(perm,))
        session.commit()
        client = client_for(only_view)
        page = client.get(f"/admin/{view.endpoint}/new/").get_data(as_text=True)
        assert f'name="{name}"' not in page, (view.endpoint, name)
        page = client.get(f"/admin/{view.endpoint}/edit/?id={rows_by_model(alpha)[view.model].id}")
        assert f'name="{name}"' not in page.get_data(as_text=True), (view.endpoint, name)
        assert client_for(only_field).get(f"/admin/{view.endpoint}/new/").status_code == 403


def test_an_opening_balance_posted_by_a_user_without_credit_receive_changes_nothing(
        app, world, client_for, session):
    from admin_app.models import Customer, LedgerEntry
    from .. import builders
    alpha, _ = world
    clerk = builders.make_user(session, alpha.org, "cs@alpha.test",
                               permissions=("customers.manage",))
    both = builders.make_user(session, alpha.org, "cs-finance@alpha.test",
                              permissions=("customers.manage", "credit.receive"))
    session.commit()
    form = {"code": "C-OPEN", "name": "Opening buyer", "credit_allowed": "y",
            "credit_order_types": ["manual"], "opening_credit": "5000.00",
            "opening_balance": "9000.00"}
    assert client_for(clerk).post("/admin/customers/new/", form).status_code == 302
    created = session.query(Customer).filter_by(code="C-OPEN").one()
    assert (created.opening_balance, created.total_balance, created.total_credit) == (
        None, 0, 0)
    assert session.query(LedgerEntry).filter_by(customer_id=created.id).count() == 0
    edit = client_for(clerk).post(f"/admin/customers/edit/?id={created.id}",
                                  {**form, "code": "C-OPEN"})
    assert edit.status_code == 302
    session.expire_all()
    assert session.get(Customer, created.id).total_balance == 0
    client_for(both).post(f"/admin/customers/edit/?id={created.id}", form)
    session.expire_all()
    assert (session.get(Customer, created.id).total_balance,
            session.get(Customer, created.id).total_credit) == (D("9000.00"), D("5000.00"))
