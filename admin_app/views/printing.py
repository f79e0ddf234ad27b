"""Printable documents a seller hands out or files: refund slip, payment receipt,
return (stock-in) note, customer statement (HTML made for printing) and the
statement as a PDF (fpdf2: pure Python, so nothing beyond pip is needed)."""
from datetime import date

from flask import Response, render_template
from flask_login import current_user
from fpdf import FPDF

from .download_names import attachment
from ..money import fmt

STATEMENT_COLUMNS = (("Date", 20), ("Document", 32), ("No.", 34), ("Receivable", 24),
                     ("Received", 24), ("Credit", 22), ("Balance", 22),
                     ("Total credit", 24), ("Total balance", 24))


def page(template: str, **context):
    """A document page: the organization's header, a print button, print CSS."""
    return render_template(template, org=current_user.org, printed=date.today(), **context)


def _latin(text) -> str:
    """The PDF's built-in font covers Latin-1; other characters print as "?"."""
    return str(text if text is not None else "").encode("latin-1", "replace") \
        .decode("latin-1")


def statement_pdf(stmt, currency: str) -> Response:
    pdf = FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.cell(0, 8, _latin(f"{current_user.org.name}: customer statement"),
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=10)
    customer = stmt.customer
    pdf.cell(0, 6, _latin(f"{customer.code} {customer.name} - {stmt.start} to {stmt.end} "
                          f"- amounts in {currency}"), new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, _latin(f"Opening: credit {fmt(stmt.opening_credit)}, balance "
                          f"{fmt(stmt.opening_balance)}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("Helvetica", size=8)
    widths = [w for _, w in STATEMENT_COLUMNS]
    with pdf.table(col_widths=widths, text_align=("LEFT", "LEFT", "LEFT") + ("RIGHT",) * 6,
                   first_row_as_headings=True) as table:
        table.row([c for c, _ in STATEMENT_COLUMNS])
        for e in stmt.entries:
            table.row([_latin(v) for v in (
                e.entry_date, e.doc_type_label, e.doc_no, fmt(e.receivable),
                fmt(e.received), fmt(e.credit_change), fmt(e.balance_change),
                fmt(e.total_credit), fmt(e.total_balance))])
    pdf.ln(2)
    pdf.set_font("Helvetica", style="B", size=10)
    pdf.cell(0, 6, _latin(f"Closing: credit {fmt(stmt.closing_credit)}, balance "
                          f"{fmt(stmt.closing_balance)}"), new_x="LMARGIN", new_y="NEXT")
    name = f"statement_{customer.code}_{stmt.start}_{stmt.end}.pdf"
    return Response(bytes(pdf.output()), mimetype="application/pdf",
                    headers=attachment(name, "statement.pdf"))
