"""Stock documents through their pages: a receipt with a note, a return to supplier
carrying it, exported to Excel for the supplier."""
import io

from openpyxl import load_workbook

from admin_app.extensions import db
from admin_app.models import StockDocument, StockLevel

from ..conftest import token_of


def test_receipt_then_return_to_supplier_with_its_note_in_excel(world, client_for):
    alpha, beta = world
    client = client_for(alpha.main)
    listing = client.get("/admin/stock_documents/").get_data(True)
    assert "New purchase receipt" in listing and "New return to supplier" in listing
    page = client.get("/admin/stock_documents/new/purchase_receipt").get_data(True)
    client.post("/admin/stock_documents/new/purchase_receipt", {
        "token": token_of(page), "warehouse": str(alpha.warehouse.id), "supplier": "Acme",
        "note": "Crushed cartons", "sku_0": alpha.sku.code.lower(), "q_0": "4", "u_0": "2"})
    level = db.session.query(StockLevel).filter_by(sku_id=alpha.sku.id,
                                                   warehouse_id=alpha.warehouse.id).one()
    assert (level.unqualified, level.unqualified_note) == (2, "Crushed cartons")
    page = client.get("/admin/stock_documents/new/supplier_return").get_data(True)
    refused = client.post("/admin/stock_documents/new/supplier_return", {
        "token": token_of(page), "warehouse": str(alpha.warehouse.id), "supplier": "Acme",
        "sku_0": alpha.sku.code, "u_0": "3"}, follow_redirects=True).get_data(True)
    assert "Not enough unqualified stock" in refused
    client.post("/admin/stock_documents/new/supplier_return", {
        "token": token_of(page), "warehouse": str(alpha.warehouse.id), "supplier": "Acme",
        "sku_0": alpha.sku.code, "u_0": "2"})
    doc = db.session.query(StockDocument).filter_by(kind="supplier_return").one()
    db.session.expire_all()
    assert db.session.get(StockLevel, level.id).unqualified_note is None  # all gone back
    sheet = load_workbook(io.BytesIO(client.get(
        f"/admin/stock_documents/{doc.id}/excel").data)).active
    assert [c.value for c in sheet[3]] == [alpha.sku.code, alpha.sku.name, 2,
                                           "Crushed cartons"]
    assert client_for(beta.main).get(f"/admin/stock_documents/{doc.id}/excel"
                                     ).status_code == 404


def test_typed_text_in_the_supplier_excel_cannot_run_as_a_formula(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    page = client.get("/admin/stock_documents/new/purchase_receipt").get_data(True)
    client.post("/admin/stock_documents/new/purchase_receipt", {
        "token": token_of(page), "warehouse": str(alpha.warehouse.id),
        "note": "=HYPERLINK(\"http://x.test\")", "sku_0": alpha.sku.code, "u_0": "1"})
    page = client.get("/admin/stock_documents/new/supplier_return").get_data(True)
    client.post("/admin/stock_documents/new/supplier_return", {
        "token": token_of(page), "warehouse": str(alpha.warehouse.id),
        "supplier": "=cmd|' /C calc'!A0", "sku_0": alpha.sku.code, "u_0": "1"})
    doc = db.session.query(StockDocument).filter_by(kind="supplier_return").one()
    sheet = load_workbook(io.BytesIO(client.get(
        f"/admin/stock_documents/{doc.id}/excel").data)).active
    assert sheet["B1"].value == "'=cmd|' /C calc'!A0"
    assert sheet["D3"].value == "'=HYPERLINK(\"http://x.test\")"


def test_the_supplier_excel_is_dated_on_the_shops_clock(world, client_for, session):
    """Made at 07:30 in Manila (23:30 UTC the day before): the sheet says the shop's date,
    as the document's number does."""
    from datetime import datetime
    from admin_app.rules.stock import documents
    from admin_app.rules.stock.documents import DocLine
    alpha, _ = world
    documents.receive(session, alpha.main, alpha.warehouse, "S", [DocLine(alpha.sku, 0, 2)])
    doc = documents.return_to_supplier(session, alpha.main, alpha.warehouse, "Acme",
                                       [DocLine(alpha.sku, 0, 2)])
    alpha.org.timezone = "Asia/Manila"
    doc.created_at = datetime(2026, 11, 1, 23, 30)
    session.commit()
    sheet = load_workbook(io.BytesIO(client_for(alpha.main).get(
        f"/admin/stock_documents/{doc.id}/excel").data)).active
    assert sheet["D1"].value == "2026-11-02"
