from datetime import timedelta
from decimal import Decimal

from admin_app.extensions import db
from admin_app.models import Order

from .. import builders


def reload(order):
    db.session.expire_all()
    return db.session.get(Order, order.id)


def test_a_row_button_moves_one_order_and_the_list_shows_it(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    page = client.get("/admin/orders/").get_data(as_text=True)
    button = f'name="row_action" value="to_pickup:{alpha.order.id}"'
    assert button in page and f'value="ship:{alpha.order.id}"' not in page
    # The row's button submits the page's shared form: its CSRF token and return URL.
    response = client.act("/admin/orders/action/", {
        "row_action": f"to_pickup:{alpha.order.id}", "url": "/admin/orders/"})
    assert response.status_code == 302
    assert reload(alpha.order).status == "to_pickup"
    page = client.get("/admin/orders/").get_data(as_text=True)
    assert "To Pickup" in page and "Mark To Pickup: done for 1 order(s)" in page


def test_a_refused_bulk_action_changes_none_of_the_orders(world, client_for, session):
    alpha, _ = world
    from admin_app.rules.sales.orders import LineInput, create_order
    second = create_order(session, alpha.main, store=alpha.store, customer=alpha.customer,
                          lines=[LineInput(alpha.sku, 1)], order_type="messenger")
    session.commit()
    client = client_for(alpha.main)
    response = client.act("/admin/orders/action/", [
        ("action", "to_pickup"), ("rowid", str(alpha.order.id)), ("rowid", str(second.id))],
        follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Pending (Waiting to Approve)" in text and "Nothing was changed" in text
    assert reload(alpha.order).status == "new"
    assert reload(second).status == "pending"


def test_creating_an_order_from_the_form_prices_lines_and_numbers_it(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    response = client.post("/admin/orders/new/", {
        "store": str(alpha.store.id), "customer": str(alpha.customer.id),
        "order_type": "manual", "payment_method": "prepaid",
        "order_date": "2026-11-20 09:30:00", "number": "",
        "lines-0-sku": str(alpha.sku.id), "lines-0-quantity": "3", "lines-0-unit_price": "",
        "lines-1-sku": str(alpha.part.id), "lines-1-quantity": "2",
        "lines-1-unit_price": "4.50", "token": "a-fresh-one-time-token",
    })
    assert response.status_code == 302, response.get_data(as_text=True)
    order = db.session.query(Order).filter(
        Order.id.not_in([alpha.order.id, alpha.credit_order.id]),
        Order.org_id == alpha.org.id).one()
    # the customer is Gold: 20.00 for SKU1 (tier price), 4.50 typed for the part
    assert order.total == Decimal("69.00")
    assert order.status == "new" and order.number.startswith("SO261120")
    assert response.headers["Location"].endswith(f"/admin/orders/details/?id={order.id}")
    assert order.number in client.get(response.headers["Location"]).get_data(True)


def test_an_order_without_lines_is_refused_with_a_message(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    response = client.post("/admin/orders/new/", {
        "store": str(alpha.store.id), "customer": str(alpha.customer.id),
        "order_type": "manual", "payment_method": "cod",
        "order_date": "2026-11-20 09:30:00", "token": "a-fresh-one-time-token"})
    assert response.status_code == 200
    assert "Lines: add at least one SKU." in response.get_data(as_text=True)
    assert db.session.query(Order).filter_by(org_id=alpha.org.id).count() == 2


def test_an_order_dated_after_the_shop_s_today_is_refused_and_today_s_last_minute_is_not(
        world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    today = builders.local_today()  # the organization's date, not the server's
    form = {"store": str(alpha.store.id), "customer": str(alpha.customer.id),
            "order_type": "manual", "payment_method": "prepaid", "number": "",
            "lines-0-sku": str(alpha.sku.id), "lines-0-quantity": "1"}
    tomorrow = today + timedelta(days=1)
    response = client.post("/admin/orders/new/", {
        **form, "order_date": f"{tomorrow} 00:00:00", "token": "a-fresh-one-time-token"})
    assert response.status_code == 200
    assert f"Order date: {tomorrow} is after today ({today}" in response.get_data(True)
    assert db.session.query(Order).filter_by(org_id=alpha.org.id).count() == 2  # none made
    response = client.post("/admin/orders/new/", {
        **form, "order_date": f"{today} 23:59:00", "token": "another-fresh-token"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert db.session.query(Order).filter_by(org_id=alpha.org.id).count() == 3


def test_a_shipped_order_cannot_be_edited(world, client_for, session):
    alpha, _ = world
    alpha.order.status = "shipped"
    session.commit()
    client = client_for(alpha.main)
    response = client.post(f"/admin/orders/edit/?id={alpha.order.id}", {
        "note": "late change", "lines-0-id": str(alpha.line.id),
        "lines-0-sku": str(alpha.sku.id), "lines-0-quantity": "9"})
    assert "only Pending or New orders can be edited" in response.get_data(as_text=True)
    assert reload(alpha.order).total == Decimal("40.00")


def test_order_export_escapes_formulas(world, client_for, session):
    alpha, _ = world
    alpha.order.number = "=HYPERLINK(1)"
    alpha.store.name = "@SUM(A1)"
    session.commit()
    client = client_for(alpha.main)
    csv = client.get("/admin/orders/export/csv/").get_data(as_text=True)
    row = next(line for line in csv.splitlines() if "HYPERLINK" in line)
    assert row.startswith("'=HYPERLINK(1),") and ",'@SUM(A1) (Shopee)," in row


def test_a_sub_account_with_orders_manage_can_work_orders_but_not_users(world, client_for,
                                                                        session):
    alpha, _ = world
    clerk = builders.make_user(session, alpha.org, "cs@alpha.test", ["orders.manage"])
    session.commit()
    client = client_for(clerk)
    assert client.get("/admin/orders/").status_code == 200
    assert client.get("/admin/users/").status_code == 403
    assert client.act("/admin/orders/action/", {
        "action": "cancel", "rowid": str(alpha.order.id)}).status_code == 302
    assert reload(alpha.order).status == "cancelled"


def test_export_streams_every_row_of_the_organization(world, client_for, session, app):
    alpha, _ = world
    from admin_app.rules.sales.orders import LineInput, create_order
    for n in range(30):
        create_order(session, alpha.main, store=alpha.store, customer=alpha.customer,
                     lines=[LineInput(alpha.sku, 1)], number=f"BULK-{n:03d}")
    session.commit()
    client = client_for(alpha.main)
    with app.app_context():
        response = client.http.get("/admin/orders/export/csv/")
        assert response.is_streamed
        lines = response.get_data(as_text=True).splitlines()
    assert len(lines) == 1 + 32
    assert sum(line.startswith("BULK-") for line in lines) == 30
    customers = client.get("/admin/customers/export/csv/").get_data(as_text=True)
    assert "Alpha VIP" in customers  # collections (labels) come along too


def test_submitting_the_same_order_form_twice_creates_one_order(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    form = {"store": str(alpha.store.id), "customer": str(alpha.customer.id),
            "order_type": "manual", "payment_method": "prepaid",
            "order_date": "2026-11-20 09:30:00", "lines-0-sku": str(alpha.part.id),
            "lines-0-quantity": "2", "lines-0-unit_price": "5.00",
            "token": "same-token-submitted-twice"}
    assert client.post("/admin/orders/new/", form).status_code == 302
    again = client.post("/admin/orders/new/", form).get_data(as_text=True)
    assert "already submitted" in again
    assert db.session.query(Order).filter_by(org_id=alpha.org.id).count() == 3


def test_export_sends_its_rows_in_batches_not_one_write_per_row(world, client_for, session,
                                                                 app, monkeypatch):
    from admin_app.rules.sales.orders import LineInput, create_order
    from admin_app.views.model_view import SecureModelView
    alpha, _ = world
    monkeypatch.setattr(SecureModelView, "EXPORT_BATCH", 10)
    for n in range(25):
        create_order(session, alpha.main, store=alpha.store, customer=alpha.customer,
                     lines=[LineInput(alpha.sku, 1)], number=f"=CMD-{n:03d}")
    session.commit()
    client = client_for(alpha.main)
    with app.app_context():
        response = client.http.get("/admin/orders/export/csv/", buffered=False)
        chunks = [c.decode() if isinstance(c, bytes) else c for c in response.response]
    # the header, then 27 rows in batches of 10
    assert [c.count("\n") for c in chunks] == [1, 10, 10, 7]
    rows = "".join(chunks).splitlines()[1:]
    assert sum(r.startswith("'=CMD-") for r in rows) == 25
    assert not any(r.startswith("=") for r in rows)
