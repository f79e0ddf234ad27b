"""Bad input on every create and edit form: a form error, no 500, nothing written.

The fields and their kinds are read from the registered views' forms, so a new view
or field is covered without editing this test; only a valid payload is written here.
"""
import re
import secrets

from flask_admin.contrib.sqla.fields import QuerySelectField, QuerySelectMultipleField
from flask_admin.form.fields import Select2Field
from flask_admin.model.fields import AjaxSelectField, InlineFieldList
from wtforms import fields as wtf

from admin_app.views.model_view import SecureModelView

from .. import builders
from .test_access_matrix import fingerprint


def valid_payloads(alpha, spare_sku):
    """One valid create form per view; editing reuses it on the world's row."""
    return {
        "orders": {"store": alpha.store.id, "customer": alpha.customer.id,
                   "order_type": "manual", "payment_method": "prepaid",
                   "order_date": "2026-11-20 10:00:00", "order_number": "NEW-1",
                   "note": "ok", "lines-0-sku": alpha.sku.id, "lines-0-quantity": "1",
                   "lines-0-unit_price": "3.00"},
        "customers": {"code": "C-NEW", "name": "New buyer", "phone": "123",
                      "email": "b@x.test", "level": alpha.level.id},
        "labels": {"name": "Fresh"},
        "customer_levels": {"name": "Platinum"},
        "tier_prices": {"level": alpha.level.id, "sku": spare_sku.id, "price": "9.99"},
        "skus": {"code": "NEW-SKU", "name": "New", "wholesale_price": "5.00",
                 "cost_price": "2.00"},
        "combo_components": {"combo": alpha.combo.id, "component": spare_sku.id,
                             "quantity": "2"},
        "stores": {"name": "New shop", "channel": "Lazada"},
        "warehouses": {"name": "New depot", "kind": "own"},
        "users": {"email": "new@alpha.test", "name": "New", "active": "y",
                  "new_password": "long enough secret"},
        "roles": {"name": "New role", "permissions": "orders.manage"},
        "return_reasons": {"name": "Too small"},
        "aftersales": {"return_tracking_no": "TRACK-9", "note": "called the buyer"},
        "campaigns": {"name": "Spring", "subject": "Hi {name}", "body_text": "Dear {name}",
                      "level": alpha.level.id, "label": alpha.label.id, "min_spent": "10.00",
                      "starts_on": "2026-11-01", "ends_on": "2026-11-30"},
    }


def bad_values(field):
    """Values this field must refuse, by kind."""
    values = []
    if field.flags.required:
        values.append("")
    if isinstance(field, (wtf.IntegerField, wtf.DecimalField)):
        values += ["abc", "-1", "1" + "0" * 25, "NaN", "Infinity", "1e999"]
    elif isinstance(field, (QuerySelectField, AjaxSelectField)):
        values += ["999999", "abc", "-1"]
    elif isinstance(field, (QuerySelectMultipleField,)):
        values += [["999999"]]
    elif isinstance(field, (wtf.SelectMultipleField,)):
        values += [["bogus"]]
    elif isinstance(field, (Select2Field, wtf.SelectField)):
        values += ["bogus"]
    elif isinstance(field, (wtf.DateTimeField, wtf.DateField)):
        values += ["not a date", "2026-13-45 99:99:99"]
    elif isinstance(field, (wtf.StringField, wtf.PasswordField)):
        limit = next((v.max for v in field.validators if getattr(v, "max", -1) > 0), 300)
        values += ["x" * (limit + 1)]
        if "email" in field.name:
            values += ["not-an-email", "someone@", "a@@b.test"]
    return values


def messages(page: str) -> list[str]:
    """What the page tells the user: its alerts and its fields' errors."""
    found = re.findall(r'<div class="(?:alert[^"]*|invalid-feedback)"[^>]*>(.*?)</div>', page,
                       re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>|&times;", "", m)).strip() for m in found]


def create_fields(app, view):
    with app.test_request_context():
        form = view._create_form_class()
        return [(f.name, f) for f in form if f.name != "csrf_token"
                and not isinstance(f, (InlineFieldList, wtf.BooleanField))]


LINE_BAD = {"lines-0-quantity": ["0", "-5", "abc", "100001", ""],
            "lines-0-unit_price": ["-1", "abc", "1e30"],
            "lines-0-sku": ["999999", "", "abc"]}


def test_bad_input_on_every_create_form_is_refused_and_writes_nothing(app, world,
                                                                      client_for, session):
    alpha, beta = world
    spare = builders.make_sku(session, alpha.org, "SPARE")
    session.commit()
    client = client_for(alpha.main)
    payloads = valid_payloads(alpha, spare)
    views = [v for v in app.extensions["admin"][0]._views
             if isinstance(v, SecureModelView) and v.can_create]
    assert {v.endpoint for v in views} <= set(payloads), "give new views a valid payload"
    tried = 0
    for view in views:
        url = f"/admin/{view.endpoint}/new/"
        valid = {k: str(v) for k, v in payloads[view.endpoint].items()}
        mutations = [(name, value) for name, field in create_fields(app, view)
                     for value in bad_values(field)]
        mutations += [(name, value) for name, values in LINE_BAD.items()
                      if name in valid for value in values]
        assert mutations, view.endpoint
        for name, value in mutations:
            before = fingerprint()
            response = client.post(url, {**valid, name: value})
            text = response.get_data(as_text=True)
            assert response.status_code == 200, (url, name, value)
            assert "invalid-feedback" in text or "alert-danger" in text, (url, name, value)
            said = [m for m in messages(text) if m]
            assert len(said) == len(set(said)), (url, name, value, said)  # each once
            assert fingerprint() == before, (url, name, value)
            tried += 1
        # the valid payload itself is accepted, so the refusals above mean something
        assert client.post(url, {**valid, "token": secrets.token_urlsafe(24)}) \
            .status_code == 302, url
    assert tried > 80


def test_bad_input_on_edit_forms_changes_nothing(app, world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    rows = builders.rows_by_model(alpha)
    payloads = valid_payloads(alpha, alpha.part)
    tried = 0
    for view in app.extensions["admin"][0]._views:
        if not isinstance(view, SecureModelView) or not view.can_edit:
            continue
        row = rows[view.model]
        with app.test_request_context():
            names = {f.name: f for f in view._edit_form_class()}
        valid = {k: str(v) for k, v in payloads[view.endpoint].items() if k in names}
        for name, field in names.items():
            if name == "csrf_token" or isinstance(field, (InlineFieldList, wtf.BooleanField)):
                continue
            for value in bad_values(field):
                before = fingerprint()
                response = client.post(f"/admin/{view.endpoint}/edit/?id={row.id}",
                                       {**valid, name: value})
                assert response.status_code == 200, (view.endpoint, name, value)
                assert fingerprint() == before, (view.endpoint, name, value)
                tried += 1
    assert tried > 50
