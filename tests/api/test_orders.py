"""Orders over the API: the same rules, the ledger and stock as from the pages."""
from decimal import Decimal

from admin_app.models import LedgerEntry, Order


def order_body(w, **extra):
    return {"store_id": w.store.id, "customer_id": w.customer.id,
            "lines": [{"sku_code": w.sku.code, "quantity": 2, "unit_price": "30.00"}],
            **extra}


def test_a_credit_order_posts_to_the_ledger(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    owed = alpha.customer.total_credit
    made = api.post("/orders", order_body(alpha, payment={"received": "10.00",
                                                          "paid_with": "cash"}))
    assert made.status_code == 201, made.get_json()
    body = made.get_json()
    assert body["total"] == "60.00" and body["received"] == "10.00"
    assert body["credit_amount"] == "50.00" and body["status"] == "new"
    assert body["order_date"].endswith("+08:00")
    assert "to_pickup" in body["allowed_events"] and "approve" not in body["allowed_events"]
    session.expire_all()
    assert session.get(type(alpha.customer), alpha.customer.id).total_credit == \
        owed + Decimal("50.00")
    entry = session.query(LedgerEntry).order_by(LedgerEntry.id.desc()).first()
    assert entry.doc_no == body["number"]


def test_a_channel_order_id_once_per_store(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    body = {"store_id": alpha.store.id, "order_type": "platform", "external_id": "SHP-991",
            "buyer": {"buyer_id": "shopee-buyer-7", "name": "ลูกค้า ทดสอบ"},
            "lines": [{"sku_id": alpha.sku.id, "quantity": 1}]}
    first = api.post("/orders", body)
    again = api.post("/orders", body)
    assert first.status_code == 201 and again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"]
    assert session.query(Order).filter_by(external_id="SHP-991").count() == 1
    assert first.get_json()["customer"]["name"] == "ลูกค้า ทดสอบ"
    found = api.get("/orders", external_id="SHP-991").get_json()["data"]
    assert [o["id"] for o in found] == [first.get_json()["id"]]


def test_events_move_the_order_and_a_wrong_one_is_409(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    order_id = api.post("/orders", order_body(alpha)).get_json()["id"]
    moved = api.post(f"/orders/{order_id}/events/to_pickup")
    assert moved.status_code == 200 and moved.get_json()["status"] == "to_pickup"
    wrong = api.post(f"/orders/{order_id}/events/complete")
    assert wrong.status_code == 409
    assert wrong.get_json()["code"].startswith("transition.")
    cancelled = api.post(f"/orders/{order_id}/cancel", {})
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    assert cancelled.get_json()["allowed_events"] == ["reopen"]


def test_an_unknown_sku_or_anothers_store_is_404_and_nothing_is_made(api_for, world,
                                                                     session):
    alpha, beta = world
    api = api_for(alpha.main)
    count = session.query(Order).count()
    assert api.post("/orders", order_body(alpha, lines=[
        {"sku_code": "NOPE", "quantity": 1}])).status_code == 404
    assert api.post("/orders", {**order_body(alpha), "store_id": beta.store.id}
                    ).status_code == 404
    assert session.query(Order).count() == count


def test_a_user_without_orders_manage_is_refused(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.nobody)
    assert api.get("/orders").status_code == 403
    refused = api.post("/orders", order_body(alpha))
    assert refused.status_code == 403 and refused.get_json()["code"] == "access.not_permitted"


def test_a_messenger_order_is_approved_with_its_payment(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    made = api.post("/orders", order_body(alpha, order_type="messenger", payment={
        "received": "0"}, remainder_later=True)).get_json()
    assert made["status"] == "pending" and "approve" in made["allowed_events"], made
    approved = api.post(f"/orders/{made['id']}/approve", {"received": "60.00",
                                                          "paid_with": "bank_transfer"})
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["status"] == "new"
    assert approved.get_json()["received"] == "60.00"
    again = api.post(f"/orders/{made['id']}/approve", {})
    assert again.status_code == 409


def test_an_order_date_out_of_this_century_is_bad_input(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    for when in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:00:00-10:00"):
        answer = api.post("/orders", order_body(alpha, order_date=when))
        assert answer.status_code == 400, answer.get_json()
        assert "order_date" in answer.get_json()["errors"]["json"]


def test_an_order_over_the_credit_limit_is_accepted_with_a_reason_by_credit_override(
        api_for, world, session):
    """S1: credit.override accepts an order over the customer's credit limit, with a
    reason (S11: what the pages do, the API does). Without the reason it is refused
    naming what is over; with it, kept on the order; a role without credit.override is
    refused even with a reason, and nothing is made."""
    from tests import builders
    alpha, _ = world
    customer = session.get(type(alpha.customer), alpha.customer.id)
    customer.credit_limit = customer.total_credit + Decimal("50.00")
    clerk = builders.make_user(session, alpha.org, "clerk-limit@alpha.test",
                               permissions=["orders.manage"])
    session.commit()
    before = session.query(Order).count()
    on_credit = {"received": "0"}
    over = api_for(alpha.main).post("/orders", order_body(alpha, payment=on_credit))
    assert over.status_code == 422 and over.get_json()["code"] == \
        "credit.over_limit_give_reason"
    by_clerk = api_for(clerk).post("/orders", order_body(
        alpha, payment={**on_credit, "override_reason": "Known buyer"}))
    assert by_clerk.status_code == 422
    assert session.query(Order).count() == before
    made = api_for(alpha.main).post("/orders", order_body(
        alpha, payment={**on_credit, "override_reason": "Known buyer"}))
    assert made.status_code == 201, made.get_json()
    assert session.get(Order, made.get_json()["id"]).credit_override_reason == "Known buyer"


def test_an_orders_lines_are_changed_over_the_api_as_on_its_edit_page(api_for, world,
                                                                      session):
    """S1 orders.manage: create/edit orders; S11: what the pages do, the API does. A
    messenger order waiting for approval gets new lines (its total follows); an order
    on the customer's account is refused with the page's reason, unchanged; a role without
    orders.manage gets 403 and another organization's order 404."""
    from tests import builders
    alpha, beta = world
    api = api_for(alpha.main)
    made = api.post("/orders", order_body(alpha, order_type="messenger", payment={
        "received": "0"}, remainder_later=True)).get_json()
    lines = [{"sku_id": alpha.sku.id, "quantity": 5, "unit_price": "30.00"}]
    edited = api.patch(f"/orders/{made['id']}", {"lines": lines, "note": "five now"})
    assert edited.status_code == 200, edited.get_json()
    body = edited.get_json()
    assert (body["total"], body["note"], body["status"]) == ("150.00", "five now", "pending")
    assert [line["quantity"] for line in body["lines"]] == [5]
    paid = api.post("/orders", order_body(alpha)).get_json()  # on the customer's account
    refused = api.patch(f"/orders/{paid['id']}", {"lines": lines})
    assert refused.status_code == 422 and refused.get_json()["code"] == \
        "order.order_customer_s_account"
    assert session.get(Order, paid["id"]).total == Decimal("60.00")
    clerk = builders.make_user(session, alpha.org, "stock-only@alpha.test",
                               permissions=["stock.adjust"])
    session.commit()
    assert api_for(clerk).patch(f"/orders/{made['id']}", {"lines": lines}).status_code == 403
    assert api_for(beta.main).patch(f"/orders/{made['id']}",
                                    {"lines": lines}).status_code == 404
