"""The customer file (SPEC S2, S7): the blacklist (added with a reason, listed apart,
removed one by one or in bulk; a new order for a blacklisted customer is flagged and
asks before it is saved), labels in bulk, and a customer's page."""
from admin_app.extensions import db
from admin_app.models import Customer, Order

from ..conftest import token_of


def fresh(customer_id):
    db.session.expire_all()
    return db.session.get(Customer, customer_id)


def test_add_with_a_reason_list_apart_and_remove(world, client_for, session):
    alpha, beta = world
    client = client_for(alpha.main)
    cid = alpha.customer.id
    assert f"/admin/customers/blacklist/{cid}" in client.get("/admin/customers/").get_data(True)
    refused = client.post(f"/admin/customers/blacklist/{cid}", {"reason": " "},
                          follow_redirects=True).get_data(True)
    assert "say why" in refused and not fresh(cid).blacklisted
    client.post(f"/admin/customers/blacklist/{cid}", {"reason": "Refused 3 COD parcels"})
    assert (fresh(cid).blacklisted, fresh(cid).blacklist_reason) == (True,
                                                                     "Refused 3 COD parcels")
    listing = client.get("/admin/blacklist/").get_data(True)
    assert alpha.customer.name in listing and "Refused 3 COD parcels" in listing
    assert beta.customer.name not in listing
    assert client_for(beta.main).post(f"/admin/customers/blacklist/{cid}",
                                      {"reason": "x"}).status_code == 404
    client.act("/admin/blacklist/action/", {"action": "unblacklist", "rowid": str(cid)})
    assert (fresh(cid).blacklisted, fresh(cid).blacklist_reason) == (False, None)
    assert alpha.customer.name not in client.get("/admin/blacklist/").get_data(True)


def test_a_new_order_for_a_blacklisted_customer_asks_first(world, client_for, session):
    alpha, _ = world
    alpha.customer.blacklisted, alpha.customer.blacklist_reason = True, "Fake addresses"
    session.commit()
    client = client_for(alpha.main)
    picker = client.get(f"/admin/orders/ajax/lookup/?name=customer&query={alpha.customer.code}")
    assert "ON THE BLACKLIST" in picker.get_data(True)
    before = db.session.query(Order).count()
    page = client.get("/admin/orders/new/").get_data(True)
    form = {"store": str(alpha.store.id), "customer": str(alpha.customer.id),
            "order_type": "manual", "payment_method": "cod", "order_date": "2026-11-20 10:00:00",
            "lines-0-sku": str(alpha.sku.id), "lines-0-quantity": "1",
            "token": token_of(page)}
    warned = client.post("/admin/orders/new/", form, follow_redirects=True).get_data(True)
    assert "is on the blacklist (Fake addresses)" in warned
    assert db.session.query(Order).count() == before
    page = client.get("/admin/orders/new/").get_data(True)
    client.post("/admin/orders/new/", {**form, "token": token_of(page), "blacklist_ok": "y"})
    assert db.session.query(Order).count() == before + 1
    listing = client.get("/admin/orders/?tab=all").get_data(True)
    assert 'class="marker-blacklist" title="Fake addresses"' in listing


def test_labels_in_bulk_from_the_list(world, client_for, session):
    from admin_app.models import Label
    alpha, beta = world
    second = Customer(org_id=alpha.org.id, code="ALPHA-C2", name="Second Buyer")
    vip = Label(org_id=alpha.org.id, name="Wholesale buyer")
    session.add_all([second, vip])
    session.commit()
    client = client_for(alpha.main)
    ids = f"{alpha.customer.id},{second.id}"
    chosen = client.act("/admin/customers/action/", {
        "action": "labels", "rowid": [str(alpha.customer.id), str(second.id)]})
    assert chosen.status_code == 302 and "labels/?ids=" in chosen.headers["Location"]
    page = client.get(f"/admin/customers/labels/?ids={ids}").get_data(True)
    assert "Label 2 customer(s)" in page and "Wholesale buyer" in page
    done = client.post("/admin/customers/labels/", {"ids": ids, "label": str(vip.id),
                                                    "how": "add"}, follow_redirects=True)
    assert "Label Wholesale buyer added to 2 customer(s)" in done.get_data(True)
    assert {c.name for c in fresh(second.id).labels} == {"Wholesale buyer"}
    assert "Wholesale buyer" in client.get("/admin/customers/").get_data(True)
    client.post("/admin/customers/labels/", {"ids": str(second.id), "label": str(vip.id),
                                             "how": "remove"})
    assert fresh(second.id).labels == []
    assert client_for(beta.main).get(f"/admin/customers/labels/?ids={ids}").status_code == 404


def test_a_customers_page_shows_their_file(world, client_for, session):
    alpha, beta = world
    client = client_for(alpha.main)
    page = client.get(f"/admin/customers/details/?id={alpha.customer.id}").get_data(True)
    file = page[page.index('id="customer-file"'):]
    # make_world: SO1 (2 at the Gold tier price 20.00) and SO2 (6 x 5.00), one after-sales
    assert '<div class="value">2</div>' in file and '<div class="value">70.00</div>' in file
    assert alpha.order.number in file and alpha.credit_order.number in file
    assert alpha.aso.number in file and alpha.label.name in file
    assert f"/admin/reconciliation/{alpha.customer.id}/ledger" in file
    assert client_for(beta.main).get(
        f"/admin/customers/details/?id={alpha.customer.id}").status_code == 404


def test_an_order_without_a_customer_finds_or_creates_its_channel_buyer(world, client_for,
                                                                          session):
    from admin_app.models import Store
    alpha, _ = world
    lazada = Store(org_id=alpha.org.id, name="Alpha Lazada", channel="Lazada")
    session.add(lazada)
    session.commit()
    client = client_for(alpha.main)

    def order_for(store, buyer):
        page = client.get("/admin/orders/new/").get_data(True)
        return client.post("/admin/orders/new/", {
            "store": str(store.id), "buyer_id": buyer, "buyer_name": "Nur Aina",
            "order_type": "manual", "payment_method": "cod",
            "order_date": "2026-11-20 10:00:00", "lines-0-sku": str(alpha.sku.id),
            "lines-0-quantity": "1", "token": token_of(page)}, follow_redirects=True)

    before = db.session.query(Customer).count()
    order_for(alpha.store, "shopee-777")
    order_for(alpha.store, "shopee-777")   # the same buyer on the same channel: matched
    order_for(lazada, "shopee-777")        # the same id on another channel: another buyer
    db.session.expire_all()
    found = db.session.query(Customer).filter_by(buyer_id="shopee-777").all()
    assert sorted(c.channel for c in found) == ["Lazada", "Shopee"]
    assert db.session.query(Customer).count() == before + 2
    assert db.session.query(Order).filter(Order.customer_id.in_([c.id for c in found])
                                          ).count() == 3
    refused = order_for(alpha.store, " ").get_data(True)
    assert "give the channel buyer" in refused


def test_a_customers_page_shows_an_evening_orders_date_as_typed(world, client_for, session):
    """Order dates are kept as the shop typed them: 30 Nov 20:15 in Manila is shown on
    30 Nov on the customer's page as on the orders list (it was moved 8 hours again, to
    1 Dec)."""
    from datetime import datetime
    alpha, _ = world
    alpha.org.timezone = "Asia/Manila"
    for order in session.query(Order).filter_by(customer_id=alpha.customer.id):
        order.order_date = datetime(2026, 11, 20, 9, 0)
    alpha.order.order_date = datetime(2026, 11, 30, 20, 15)
    session.commit()
    page = client_for(alpha.main).get(
        f"/admin/customers/details/?id={alpha.customer.id}").get_data(True)
    file = page[page.index('id="customer-file"'):]
    assert "last order 2026-11-30" in file
    row = file[file.index(alpha.order.number):]
    assert row[:row.index("</tr>")].count("2026-11-30") == 1
    assert "2026-12-01" not in file
