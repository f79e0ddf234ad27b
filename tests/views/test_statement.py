"""The customer statement adds up in all three forms (print page, CSV, PDF), also when
entries were posted out of date order, and prints every script its customers' names
are written in (issue 21 items 1 and 2)."""
import csv
import io
import re
from datetime import datetime, timedelta
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from admin_app.models import Customer
from admin_app.reports import statement as statements
from admin_app.rules.credit import payments

from .. import builders
from ..rules.accounts_helpers import make_shop, order

TODAY = builders.local_today()  # the organization's date, not the server's
NAMES = ["王小明", "陳大文", "李祎 王赟 张喆 陈堃 林峯", "สมชาย ใจดี", "Nguyễn Thị Hồng Đào", "Siti Nurhaliza binti Tarudin",
         "Putri Ayu Lestari"]


def at(days_ago: int) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time())


@pytest.fixture
def back_dated(session):
    """Entries posted out of date order: an order today, then an order dated 40 days
    ago entered after it, then a payment back-dated to 20 days ago, then one today."""
    shop = make_shop(session, period=None)
    order(shop, "100.00", when=at(0))
    order(shop, "80.00", when=at(40))
    order(shop, "30.00", when=at(25))
    payments.receive(session, shop.main, shop.customer.id, D("50.00"), None,
                     today=TODAY - timedelta(days=20))
    payments.receive(session, shop.main, shop.customer.id, D("120.00"), None, today=TODAY)
    session.commit()
    return shop


def check_adds_up(lines):
    """Every row continues the one before, from the opening line to the closing line."""
    credit, balance = lines[0][7], lines[0][8]
    for row in lines[1:-1]:
        credit, balance = credit + row[5], balance + row[6]
        assert (row[7], row[8]) == (credit, balance), row
    assert (lines[-1][7], lines[-1][8]) == (credit, balance)


def test_rows_continue_the_opening_line_in_document_date_order(session, back_dated):
    shop = back_dated
    stmt = statements.statement(session, shop.customer, TODAY - timedelta(days=30), TODAY)
    lines = statements.table(stmt)
    assert (lines[0][1], lines[0][7]) == ("Opening", D("80.00"))  # the order of 40 days ago
    assert [row[0] for row in lines[1:-1]] == sorted(row[0] for row in lines[1:-1])
    check_adds_up(lines)
    assert (stmt.closing_credit, stmt.closing_balance) == (D("40.00"), D("0.00"))
    assert stmt.closing_credit == shop.customer.total_credit  # the whole ledger: today
    for days in (45, 30, 22, 10, 0):  # any period
        check_adds_up(statements.table(statements.statement(
            session, shop.customer, TODAY - timedelta(days=days), TODAY)))



def test_an_order_dated_last_week_paid_from_todays_balance_never_dips_below_zero(session):
    """Overpaid today (50.00 to the balance), then last week's order entered, paid from
    that balance: the balance was spent today, so its entry is dated today. A statement
    in date order spent it a week before it was there (total balance -50.00, and an
    opening balance of -40.00 for a period starting today)."""
    shop = make_shop(session, period=10)
    order(shop, "10.00", when=at(20))
    payments.receive(session, shop.main, shop.customer.id, D("60.00"), None, today=TODAY)
    late = order(shop, "50.00", balance="50.00", when=at(7))
    assert late.order_date == at(7)  # the order keeps its date
    for days in (30, 7, 0):
        stmt = statements.statement(session, shop.customer, TODAY - timedelta(days=days),
                                    TODAY)
        lines = statements.table(stmt)
        check_adds_up(lines)
        assert min(line[8] for line in lines) >= 0, lines
        assert min(line[7] for line in lines) >= 0, lines
    row = next(r for r in stmt.rows if r.doc_no == late.number)
    assert (row.entry_date, row.balance_change) == (TODAY, D("-50.00"))
    assert (stmt.closing_credit, stmt.closing_balance) == (D("0.00"), D("0.00"))

def numbers(text: str) -> list[D]:
    return [D(n.replace(",", "")) for n in re.findall(r"-?[\d,]+\.\d\d", text)]


def test_the_page_the_csv_and_the_pdf_carry_the_same_lines(back_dated, client_for):
    shop = back_dated
    client = client_for(shop.main)
    start = TODAY - timedelta(days=30)
    url = f"/admin/reconciliation/{shop.customer.id}/statement?start={start}&end={TODAY}"
    page = client.get(url).get_data(True)
    assert "In document-date order" in page
    rows = re.findall(r'<tr class="(?:edge)?">(.*?)</tr>', page, re.S)
    page_lines = [numbers(r) for r in rows]
    exported = client.get(url + "&format=csv")
    assert exported.status_code == 200
    table = list(csv.reader(io.StringIO(exported.get_data(True).lstrip("\ufeff"))))
    assert table[0][-2:] == ["Total credit (PHP)", "Total balance (PHP)"]
    assert table[-1][0].startswith("In document-date order")  # the file says its order
    assert not any(table[-1][1:]) and not table[1][2]  # in a line of its own
    table = table[:-1]
    csv_lines = [[D(c) for c in line[3:] if c] for line in table[1:]]
    assert [line[1] for line in table[1:]][::len(table) - 2] == ["Opening", "Closing"]
    assert page_lines == csv_lines and len(csv_lines) == 6
    pdf = client.get(url + "&format=pdf")
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert "In document-date order" in text
    closing = re.search(r"Closing credit \(owed\): ([\d,.]+) · Closing balance \(held\): "
                        r"([\d,.]+)", text.replace("\n", " "))
    assert closing and [D(n.replace(",", "")) for n in closing.groups()] == csv_lines[-1][-2:]
    pdf_lines = [numbers(line) for line in text.splitlines()
                 if numbers(line) and "Closing credit" not in line]
    assert [n for line in pdf_lines for n in line][-len(sum(csv_lines, [])):] == \
        sum(csv_lines, [])


@pytest.mark.parametrize("name", NAMES)
def test_every_script_prints_in_the_pdf(session, client_for, name):
    shop = make_shop(session, name="Scripts & Co")
    buyer = Customer(org_id=shop.org.id, code="S1", name=name, credit_allowed=True,
                     credit_order_types="manual messenger")
    session.add(buyer)
    session.flush()
    shop.customer = buyer
    order(shop, "12.50")
    session.commit()
    pdf = client_for(shop.main).get(f"/admin/reconciliation/{buyer.id}/statement"
                                    f"?start={TODAY}&end={TODAY}&format=pdf")
    assert pdf.status_code == 200
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert name in text and "?" not in text
    assert b"/FontFile2" in pdf.data  # the fonts are embedded


def test_a_machine_without_the_fonts_gets_a_clear_message(back_dated, client_for,
                                                          monkeypatch, tmp_path):
    from admin_app.views import pdf
    monkeypatch.setattr(pdf, "FONTS", tmp_path)  # as on a machine where they are gone
    client = client_for(back_dated.main)
    page = client.get(f"/admin/reconciliation/{back_dated.customer.id}/statement"
                      f"?format=pdf", follow_redirects=True)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "The PDF cannot be made: its fonts are missing" in page.get_data(True)


@pytest.mark.parametrize("language, heading, column, day", [
    ("th", "ใบแจ้งยอดลูกค้า", "ยอดต้องรับ", "ธ.ค."),
    ("zh_Hant", "客戶對帳單", "應收", "年"),
    ("vi", "sao kê khách hàng", "Phải thu", "thg"),
])
def test_the_statement_reads_in_the_readers_language(back_dated, client_for, session,
                                                     language, heading, column, day):
    """Issue 24 items 5 and 7: headings, columns and dates of the page, the PDF and the
    CSV in the reader's language (the CSV's numbers stay plain, with a dot)."""
    back_dated.main.language = language
    session.commit()
    client = client_for(back_dated.main)
    base = (f"/admin/reconciliation/{back_dated.customer.id}/statement"
            f"?start={TODAY - timedelta(days=60)}&end={TODAY}")
    page = client.get(base).get_data(True)
    assert heading.lower() in page.lower() and column in page and day in page
    assert "Customer statement" not in page and "Receivable" not in page
    pdf = PdfReader(io.BytesIO(client.get(base + "&format=pdf").data)).pages[0].extract_text()
    assert column in pdf and "Receivable" not in pdf
    rows = list(csv.reader(io.StringIO(client.get(base + "&format=csv").get_data(True))))
    assert rows[0][3].startswith(column) and re.fullmatch(r"-?\d+\.\d\d", rows[-2][7])
    assert rows[-1][0] != "" and "document-date" not in rows[-1][0]  # its order, in words


@pytest.mark.parametrize("query,says", [
    ("start=2026-12-31&end=2026-01-01", "the start must be on or before the end"),
    ("start=abc", "enter them as YYYY-MM-DD")])
def test_dates_it_cannot_show_are_named_and_the_page_leads_back(back_dated, client_for,
                                                               query, says):
    """A reversed or unreadable period showed this month without a word."""
    shop = back_dated
    browser = client_for(shop.main)
    url = f"/admin/reconciliation/{shop.customer.id}/statement"
    page = browser.get(f"{url}?{query}").get_data(as_text=True)
    assert re.search(rf'class="no-print flash flash-error" role="alert">Dates: {says}.*?'
                     r'Showing this month so far\.', page)
    assert f'class="back" href="/admin/reconciliation/{shop.customer.id}/ledger"' in page
    assert "flash-error" not in browser.get(url).get_data(as_text=True)
    assert "flash-error" not in browser.get(f"{url}?{query}&format=csv").get_data(as_text=True)
    assert "flash-error" not in browser.get(url).get_data(as_text=True)  # nothing left over
