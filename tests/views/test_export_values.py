"""Exports keep numbers as numbers (a refund's negative amount is a number, not a
formula to escape) and still escape text that a spreadsheet would run."""
import csv
import io
from decimal import Decimal as D

from openpyxl import load_workbook

from admin_app.models import LedgerEntry
from admin_app.rules.credit import adjustments


def test_negative_amounts_stay_numbers_and_formulas_are_escaped(world, client_for, session):
    alpha, _ = world
    adjustments.adjust_balance(session, alpha.main, alpha.customer.id, D("-3.50"),
                               "=HYPERLINK(\"http://evil\")")
    session.commit()
    client = client_for(alpha.main)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/admin/ledger/export/csv/").get_data(as_text=True))))
    taken = next(r for r in rows if r["Note"].endswith('"http://evil")'))
    change = f"Balance Change ({alpha.org.currency})"  # the currency in the header
    assert taken[change] == "-3.50"                      # a number, not '-3.50
    assert taken["Note"].startswith("'=HYPERLINK")       # text that would run: escaped
    book = load_workbook(io.BytesIO(client.get("/admin/ledger/export/xlsx/").data))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    values = [row for row in sheet.iter_rows(min_row=2, values_only=True)
              if str(row[header.index("Note")]).startswith("'=HYPERLINK")]
    assert values and isinstance(values[0][header.index(change)], (int, float))
    assert values[0][header.index(change)] == -3.5
    entries = session.query(LedgerEntry).filter_by(customer_id=alpha.customer.id).count()
    assert sum(1 for r in rows if r["Customer"].startswith("Alpha-C1")) == entries


def test_no_export_of_any_list_carries_markup(world, client_for, session, app):
    """Values only, in every cell of every export of every list: the Orders export
    carried the blacklist marker's <span> (issue 21 item 10). The world's customer is
    blacklisted with a reason the page escapes, so every list that shows it is tried."""
    import re
    from .test_access_matrix import admin_views
    alpha, _ = world
    alpha.customer.blacklisted = True
    alpha.customer.blacklist_reason = "chargebacks & abuse"  # escaped in a title
    session.commit()
    client = client_for(alpha.main)
    # a tag (<span ...>, </a>) or an entity; "Name <mail@shop.test>" is not markup
    tag = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^>]*)?/?>|&(?:amp|lt|gt|quot|#\d+);")
    checked = 0
    for view in admin_views(app):
        for kind in getattr(view, "export_types", ()) if getattr(view, "can_export", False) \
                else ():
            response = client.get(f"/admin/{view.endpoint}/export/{kind}/")
            assert response.status_code == 200, view.endpoint
            if kind == "csv":
                cells = [c for row in csv.reader(io.StringIO(response.get_data(True)))
                         for c in row]
            else:
                sheet = load_workbook(io.BytesIO(response.data)).active
                cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row
                         if c is not None]
            assert not [c for c in cells if tag.search(c)], (view.endpoint, kind)
            checked += 1
    assert checked >= 60


def test_a_csv_opens_in_excel_as_utf8_with_every_script(world, client_for, session):
    """Excel reads a CSV in the Windows code page unless it starts with UTF-8's byte order
    mark: Chinese, Thai and Vietnamese names would come out garbled."""
    alpha, _ = world
    alpha.customer.name = "王小明 สมชาย Nguyễn Văn An"
    session.commit()
    data = client_for(alpha.main).get("/admin/customers/export/csv/").get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert "王小明 สมชาย Nguyễn Văn An" in [r["Name"] for r in rows]
    assert next(iter(rows[0])) == "Code"  # the first column's name, without the mark


def test_unqualified_stock_with_a_note_exports_as_a_number(world, client_for, session):
    """The list marks a level with a note ("7 ⚠ note"); its files keep the number 7,
    the note in its own column (S10: plain machine-readable numbers)."""
    from admin_app.rules.stock import movements
    alpha, _ = world
    movements.move_stock(session, alpha.main, alpha.sku, alpha.warehouse, "unqualified", 7,
                         "count")
    movements.note_unqualified(session, alpha.org.id, alpha.sku, alpha.warehouse,
                               "Hộp bị móp")
    session.commit()
    client = client_for(alpha.main)
    rows = list(csv.DictReader(io.StringIO(
        client.get("/admin/stock/export/csv/").get_data(as_text=True).lstrip("\ufeff"))))
    row = next(r for r in rows if r["Unqualified note"] == "Hộp bị móp")
    assert row["Unqualified"] == "7"
    sheet = load_workbook(io.BytesIO(client.get("/admin/stock/export/xlsx/").data)).active
    header = [c.value for c in sheet[1]]
    noted = [r for r in sheet.iter_rows(min_row=2, values_only=True)
             if r[header.index("Unqualified note")] == "Hộp bị móp"]
    assert noted[0][header.index("Unqualified")] == 7
