"""Real threads on PostgreSQL against the JSON API: one Idempotency-Key sent from eight
threads posts once; one channel order id sent from eight threads makes one order."""
import threading
from decimal import Decimal

import pytest

from admin_app.models import ApiRequest, LedgerEntry, Order, RefundOrder
from tests.api.conftest import new_token

pytestmark = pytest.mark.pg

THREADS = 8


def at_once(app, send) -> list:
    start = threading.Barrier(THREADS)
    answers: list = [None] * THREADS

    def worker(n):
        client = app.test_client()
        start.wait()
        answers[n] = send(client)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_one_key_from_eight_threads_posts_one_refund(app, world, session):
    alpha, _ = world
    headers = {"Authorization": f"Bearer {new_token(alpha.main)}",
               "Idempotency-Key": "refund-once"}
    aso_id = returned_in_stock(app, alpha, headers["Authorization"])
    entries = session.query(LedgerEntry).count()
    session.commit()
    answers = at_once(app, lambda client: client.post(
        f"/api/v1/aftersales/{aso_id}/refunds", headers=headers,
        json={"amount": "1.00", "method": "balance"}))
    codes = sorted(a.status_code for a in answers)
    made = [a for a in answers if a.status_code == 201]
    assert codes.count(201) >= 1 and set(codes) <= {201, 409}, codes
    assert len({a.get_data() for a in made}) == 1  # the first answer, replayed
    session.expire_all()
    assert session.query(RefundOrder).filter_by(aftersales_id=aso_id, amount=Decimal(
        "1.00")).count() == 1
    assert session.query(LedgerEntry).count() == entries + 1
    assert session.query(ApiRequest).filter_by(key="refund-once").one().status_code == 201
    replay = app.test_client().post(f"/api/v1/aftersales/{aso_id}/refunds", headers=headers,
                                    json={"amount": "1.00", "method": "balance"})
    assert replay.status_code == 201 and replay.get_data() == made[0].get_data()


def test_one_channel_order_id_from_eight_threads_makes_one_order(app, world, session):
    alpha, _ = world
    headers = {"Authorization": f"Bearer {new_token(alpha.main)}"}
    body = {"store_id": alpha.store.id, "order_type": "platform", "external_id": "LZD-77",
            "buyer": {"buyer_id": "lazada-9", "name": "Siti"},
            "lines": [{"sku_id": alpha.sku.id, "quantity": 1}]}
    session.commit()
    answers = at_once(app, lambda client: client.post("/api/v1/orders", headers=headers,
                                                      json=body))
    assert {a.status_code for a in answers} == {201}, [a.get_json() for a in answers]
    assert len({a.get_json()["id"] for a in answers}) == 1
    session.expire_all()
    assert session.query(Order).filter_by(external_id="LZD-77").count() == 1


def returned_in_stock(app, w, authorization) -> int:
    """An after-sales order waiting for its refund, made through the API."""
    client, auth = app.test_client(), {"Authorization": authorization}
    order = client.post("/api/v1/orders", headers=auth, json={
        "store_id": w.store.id, "customer_id": w.customer.id,
        "lines": [{"sku_id": w.sku.id, "quantity": 2, "unit_price": "10.00"}]}).get_json()
    for event in ("to_pickup", "ship"):
        client.post(f"/api/v1/orders/{order['id']}/events/{event}", headers=auth)
    aso = client.post("/api/v1/aftersales", headers=auth, json={
        "order_id": order["id"], "kind": "return_refund", "warehouse_id": w.warehouse.id,
        "returns": [{"sku_id": w.sku.id, "quantity": 1}]}).get_json()
    client.post(f"/api/v1/aftersales/{aso['id']}/events/confirm_stock_in", headers=auth)
    done = client.get(f"/api/v1/aftersales/{aso['id']}", headers=auth).get_json()
    assert "create_refund" in done["allowed_events"], done
    return aso["id"]


def test_one_platform_request_from_eight_threads_makes_one_and_refunds_once(app, session):
    """A connector retrying a request while the platform's next status arrives: one
    after-sales order per store and request id, the platform's refund recorded once."""
    from admin_app.models import AfterSalesOrder
    from tests.rules.platforms.helpers import make_platform_shop, shipped
    shop = make_platform_shop(session)
    order = shipped(session, shop, qty=2, price="50.00")
    headers = {"Authorization": f"Bearer {new_token(shop.main)}"}
    body = {"store_id": order.store_id, "request_id": "RACE-1", "order_id": order.id,
            "type": "refund_only", "refund_amount": "100.00"}
    session.commit()
    statuses = ["REQUESTED", "REFUND_PAID"] * (THREADS // 2)
    answers = at_once(app, lambda client: client.post(
        "/api/v1/platform-aftersales", headers=headers,
        json={**body, "platform_status": statuses.pop()}))
    codes = sorted(a.status_code for a in answers)
    assert codes.count(201) == 1 and set(codes) == {200, 201}, codes
    session.expire_all()
    made = session.query(AfterSalesOrder).filter_by(platform_request_id="RACE-1").one()
    assert made.status == "completed" and made.platform_refunded == Decimal("100.00")
    assert session.get(Order, order.id).back_platform == Decimal("100.00")
