"""Nothing is lost or orphaned: a record in use is not deleted (one at a time or in
bulk, on SQLite as on PostgreSQL); it can be deactivated, which hides it from pickers
and keeps it on its history."""
import json

import pytest
from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError

from admin_app.models import Customer, Label, Sku, Store, Warehouse
from admin_app.rules.core import usage
from admin_app.views.model_view import SecureModelView

from .. import builders
from ..conftest import token_of
from .test_access_matrix import admin_views, fingerprint

MUST_BE_IN_USE = {"customers", "skus", "stores", "warehouses", "customer_levels", "roles",
                  "return_reasons", "labels"}


def deletable(app):
    return [v for v in admin_views(app) if isinstance(v, SecureModelView) and v.can_delete]


def test_a_record_in_use_is_not_deleted_and_the_message_says_what_uses_it(
        app, world, client_for, session):
    alpha, _ = world
    client = client_for(alpha.main)
    rows = builders.rows_by_model(alpha)
    refused = set()
    for view in deletable(app):
        row_id = rows[view.model].id
        uses = usage.uses_of(session, rows[view.model])
        before = fingerprint()
        page = client.post(f"/admin/{view.endpoint}/delete/", {"id": str(row_id)},
                           follow_redirects=True).get_data(as_text=True)
        if uses:
            assert "cannot be deleted" in page, view.endpoint  # (the main account: ever)
            assert fingerprint() == before, view.endpoint
            refused.add(view.endpoint)
        else:
            assert session.get(view.model, row_id) is None, view.endpoint
    assert MUST_BE_IN_USE <= refused


def test_the_message_names_the_records_that_use_it(world, client_for):
    alpha, _ = world
    page = client_for(alpha.main).post("/admin/customers/delete/",
                                       {"id": str(alpha.customer.id)},
                                       follow_redirects=True).get_data(as_text=True)
    assert "2 orders" in page and "4 ledger entries" in page and "Deactivate it" in page


def test_an_unused_record_is_deleted_with_what_belongs_to_it(world, client_for, session):
    alpha, _ = world
    lonely = builders.make_sku(session, alpha.org, "LONELY", combo_of=[(alpha.part, 3)])
    session.commit()
    lonely_id = lonely.id
    response = client_for(alpha.main).post("/admin/skus/delete/", {"id": str(lonely_id)})
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Sku, lonely_id) is None  # and its combo line went with it


def test_bulk_delete_is_all_or_nothing_with_one_message(world, client_for, session):
    alpha, _ = world
    spare = Label(org_id=alpha.org.id, name="Spare")
    session.add(spare)
    session.commit()
    spare_id, used_id = spare.id, alpha.label.id
    client = client_for(alpha.main)
    before = fingerprint()
    page = client.act("/admin/labels/action/", [
        ("action", "delete"), ("rowid", str(spare_id)), ("rowid", str(used_id))],
        follow_redirects=True).get_data(as_text=True)
    assert "is used by 1 customer" in page and "Nothing was changed" in page
    assert fingerprint() == before
    page = client.act("/admin/labels/action/", [("action", "delete"),
                                                 ("rowid", str(spare_id))],
                       follow_redirects=True).get_data(as_text=True)
    assert "1 record(s) deleted" in page
    session.expire_all()
    assert session.get(Label, spare_id) is None


def test_the_database_itself_refuses_to_orphan_rows(world, session):
    alpha, _ = world
    with pytest.raises(IntegrityError):  # SQLite too: foreign keys are on
        session.execute(delete(Customer).where(Customer.id == alpha.customer.id))
        session.flush()
    session.rollback()


def test_a_deactivated_record_leaves_the_pickers_but_stays_on_its_history(
        world, client_for, session):
    alpha, _ = world
    client = client_for(alpha.main)
    done = client.act("/admin/customers/action/", {"action": "deactivate",
                                                    "rowid": str(alpha.customer.id)},
                       follow_redirects=True).get_data(as_text=True)
    assert "1 record(s) deactivated" in done
    lookup = client.get("/admin/orders/ajax/lookup/?name=customer&query=Alpha")
    assert json.loads(lookup.data) == []
    token = token_of(client.get("/admin/orders/new/").get_data(as_text=True))
    page = client.post("/admin/orders/new/", {
        "token": token, "store": alpha.store.id, "customer": alpha.customer.id,
        "order_type": "manual",
        "payment_method": "prepaid", "lines-0-sku": alpha.sku.id,
        "lines-0-quantity": "1"}).get_data(as_text=True)
    assert "is deactivated" in page
    history = client.get(f"/admin/orders/details/?id={alpha.order.id}")
    assert alpha.customer.name in history.get_data(as_text=True)
    for model, row in ((Store, alpha.store), (Warehouse, alpha.warehouse)):
        usage.set_active(session, alpha.main, session.get(model, row.id), False)
    session.commit()
    create = client.get(f"/admin/aftersales/create/?order={alpha.credit_order.number}")
    assert alpha.warehouse.name not in create.get_data(as_text=True)
    assert client.act("/admin/customers/action/", {"action": "activate", "rowid": str(
        alpha.customer.id)}).status_code == 302
    session.expire_all()
    assert session.get(Customer, alpha.customer.id).active
