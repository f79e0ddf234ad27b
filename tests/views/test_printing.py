"""Documents to hand out or file: refund slip, payment receipt, return note and the
customer statement (HTML for printing, and a PDF), each scoped to the organization."""
from datetime import timedelta
from tests import builders


def test_each_document_prints_what_it_is_about(world, client_for, session):
    alpha, beta = world
    client = client_for(alpha.main)
    slip = client.get(f"/admin/refunds/{alpha.refund.id}/slip").get_data(as_text=True)
    assert alpha.refund.number in slip and "5.00" in slip and "Alpha Bank" in slip
    assert "data-print" in slip and "print.css" in slip
    assert f"dates and times in {alpha.org.timezone}" in slip  # the zone the dates are on
    receipt = client.get(f"/admin/reconciliation/receipt/{alpha.receipt.id}") \
        .get_data(as_text=True)
    assert alpha.receipt.number in receipt and alpha.credit_order.number in receipt
    # what the payment went to, not "Settled" (read as "fully paid" of an order it
    # paid only part of)
    assert "<th>Paid towards</th>" in receipt and "<th>Settled</th>" not in receipt
    note = client.get(f"/admin/aftersales/return-note/{alpha.aso.id}") \
        .get_data(as_text=True)
    assert alpha.aso.number in note and alpha.part.code in note
    for url in (f"/admin/refunds/{beta.refund.id}/slip",
                f"/admin/reconciliation/receipt/{beta.receipt.id}",
                f"/admin/aftersales/return-note/{beta.aso.id}",
                f"/admin/reconciliation/{beta.customer.id}/statement"):
        assert client.get(url).status_code == 404, url


def test_the_statement_has_opening_and_closing_totals_that_add_up(world, client_for,
                                                                  session):
    alpha, _ = world
    client = client_for(alpha.main)
    today = builders.local_today()
    url = f"/admin/reconciliation/{alpha.customer.id}/statement?start={today}&end={today}"
    page = client.get(url).get_data(as_text=True)
    c = alpha.customer
    assert f'id="closing-credit"><strong>{c.total_credit:,.2f}' in page
    assert f'id="closing-balance"><strong>{c.total_balance:,.2f}' in page
    later = today + timedelta(days=1)
    after = client.get(f"/admin/reconciliation/{c.id}/statement?start={later}&end={later}")
    text = after.get_data(as_text=True)
    assert f'id="opening-credit">{c.total_credit:,.2f}' in text and "No entries" in text
    pdf = client.get(url + "&format=pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data.startswith(b"%PDF") and len(pdf.data) > 1000
    bad = client.get(f"/admin/reconciliation/{c.id}/statement?start=2026-13-40")
    assert bad.status_code == 200  # the default period, not an error


def test_download_names_are_built_safely_whatever_the_code(world, client_for, session):
    """The statement's file name carried the customer code as typed: CR/LF answered
    500, non-ASCII dropped the connection, a quote injected a parameter (issue 20 item
    11). Codes now refuse control characters at entry; the header is RFC 6266/5987."""
    from sqlalchemy import update
    from admin_app.models import Customer
    alpha, _ = world
    client = client_for(alpha.main)
    today = builders.local_today()
    for code in ('C";filename="evil.exe', "ลูกค้า-客户-Đông", "C\r\nSet-Cookie: x=1"):
        session.execute(update(Customer).where(Customer.id == alpha.customer.id)
                        .values(code=code))  # as typed before codes were checked
        session.commit()
        pdf = client.get(f"/admin/reconciliation/{alpha.customer.id}/statement"
                         f"?start={today}&end={today}&format=pdf")
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        header = pdf.headers["Content-Disposition"]
        assert "\r" not in header and "\n" not in header and header.isascii()
        assert header.count("filename=") == 1 and header.count("filename*=") == 1
        assert "evil.exe\";" not in header and 'filename="evil.exe"' not in header
    assert header.startswith('attachment; filename="statement_C_Set-Cookie_x1_')
    export = client.get("/admin/customers/export/csv/")
    assert export.headers["Content-Disposition"].startswith('attachment; filename="')
