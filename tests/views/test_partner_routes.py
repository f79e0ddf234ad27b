"""What a partner may do on the other side's rows is the short list declared in
rules/core/access.PARTNER_ACTIONS (SPEC S6 Decision). Every write route of the app
(model forms, deletes, bulk actions and row buttons, inline updates, custom pages) is
tried on every row the other side owns, as the other side of an active and of a
terminated partnership and as a third organization: each is refused and changes
nothing, except the declared partner actions reached through a page (the distributor
confirming receipt of the supplier's bank refund)."""
import secrets
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from admin_app.extensions import db
from admin_app.models import Base
from admin_app.models import AfterSalesOrder, DistributionReturn, LedgerEntry, RefundOrder
from admin_app.rules.aftersales import orders as aftersales, refund_orders
from admin_app.rules.distribution import partnerships, pushing

from .. import builders
from ..distribution_builders import distribution_order, make_partners, returned
from .test_access_matrix import admin_views, fingerprint
from tests.refusals import refused

# URL arguments and the model whose id they take
ARG_MODELS = {"aso_id": "AfterSalesOrder", "refund_id": "RefundOrder",
              "customer_id": "Customer", "campaign_id": "Campaign", "pid": "Partnership",
              "level_id": "StockLevel", "receipt_id": "PaymentReceipt",
              "doc_id": "StockDocument"}
# custom pages (no model of their own) that name a row in their form
FORM_MODELS = {"return_stock_in.index": "AfterSalesOrder"}
# pages that start an after-sales order or a service from an order's number: a number
# not of one's own organization is "no such order" on the page itself (200)
BY_ORDER_NUMBER = (".create_aftersales", ".start")
# (endpoint, acting side) the declared partner actions allow through a page
DECLARED = {("refunds.receipt", "distributor")}
BANK = refund_orders.BankDetails("Bank", "Distributor", "123")


def partners_with_every_row(session, tag, terminate=False):
    """A distributor and supplier with a shipped distribution order, a pushed return
    stocked in by the supplier with a pending bank refund, a second one waiting for
    stock-in, and one not pushed yet."""
    w = make_partners(session, tag=tag)
    links = [distribution_order(session, w) for _ in range(3)]
    w.records = [record_of(session, returned(session, w, link)) for link in links]
    for record in w.records[:2]:
        pushing.push(session, w.d_main, record)
    theirs = w.records[0].supplier_aso
    aftersales.stock_in(session, w.s_main, theirs,
                        {ln.id: aftersales.Receipt(ln.quantity) for ln in theirs.lines})
    w.pending = refund_orders.create(session, w.s_main, theirs, 1, "bank_transfer", BANK)
    if terminate:
        partnerships.terminate(session, w.s_main, w.p, today=date.today())
    session.commit()
    return w


def record_of(session, aso):
    return session.execute(select(DistributionReturn).where(
        DistributionReturn.aftersales_id == aso.id)).scalar_one()


def owned_by(session, org_id):
    """Every row of every organization-scoped model that `org_id` owns."""
    rows = []
    for mapper in Base.registry.mappers:
        model = mapper.class_
        if "org_id" in mapper.columns:
            rows += session.execute(select(model).where(model.org_id == org_id)).scalars()
    return rows


def view_of(app, endpoint):
    return next((v for v in admin_views(app) if endpoint.startswith(v.endpoint + ".")), None)


def target_model(app, rule):
    """The model whose id the route's request names: its URL argument, else its model
    view's model, else a custom page's form field (None: it names no row)."""
    if rule.endpoint.endswith(BY_ORDER_NUMBER):
        return "Order"
    named = [ARG_MODELS[a] for a in rule.arguments if a in ARG_MODELS]
    if named:
        return named[0]
    view = view_of(app, rule.endpoint)
    model = getattr(view, "model", None)
    return model.__name__ if model is not None else FORM_MODELS.get(rule.endpoint)


def attempts(app, rule, row):
    """The requests aimed at `row` through `rule`: (url, form) pairs, or [] when the
    rule cannot name a row of that model."""
    if target_model(app, rule) != type(row).__name__ or \
            rule.endpoint.endswith(".create_view"):  # makes a row, names none
        return []
    rid = str(row.id)
    url = rule.rule.replace("<kind>", "inventory_count")
    for arg in rule.arguments:
        url = url.replace(f"<int:{arg}>", rid)
    form = {"id": rid, "ids": rid, "rowid": rid, "aso_id": rid, "list_form_pk": rid,
            "amount": "1.00", "method": "balance", "step": "confirm", "scope": "all",
            "reason": "partner probe", "name": "changed", "note": "changed",
            "return_tracking_no": "PROBE", "auto_push": "y", "fee_mode": "per_order",
            "handling_fee": "0.00", "distribution_fee": "0.00", "sku": "D-MUG",
            "supplier_sku": "S-LID", "how": "add", "kind": "return_refund", "confirmed": "1",
            "order": getattr(row, "number", "")}
    if isinstance(row, AfterSalesOrder):
        for line in row.return_lines:
            form.update({f"q_{line.id}": str(line.quantity), f"u_{line.id}": "0",
                         f"m_{line.id}": "0"})
    if rule.endpoint.endswith(".action_view"):
        names = [name for name, _ in view_of(app, rule.endpoint)._actions]
        return [(f"{url}?id={rid}", {**form, "action": name}) for name in names] + \
            [(f"{url}?id={rid}", {**form, "row_action": f"{name}:{rid}"}) for name in names]
    return [(f"{url}?id={rid}", form)]


def sweep(app, client, session, rows):
    """POST every write route at every row it can name; returns the endpoints after
    which something changed (compared once per route: the tables are read whole)."""
    changed, tried = set(), 0
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or not rule.rule.startswith("/admin"):
            continue
        aimed = [pair for row in rows for pair in attempts(app, rule, row)]
        if not aimed:
            continue
        before = fingerprint()
        refused = (302, 400, 403, 404) + \
            ((200,) if rule.endpoint.endswith(BY_ORDER_NUMBER) else ())
        for url, form in aimed:
            response = client.post(url, {**form, "token": secrets.token_urlsafe(24)})
            if 'id="confirm-action"' in response.get_data(True):  # asked: press its button
                response = client._press(response.get_data(True))
            assert response.status_code in refused, (url, form.get("action"))
        tried += len(aimed)
        if fingerprint() != before:
            changed.add(rule.endpoint)
    assert tried > 300
    return changed


@pytest.fixture
def partner_worlds(app, session):
    active = partners_with_every_row(session, "A")
    ended = partners_with_every_row(session, "T", terminate=True)
    third = builders.make_user(session, builders.make_org(session, "Third Party Co"),
                               "owner@third.test", main=True)
    session.commit()
    return active, ended, third


def test_the_distributor_writes_nothing_on_its_suppliers_books_but_confirms_receipt(
        app, session, client_for, partner_worlds):
    for w in partner_worlds[:2]:
        rows = owned_by(session, w.sup.id)
        assert any(isinstance(r, RefundOrder) for r in rows)
        changed = sweep(app, client_for(w.d_main), session, rows)
        assert changed == {e for e, side in DECLARED if side == "distributor"}
        session.expire_all()
        assert session.get(RefundOrder, w.pending.id).status == "confirmed"


def test_the_supplier_writes_nothing_on_its_distributors_books(
        app, session, client_for, partner_worlds):
    for w in partner_worlds[:2]:
        changed = sweep(app, client_for(w.s_main), session, owned_by(session, w.dist.id))
        assert changed == set()



def test_no_edit_form_opens_on_the_other_sides_rows(app, session, client_for,
                                                    partner_worlds):
    """A form to change a row is a write page: the other side's rows answer 404 there,
    as their details do, not a form filled with their values (S1)."""
    w = partner_worlds[0]
    views = [v for v in admin_views(app) if getattr(v, "can_edit", False)]
    tried = 0
    for reader, owner in ((w.d_main, w.sup.id), (w.s_main, w.dist.id)):
        browser = client_for(reader)
        for row in owned_by(session, owner):
            for view in (v for v in views if isinstance(row, v.model)):
                url = f"{view.url}/edit/?id={row.id}"
                assert browser.get(url).status_code == 404, url
                tried += 1
    assert tried > 5

def test_a_third_organization_writes_nothing_on_either_side(
        app, session, client_for, partner_worlds):
    active, _, third = partner_worlds
    rows = owned_by(session, active.sup.id) + owned_by(session, active.dist.id) + \
        [active.p]
    assert sweep(app, client_for(third), session, rows) == set()


def test_the_distributor_cannot_refund_or_reject_on_the_suppliers_books(
        app, session, client_for):
    """The audit's finding, as it was reported: reject the supplier's pending bank
    refund, open the supplier's refund form and post +50.00 to its own balance."""
    w = partners_with_every_row(session, "R")
    theirs = w.pending.aftersales
    entries = session.query(LedgerEntry).filter_by(org_id=w.sup.id).count()
    client = client_for(w.d_main)
    assert client.post(f"/admin/refunds/{w.pending.id}/reject",
                       {"reason": "not mine to reject"}).status_code == 404
    assert client.get(f"/admin/refunds/create/{theirs.id}").status_code == 404
    assert client.post(f"/admin/refunds/create/{theirs.id}", {
        "amount": "50.00", "method": "balance", "step": "confirm",
        "token": secrets.token_urlsafe(24)}).status_code == 404
    session.expire_all()
    assert session.get(RefundOrder, w.pending.id).status == "pending"
    assert session.query(LedgerEntry).filter_by(org_id=w.sup.id).count() == entries


def test_the_rules_themselves_refuse_the_other_sides_rows(session, app):
    """Checked inside the rules that write, not only at the page."""
    from admin_app.rules.core.access import NotYours
    from admin_app.rules.core.errors import RuleError
    from admin_app.rules.distribution import refunds
    w = partners_with_every_row(session, "U")
    theirs = w.pending.aftersales
    with pytest.raises(NotYours):
        refund_orders.reject(session, w.d_main, w.pending, "not mine")
    with pytest.raises(NotYours):
        refund_orders.confirm(session, w.d_main, w.pending)
    with pytest.raises(NotYours):
        refund_orders.create(session, w.d_main, theirs, 1, "balance")
    with refused("refund.distributor_who_pushed_return"):  # not the supplier
        refunds.confirm_receipt(session, w.s_main, w.pending)
    with pytest.raises(NotYours):
        aftersales.cancel(session, w.d_main, theirs)
    with pytest.raises(NotYours):
        pushing.push(session, w.s_main, w.records[2])
    from admin_app.rules.core import usage
    for row in (w.s_depot, theirs.order.customer):  # the generic delete and deactivate
        with pytest.raises(NotYours):
            usage.delete_row(session, w.d_main, row)
        with pytest.raises(NotYours):
            usage.set_active(session, w.d_main, row, False)
    session.rollback()
    refunds.confirm_receipt(session, w.d_main, w.pending)  # the declared action
    assert w.pending.status == "confirmed"


def test_a_rule_s_reach_into_the_partners_books_ends_with_the_rule(session, app):
    """A use case run in a request may load its partners' rows (cancelling a pushed
    return recalls the supplier's record); once it returns, the page is back to its own
    organization's rows: loading the supplier's rows then is refused as any other
    organization's."""
    from flask import g
    from flask_login import login_user
    from admin_app.views.access import OrgGateViolation
    w = make_partners(session)
    record = session.query(DistributionReturn).filter_by(aftersales_id=returned(
        session, w, distribution_order(session, w)).id).one()
    pushing.push(session, w.d_main, record)
    session.commit()
    mine, theirs = record.aftersales_id, record.supplier_aso_id
    assert theirs is not None
    with app.test_request_context("/admin/aftersales/"):
        login_user(w.d_main)
        g.user_org_id = w.dist.id
        db.session.expunge_all()
        with pytest.raises(OrgGateViolation):  # the page alone: not its rows
            db.session.get(AfterSalesOrder, theirs)
        aftersales.cancel(db.session, w.d_main, db.session.get(AfterSalesOrder, mine))
        db.session.expunge_all()
        with pytest.raises(OrgGateViolation):  # the rule has returned
            db.session.get(AfterSalesOrder, theirs)
        db.session.rollback()
