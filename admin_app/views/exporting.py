"""CSV (streamed) and Excel downloads: one writer for list pages and report pages.

Numbers and dates stay numbers and dates (a negative amount is a number, not a
formula); text cells that a spreadsheet would run as a formula are escaped."""
import csv
import io
from datetime import date, datetime
from decimal import Decimal

from flask_login import current_user
from flask import Response, stream_with_context
from openpyxl import Workbook

from .download_names import attachment
from ..rules.core import currency

EXPORT_TYPES = ("csv", "xlsx")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\x00")
CHUNK = 1000  # rows per write to the socket


def escape_formula(value):
    """Spreadsheet programs run cells starting with = + - @ as formulas."""
    if value is None or isinstance(value, (int, Decimal, date, datetime)):
        return value
    value = str(value)
    if value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value):
    value = escape_formula(value)
    return "" if value is None else value


class _Echo:
    def write(self, value):
        return value


STARTS = frozenset(FORMULA_PREFIXES)
PLAIN = frozenset({int, Decimal, date, datetime})


def cells(row) -> list:
    """_cell() of every value, inline for the common types (a million rows of ten
    cells: ten million calls saved)."""
    return [("'" + v if v[:1] in STARTS else v) if type(v) is str
            else "" if v is None else v if type(v) in PLAIN else _cell(v) for v in row]


BOM = "\ufeff"


def whole_amounts(rows):
    """The rows, amounts of a currency without decimals (VND, IDR) as whole numbers:
    150000, as the API and the pages write it, not the stored 150000.00."""
    org = getattr(current_user, "org", None)
    if org is None or currency.minor_units(org.currency) != 0:
        return rows
    return ([v.quantize(ONE) if type(v) is Decimal and v == v.to_integral_value() else v
             for v in row] for row in rows)


ONE = Decimal(1)


def csv_chunks(headers, read_rows, chunk_rows: int):
    """Chunks of CSV text: one per batch of rows, not one per row, so a million rows
    cost a thousand writes; memory stays at one batch."""
    writer = csv.writer(_Echo())
    # UTF-8's byte order mark first: Excel opens the file as UTF-8 (Thai, Chinese,
    # Vietnamese names), not in the Windows code page; CSV readers take it as UTF-8-sig
    yield BOM + writer.writerow(cells(headers))
    chunk = []
    for row in whole_amounts(read_rows()):
        chunk.append(writer.writerow(cells(row)))
        if len(chunk) == chunk_rows:
            yield "".join(chunk)
            chunk = []
    yield "".join(chunk)


def _xlsx(name, headers, rows) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(name[:31] or "export")
    sheet.append(cells(headers))  # a title may be typed text too
    for row in whole_amounts(rows):
        sheet.append(cells(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def in_currency(header: str) -> str:
    """An amount column's header naming the organization's currency (SPEC S10: a file
    keeps plain numbers, the currency in the header)."""
    return f"{header} ({current_user.org.currency})"


def respond(name: str, kind: str, headers: list[str], read_rows,
            chunk_rows: int = CHUNK) -> Response:
    """The download. `read_rows()` gives the rows; for CSV it is called only when the
    server sends the body, after the view has returned (a query started in the view
    would belong to a session already closed), inside the request's context."""
    disposition = attachment(f"{name}.{kind}", f"export.{kind}")
    if kind == "xlsx":
        return Response(_xlsx(name, headers, read_rows()), headers=disposition, mimetype=(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
    return Response(stream_with_context(csv_chunks(headers, read_rows, chunk_rows)),
                    mimetype="text/csv", headers=disposition)
