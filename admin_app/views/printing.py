"""Printable documents a seller hands out or files: refund slip, payment receipt,
return (stock-in) note, customer statement (HTML made for printing) and the
statement as a PDF (fpdf2 with the fonts that ship with the package: views/pdf.py)."""
from datetime import date
from decimal import Decimal

from flask import Response, render_template
from flask_login import current_user

from flask_babel import gettext
from .local_time import written

from .access import org_today
from .download_names import attachment
from .pdf import TEXT, document, missing_characters
from ..money import fmt
from ..reports import statement as statements

# widths (mm) of the statement's columns in the PDF (A4 landscape)
STATEMENT_WIDTHS = (22, 34, 36, 26, 26, 26, 26, 28, 28)


def page(template: str, **context):
    """A document page: the organization's header, a print button, print CSS."""
    return render_template(template, org=current_user.org, printed=written(org_today(), "date"),
                           **context)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):  # as the page writes it in the reader's language
        return written(value, "date")
    return fmt(value) if isinstance(value, Decimal) else str(value)


def statement_pdf(stmt, currency: str) -> Response:
    """The statement as a PDF: the same lines as the page and the CSV, fonts embedded."""
    pdf = document("L")
    customer = stmt.customer
    lines = statements.table(stmt)
    pdf.set_font(TEXT, style="B", size=14)
    pdf.cell(0, 8, gettext("%(shop)s: customer statement", shop=current_user.org.name),
             new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(TEXT, size=10)
    pdf.cell(0, 6, f"{customer.code} {customer.name} · " + gettext(
        "%(start)s to %(end)s · amounts in %(currency)s · dates in %(zone)s",
        start=written(stmt.start, "date"), end=written(stmt.end, "date"), currency=currency,
        zone=current_user.org.timezone), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(TEXT, size=8)
    pdf.cell(0, 5, statements.order_note(), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    with pdf.table(col_widths=STATEMENT_WIDTHS, first_row_as_headings=True,
                   text_align=("LEFT", "LEFT", "LEFT") + ("RIGHT",) * 6) as table:
        table.row(statements.headers())
        for n, line in enumerate(lines):
            edge = n in (0, len(lines) - 1)  # the opening and closing lines
            pdf.set_font(TEXT, style="B" if edge else "", size=8)
            table.row([_cell(v) for v in line])
    pdf.ln(2)
    pdf.set_font(TEXT, style="B", size=9)  # what the print page says under its table
    pdf.cell(0, 6, f"{gettext('Closing credit (owed)')}: {fmt(stmt.closing_credit)} · "
                   f"{gettext('Closing balance (held)')}: {fmt(stmt.closing_balance)}",
             new_x="LMARGIN", new_y="NEXT")
    gaps = missing_characters(pdf, [customer.name, customer.code, current_user.org.name])
    if gaps:
        pdf.set_font(TEXT, size=8)
        pdf.multi_cell(0, 5, gettext("Characters the PDF's fonts do not have (see the print "
                                     "page): %(characters)s", characters=gaps))
    name = f"statement_{customer.code}_{stmt.start}_{stmt.end}.pdf"
    return Response(bytes(pdf.output()), mimetype="application/pdf",
                    headers=attachment(name, "statement.pdf"))
