"""A customer's ledger and payments, and stock, over the API."""
from decimal import Decimal

from admin_app.models import Customer, PaymentReceipt


def test_a_payment_settles_open_orders_and_the_ledger_shows_it(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    owed = alpha.customer.total_credit
    assert owed > 0
    paid = api.post(f"/customers/{alpha.customer.id}/payments",
                    {"amount": str(owed + Decimal("5.00"))}, key="pay-1")
    assert paid.status_code == 201, paid.get_json()
    receipt = paid.get_json()
    assert receipt["applied"] == str(owed) and receipt["to_balance"] == "5.00"
    again = api.post(f"/customers/{alpha.customer.id}/payments",
                     {"amount": str(owed + Decimal("5.00"))}, key="pay-1")
    assert again.get_json() == receipt
    assert session.query(PaymentReceipt).filter_by(number=receipt["number"]).count() == 1
    ledger = api.get(f"/customers/{alpha.customer.id}/ledger", limit=1).get_json()
    top = ledger["data"][0]
    assert top["doc_no"] == receipt["number"] and top["total_credit"] == "0.00"
    session.expire_all()
    assert session.get(Customer, alpha.customer.id).total_credit == 0


def test_a_payment_on_another_organizations_customer_is_404(api_for, world, session):
    alpha, beta = world
    before = session.query(PaymentReceipt).count()
    answer = api_for(alpha.main).post(f"/customers/{beta.customer.id}/payments",
                                      {"amount": "1.00"})
    assert answer.status_code == 404
    assert api_for(alpha.main).get(f"/customers/{beta.customer.id}/ledger"
                                   ).status_code == 404
    assert session.query(PaymentReceipt).count() == before


def test_stock_levels_and_movements_of_the_organization_only(api_for, world):
    alpha, beta = world
    api = api_for(alpha.main)
    levels = api.get("/stock/levels", sku_id=alpha.sku.id).get_json()["data"]
    assert [lv["qualified"] for lv in levels] == [alpha.stock_level.qualified]
    moves = api.get("/stock/movements", warehouse_id=alpha.warehouse.id).get_json()["data"]
    assert moves and all(m["warehouse_id"] == alpha.warehouse.id for m in moves)
    assert api.get("/stock/levels", sku_id=beta.sku.id).get_json()["data"] == []
    assert api_for(alpha.nobody).get("/stock/levels").status_code == 403


def test_a_purchase_receipt_and_a_count_move_stock(api_for, world, session):
    alpha, _ = world
    api = api_for(alpha.main)
    before = alpha.stock_level.qualified
    receipt = api.post("/stock/documents", {
        "kind": "purchase_receipt", "warehouse_id": alpha.warehouse.id, "supplier": "Acme",
        "lines": [{"sku_id": alpha.sku.id, "qualified": 5}]}, key="grn-1")
    assert receipt.status_code == 201, receipt.get_json()
    counted = api.post("/stock/documents", {
        "kind": "inventory_count", "warehouse_id": alpha.warehouse.id,
        "lines": [{"sku_id": alpha.sku.id, "qualified": before + 3}]}).get_json()
    assert counted["lines"][0]["qualified_change"] == -2
    level = api.get("/stock/levels", sku_id=alpha.sku.id).get_json()["data"][0]
    assert level["qualified"] == before + 3
    listed = api.get("/stock/documents", kind="purchase_receipt").get_json()["data"]
    assert listed[0]["number"] == receipt.get_json()["number"]
    assert api.post("/stock/documents", {
        "kind": "supplier_return", "warehouse_id": alpha.warehouse.id, "supplier": "",
        "lines": [{"sku_id": alpha.sku.id, "unqualified": 1}]}).status_code == 422
