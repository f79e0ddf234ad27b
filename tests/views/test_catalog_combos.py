"""SPEC S2: a combo SKU is made of sub-SKUs, whose stock moves for it. The catalog's
pages keep it so: a sub-SKU of a combo never becomes a combo (a combo inside a combo
moves no stock at all), and a SKU that is not a combo keeps no sub-SKUs."""
import re

import pytest

from admin_app.extensions import db
from admin_app.models import ComboComponent, Sku
from admin_app.rules.stock import movements
from tests import builders


@pytest.fixture
def w(session):
    w = builders.make_world(session, "Combo Shop", "Cmb")
    session.commit()
    return w


def _form(client, url):
    page = client.get(url).get_data(True)
    return dict(re.findall(r'<input[^>]*name="(csrf_token|token)"[^>]*value="([^"]*)"', page))


def _edit_sku(client, sku, **changes):
    url = f"/admin/skus/edit/?id={sku.id}"
    data = {**_form(client, url), "code": sku.code, "name": sku.name,
            "wholesale_price": "5.00", "cost_price": "1.00", "active": "y", **changes}
    return client.post(url, data=data, follow_redirects=True).get_data(True)


def test_a_sub_sku_of_a_combo_is_not_made_a_combo(w, client_for, session):
    client = client_for(w.main)
    leaf = builders.make_sku(session, w.org, "Cmb-LEAF", "1.00")
    session.commit()
    page = _edit_sku(client, w.part, is_combo="y")
    assert f"{w.part.code} is a sub-SKU of combo {w.combo.code}" in page
    db.session.expire_all()
    assert not db.session.get(Sku, w.part.id).is_combo
    # nor given sub-SKUs of its own through the components page
    client.post("/admin/combo_components/new/", data={
        **_form(client, "/admin/combo_components/new/"), "combo": str(w.part.id),
        "component": str(leaf.id), "quantity": "1"})
    assert db.session.query(ComboComponent).filter_by(combo_id=w.part.id).count() == 0
    # the combo still moves its sub-SKUs' stock
    movements.move_stock(db.session, w.main, db.session.get(Sku, w.combo.id), w.warehouse,
                         "qualified", 1, "count")


def test_a_combo_with_sub_skus_is_not_unticked(w, client_for):
    client = client_for(w.main)
    page = _edit_sku(client, w.combo, wholesale_price="30.00")  # no is_combo: unticked
    assert "only a combo SKU has sub-SKUs" in page
    db.session.expire_all()
    assert db.session.get(Sku, w.combo.id).is_combo
    assert db.session.query(ComboComponent).filter_by(combo_id=w.combo.id).count() > 0
