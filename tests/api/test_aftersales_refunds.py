"""After-sales and refunds over the API: a return taken in, refunded by bank with a
proof, a rejection and its reason, a dry run that keeps nothing."""
from admin_app.models import AfterSalesOrder, LedgerEntry, RefundOrder, StockLevel
from decimal import Decimal as D
from tests.builders import PNG


def shipped_order(api, w):
    made = api.post("/orders", {"store_id": w.store.id, "customer_id": w.customer.id,
                                "lines": [{"sku_id": w.sku.id, "quantity": 3,
                                           "unit_price": "20.00"}]}).get_json()
    for event in ("to_pickup", "ship"):
        assert api.post(f"/orders/{made['id']}/events/{event}").status_code == 200
    return made


def test_a_return_in_stock_refunded_by_bank_with_proof(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    order = shipped_order(api, alpha)
    made = api.post("/aftersales", {"order_id": order["id"], "kind": "return_refund",
                                    "warehouse_id": alpha.warehouse.id,
                                    "returns": [{"order_line_id": order_line(session, order),
                                                 "quantity": 2}]})
    assert made.status_code == 201, made.get_json()
    aso = made.get_json()
    assert aso["returned_amount"] == "40.00" and aso["status"] == "to_confirm"
    assert "confirm_stock_in" in aso["allowed_events"]
    stock_before = qualified(session, alpha)
    done = api.post(f"/aftersales/{aso['id']}/events/confirm")
    assert done.status_code == 200 and "stock_in" in done.get_json()["allowed_events"]
    line_id = done.get_json()["lines"][0]["id"]
    received = api.post(f"/aftersales/{aso['id']}/stock-in",
                        {"lines": [{"line_id": line_id, "qualified": 1, "unqualified": 1}]})
    assert received.status_code == 200, received.get_json()
    assert qualified(session, alpha) == stock_before + 1
    over = api.post(f"/aftersales/{aso['id']}/refunds",
                    {"amount": "40.01", "method": "balance"}).get_json()
    assert (over["status"], over["field"]) == (422, "amount"), over  # the body's own name
    rehearsal = api.post(f"/aftersales/{aso['id']}/refunds",
                         {"amount": "40.00", "method": "bank_transfer", "dry_run": True,
                          "bank": {"bank_name": "BDO", "account_name": "Lan",
                                   "account_no": "77"}})
    assert rehearsal.status_code == 200 and rehearsal.get_json()["dry_run"] is True
    assert session.query(RefundOrder).filter_by(aftersales_id=aso["id"]).count() == 0
    refund = api.post(f"/aftersales/{aso['id']}/refunds",
                      {"amount": "40.00", "method": "bank_transfer",
                       "bank": {"bank_name": "BDO", "account_name": "Lan",
                                "account_no": "77"}}).get_json()
    assert refund["status"] == "pending" and set(refund["allowed_events"]) == {
        "confirm", "reject"}
    entries = session.query(LedgerEntry).count()
    confirmed = api.client.post(
        f"/api/v1/refunds/{refund['id']}/confirm",
        data={"proof": (__import__("io").BytesIO(PNG), "slip.png")},
        headers={"Authorization": f"Bearer {api.secret}"},
        content_type="multipart/form-data")
    assert confirmed.status_code == 200, confirmed.get_json()
    assert confirmed.get_json()["status"] == "confirmed" and confirmed.get_json()["has_proof"]
    assert session.query(LedgerEntry).count() == entries + 1
    assert api.get(f"/aftersales/{aso['id']}").get_json()["status"] == "completed"


def test_a_rejected_refund_keeps_its_reason_and_nothing_posts(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    refund = alpha.refund
    entries = session.query(LedgerEntry).count()
    empty = api.post(f"/refunds/{refund.id}/reject", {"reason": ""})
    assert empty.status_code == 400
    rejected = api.post(f"/refunds/{refund.id}/reject", {"reason": "Wrong account"})
    assert rejected.status_code == 200
    assert rejected.get_json()["reject_reason"] == "Wrong account"
    again = api.post(f"/refunds/{refund.id}/confirm")
    assert again.status_code == 409
    assert again.get_json()["code"] == "refund.already_rejected"
    assert session.query(LedgerEntry).count() == entries


def test_more_than_refundable_is_refused_in_a_dry_run_too(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    aso = alpha.refund.aftersales
    for dry in (True, False):
        refused = api.post(f"/aftersales/{aso.id}/refunds",
                           {"amount": "9999.00", "method": "balance", "dry_run": dry})
        assert refused.status_code in (409, 422)
        assert refused.get_json()["code"]
    assert session.query(RefundOrder).filter_by(aftersales_id=aso.id).count() == 1


def test_a_clerk_and_another_organization_are_refused(api_for, world, session):
    alpha, beta = world
    alpha.role.permissions = "stock.return_in"
    session.commit()
    clerk = api_for(alpha.nobody)
    assert clerk.post(f"/refunds/{alpha.refund.id}/reject",
                      {"reason": "x"}).status_code == 403
    assert clerk.post(f"/aftersales/{alpha.refund.aftersales_id}/events/cancel"
                      ).status_code == 403
    owner = api_for(alpha.main)
    assert owner.post(f"/refunds/{beta.refund.id}/reject", {"reason": "x"}
                      ).status_code == 404
    assert owner.get(f"/aftersales/{beta.refund.aftersales_id}").status_code == 404
    session.expire_all()
    assert session.get(RefundOrder, beta.refund.id).status == "pending"
    assert session.get(AfterSalesOrder, beta.refund.aftersales_id).status != "cancelled"


def order_line(session, order) -> int:
    from admin_app.models import OrderLine
    return session.query(OrderLine.id).filter_by(order_id=order["id"]).scalar()


def qualified(session, w) -> int:
    session.expire_all()
    return session.query(StockLevel).filter_by(sku_id=w.sku.id,
                                               warehouse_id=w.warehouse.id).one().qualified


def test_a_refusal_reads_wholly_in_the_callers_language(api_for, world, session):
    alpha, _ = world
    alpha.main.language = "vi"
    session.commit()
    api = api_for(alpha.main)
    assert api.post(f"/refunds/{alpha.refund.id}/confirm").status_code == 200
    again = api.post(f"/refunds/{alpha.refund.id}/confirm").get_json()
    assert again["code"] == "refund.already_confirmed"
    assert again["detail"] == f"Hoàn tiền {alpha.refund.number} đã được xác nhận."


def test_bad_input_reads_in_the_callers_language_field_by_field(api_for, world, session):
    """SPEC S10: the 400's words too, not only the rules' refusals."""
    alpha, _ = world
    bad = {"order_id": "x", "kind": "swap", "returns": [{"quantity": 0}], "surprise": 1}
    english = api_for(alpha.main).post("/aftersales", bad).get_json()
    alpha.main.language = "vi"
    session.commit()
    answer = api_for(alpha.main).post("/aftersales", bad)
    assert answer.status_code == 400 and answer.get_json()["code"] == "request.invalid"
    words, errors = answer.get_json()["detail"], answer.get_json()["errors"]["json"]
    assert english["detail"] == "Validation error" and words == "Lỗi dữ liệu đầu vào"
    assert errors["order_id"] == ["Không phải số nguyên hợp lệ."]
    assert errors["kind"][0].startswith("Phải là một trong: ")
    assert errors["surprise"] == ["Trường không xác định."]
    quantity = errors["returns"]["0"]["quantity"][0]
    assert quantity.startswith("Phải lớn hơn hoặc bằng 1 và nhỏ hơn hoặc bằng ")
    assert english["errors"]["json"]["order_id"] == ["Not a valid integer."]


def test_a_repair_and_a_tracking_number_over_the_api(api_for, world, session):
    """S11: every action staff take on the pages. A repair started over the API is
    finished over it (ship date and waybill, the rule's checks), and a return's
    tracking number is set before its goods come back."""
    from datetime import timedelta
    from tests.builders import local_today
    alpha, _ = world
    api = api_for(alpha.main)
    order = shipped_order(api, alpha)
    repair = api.post("/aftersales", {"order_id": order["id"], "kind": "repair",
                                      "returns": [{"order_line_id": order_line(session, order),
                                                   "quantity": 1}]})
    assert repair.status_code == 201, repair.get_json()
    repair = repair.get_json()
    assert repair["status"] == "in_repair"
    path = f"/aftersales/{repair['id']}/repair-completed"
    too_early = api.post(path, {"shipped_on": str(local_today() - timedelta(days=3)),
                                "waybill": "JT-1"})
    assert too_early.status_code == 422, too_early.get_json()
    assert api.post(path, {"shipped_on": str(local_today()), "waybill": ""}).status_code == 400
    assert api.get(f"/aftersales/{repair['id']}").get_json()["status"] == "in_repair"
    done = api.post(path, {"shipped_on": str(local_today()), "waybill": "JT-1"})
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["status"] == "repair_completed"
    back = api.post("/aftersales", {"order_id": order["id"], "kind": "return_refund",
                                    "warehouse_id": alpha.warehouse.id,
                                    "returns": [{"order_line_id": order_line(session, order),
                                                 "quantity": 1}]}).get_json()
    tracked = api.post(f"/aftersales/{back['id']}/tracking", {"tracking_no": "SPX-991"})
    assert tracked.status_code == 200 and tracked.get_json()["tracking_no"] == "SPX-991"
    assert session.get(AfterSalesOrder, back["id"]).return_tracking_no == "SPX-991"


def test_an_exchange_lines_amount_edited_over_the_api_is_what_the_exchange_order_is_worth(
        api_for, world, session):
    """SPEC S5: each line's amount may be edited by hand; E is the sum of the exchange
    lines' amounts. Over the API an exchange line takes an amount (at most quantity x
    unit price); the exchange order is worth it, and R - E is left to refund."""
    alpha, _ = world
    api = api_for(alpha.main)
    order = shipped_order(api, alpha)  # 3 x 20.00
    made = api.post("/aftersales", {
        "order_id": order["id"], "kind": "exchange", "warehouse_id": alpha.warehouse.id,
        "returns": [{"order_line_id": order_line(session, order), "quantity": 2}],
        "exchanges": [{"sku_id": alpha.sku.id, "quantity": 1, "unit_price": "20.00",
                       "amount": "15.00"}]})
    assert made.status_code == 201, made.get_json()
    aso = made.get_json()
    assert (aso["returned_amount"], aso["exchange_amount"]) == ("40.00", "15.00")
    too_much = api.post("/aftersales", {
        "order_id": order["id"], "kind": "exchange", "warehouse_id": alpha.warehouse.id,
        "returns": [{"order_line_id": order_line(session, order), "quantity": 1}],
        "exchanges": [{"sku_id": alpha.sku.id, "quantity": 1, "unit_price": "20.00",
                       "amount": "25.00"}]})
    assert too_much.status_code == 422 and "at most 20.00" in str(too_much.get_json())
    assert api.post(f"/aftersales/{aso['id']}/events/confirm_stock_in").status_code == 200
    done = api.post(f"/aftersales/{aso['id']}/events/generate_exchange")
    assert done.status_code == 200, done.get_json()
    exchange_order = session.get(AfterSalesOrder, aso["id"]).exchange_order
    assert exchange_order.total == D("15.00") and exchange_order.unsettled == 0
