"""Platform after-sales over the API (SPEC S12): a connector sends a Shopee return
request as it changes; one order per store and request id, the deadline it runs, the
seller's answers, evidence, a dispute won, and the lists by deadline."""
import io
from datetime import timedelta
from decimal import Decimal as D

import pytest

from admin_app.models import AfterSalesOrder, Evidence, Order, utcnow
from tests.builders import PNG, make_user
from tests.rules.platforms.helpers import make_platform_shop, shipped


@pytest.fixture
def shop(session):
    shop = make_platform_shop(session)
    shop.order = shipped(session, shop, qty=2, price="50.00")
    shop.order.external_id = "SHP-240001"
    session.commit()
    return shop


def send(api, shop, status, **extra):
    body = {"store_id": shop.order.store_id, "request_id": "RR-77",
            "order_external_id": "SHP-240001", "type": "return_refund",
            "platform_status": status, "refund_amount": "100.00",
            "warehouse_id": shop.wh.id, **extra}
    return api.post("/platform-aftersales", body)


def test_a_shopee_return_from_request_to_a_dispute_won(api_for, shop, session):
    api = api_for(shop.main)
    made = send(api, shop, "REQUESTED", reason="Damaged",
                requested_at="2026-12-01T10:00:00+08:00",
                evidence_links=["https://cf.shopee.ph/file/photo1.jpg"])
    assert made.status_code == 201, made.get_json()
    aso = made.get_json()
    assert (aso["kind"], aso["status"]) == ("platform_return", "to_confirm")
    assert aso["platform"]["deadline"]["step"] == "respond"
    assert aso["platform"]["deadline"]["due_at"] == "2026-12-03T10:00:00+08:00"
    assert "approved automatically" in aso["platform"]["deadline"]["missed"]
    assert [e["url"] for e in aso["evidence"]] == ["https://cf.shopee.ph/file/photo1.jpg"]
    assert aso["allowed_events"] == ["accept", "stock_in"]
    accepted = api.post(f"/aftersales/{aso['id']}/events/accept")
    assert accepted.status_code == 200 and accepted.get_json()["status"] == "confirm_return"
    assert accepted.get_json()["platform"]["deadline"]["step"] == "buyer_ship"
    assert accepted.get_json()["platform"]["deadline"]["sellers"] is False
    again = send(api, shop, "PROCESSING")
    assert again.status_code == 200 and again.get_json()["id"] == aso["id"]
    assert again.get_json()["platform"]["deadline"]["step"] == "confirm_receipt"
    assert session.query(AfterSalesOrder).count() == 1
    photos = api.client.post(
        f"/api/v1/aftersales/{aso['id']}/evidence",
        data={"files": [(io.BytesIO(PNG), "unboxing.png")], "stage": "stock_in"},
        headers={"Authorization": f"Bearer {api.secret}"}, content_type="multipart/form-data")
    assert photos.status_code == 200, photos.get_json()
    assert [e["kind"] for e in photos.get_json()["evidence"]] == ["link", "photo"]
    line = again.get_json()["lines"][0]["id"]
    stocked = api.post(f"/aftersales/{aso['id']}/stock-in",
                       {"lines": [{"line_id": line, "qualified": 1, "unqualified": 1}]})
    assert stocked.get_json()["status"] == "received_return"
    paid = send(api, shop, "REFUND_PAID")
    assert paid.get_json()["status"] == "completed"
    assert paid.get_json()["platform"]["refunded"] == "100.00"
    claim = api.post(f"/aftersales/{aso['id']}/claims",
                     {"kind": "dispute", "reason": "One unit came back used",
                      "claimed": "50.00"})
    assert claim.status_code == 201, claim.get_json()
    won = api.post(f"/claims/{claim.get_json()['id']}/decision",
                   {"outcome": "won", "compensation": "50.00"})
    assert won.get_json()["status"] == "won" and won.get_json()["compensation"] == "50.00"
    assert api.get("/claims", status="won").get_json()["data"][0]["number"] == \
        claim.get_json()["number"]
    session.expire_all()
    order = session.get(Order, shop.order.id)
    assert (order.back_platform, order.compensation) == (D("100.00"), D("50.00"))


def test_refusals_are_problems_and_change_nothing(api_for, shop, session):
    api = api_for(shop.main)
    unknown = send(api, shop, "SOMETHING_NEW")
    assert unknown.status_code == 422
    assert unknown.get_json()["code"] == "platform.status_unknown"
    no_order = send(api, shop, "REQUESTED", order_external_id="NOPE")
    assert no_order.get_json()["code"] == "platform.order_of_store"
    too_much = send(api, shop, "REQUESTED", refund_amount="100.01")
    assert too_much.get_json()["code"] == "platform.refund_within_order"
    assert session.query(AfterSalesOrder).count() == 0
    clerk = make_user(session, shop.org, "cashier@books.test", permissions=["credit.receive"])
    session.commit()
    assert send(api_for(clerk), shop, "REQUESTED").status_code == 403


@pytest.mark.parametrize("field,when", [
    ("requested_at", "1999-12-31T23:00:00+07:00"), ("requested_at", "0001-01-01T00:00:00+01:00"),
    ("due_at", "2101-01-01T00:00:00+07:00"), ("due_at", "9999-12-31T23:59:59-12:00")])
def test_a_date_out_of_this_century_is_bad_input_naming_its_field(api_for, shop, session,
                                                                  field, when):
    answer = send(api_for(shop.main), shop, "REQUESTED", **{field: when})
    assert answer.status_code == 400
    assert field in answer.get_json()["errors"]["json"]
    assert session.query(AfterSalesOrder).count() == 0


def test_the_same_key_and_body_replay_the_first_answer(api_for, shop, session):
    api = api_for(shop.main)
    body = {"store_id": shop.order.store_id, "request_id": "K-1",
            "order_id": shop.order.id, "type": "refund_only",
            "platform_status": "REQUESTED", "refund_amount": "20.00"}
    first = api.post("/platform-aftersales", body, key="k-1")
    second = api.post("/platform-aftersales", body, key="k-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.headers["Idempotent-Replayed"] == "true"
    assert session.query(Evidence).count() == 0
    assert session.query(AfterSalesOrder).count() == 1


def test_the_deadline_filters_list_what_is_due_and_what_is_overdue(api_for, shop, session):
    api = api_for(shop.main)
    now = utcnow()
    soon = send(api, shop, "REQUESTED", request_id="SOON",
                requested_at=(now - timedelta(hours=30)).isoformat() + "+00:00").get_json()
    other = shipped(session, shop)
    other.external_id = "SHP-2"
    session.commit()
    late = send(api, shop, "REQUESTED", request_id="LATE", order_external_id="SHP-2",
                requested_at=(now - timedelta(days=3)).isoformat() + "+00:00").get_json()
    assert [a["id"] for a in api.get("/platform-aftersales", deadline="due_24h")
            .get_json()["data"]] == [soon["id"]]
    assert [a["id"] for a in api.get("/platform-aftersales", deadline="overdue")
            .get_json()["data"]] == [late["id"]]
    assert len(api.get("/platform-aftersales").get_json()["data"]) == 2


def test_a_status_sent_without_the_refund_keeps_the_amount_told_before(
        api_for, shop, session):
    """A connector may send only what changed: ACCEPTED, then REFUND_PAID, without the
    amount REQUESTED carried. The refund stays 70.00 and is what the order's account
    records (it became 0.00, and the refund paid posted nothing)."""
    api = api_for(shop.main)
    body = {"store_id": shop.order.store_id, "request_id": "RR-KEEP",
            "order_external_id": "SHP-240001", "type": "return_refund",
            "warehouse_id": shop.wh.id}
    made = api.post("/platform-aftersales", {**body, "platform_status": "REQUESTED",
                                             "refund_amount": "70.00"})
    assert made.status_code == 201 and made.get_json()["platform"]["refund"] == "70.00"
    for status in ("ACCEPTED", "PROCESSING", "REFUND_PAID"):
        told = api.post("/platform-aftersales", {**body, "platform_status": status})
        assert told.status_code == 200, told.get_json()
        assert told.get_json()["platform"]["refund"] == "70.00", status
    session.expire_all()
    assert session.get(Order, shop.order.id).back_platform == D("70.00")


def test_a_refusal_names_the_apis_own_field(api_for, shop):
    """The rules name the page's controls ("return_warehouse", "order"); over the API a
    refusal names the body's field a client sent (warehouse_id, order_id)."""
    api = api_for(shop.main)
    body = {"store_id": shop.order.store_id, "request_id": "RR-F", "type": "return_refund",
            "platform_status": "REQUESTED", "order_id": shop.order.id}
    no_warehouse = api.post("/platform-aftersales", body).get_json()
    assert no_warehouse["field"] == "warehouse_id", no_warehouse
    wrong_store = api.post("/platform-aftersales", {
        **body, "warehouse_id": shop.wh.id,
        "store_id": next(s.id for s in shop.stores.values()
                         if s.id != shop.order.store_id)}).get_json()
    assert (wrong_store["code"], wrong_store["field"]) == ("platform.order_of_store",
                                                           "order_id"), wrong_store


def test_an_amount_arriving_with_a_stale_status_after_the_request_ended_changes_nothing(
        api_for, shop, session):
    """A connector sends REFUND_PAID alone (what changed), then the delayed REQUESTED
    with an amount: the request ended with nothing refunded, so its refund stays what
    the books posted, not an amount they never saw."""
    api = api_for(shop.main)
    body = {"store_id": shop.order.store_id, "request_id": "RR-LATE",
            "order_external_id": "SHP-240001", "type": "refund_only",
            "platform_status": "REFUND_PAID"}
    assert api.post("/platform-aftersales", body).status_code == 201
    late = api.post("/platform-aftersales", {**body, "platform_status": "REQUESTED",
                                             "refund_amount": "100.00"}).get_json()
    session.expire_all()
    assert late["status"] == "completed"
    assert D(late["platform"]["refund"]) == D(late["platform"]["refunded"]) == \
        session.get(Order, shop.order.id).back_platform == D("0.00")
