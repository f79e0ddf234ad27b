"""Reading a file of returns (SPEC S7): CSV or Excel (.xlsx) into plain rows. Only
reading: what the rows mean is checked by rules/aftersales/importing.py.

Excel files are read by openpyxl with defusedxml installed (openpyxl uses it for its
XML when present: no entity expansion or external entities), read-only, and a cell
holding a formula refuses the file instead of being trusted or evaluated."""
import csv
import io
import zipfile
from dataclasses import dataclass

from ..core.errors import RuleError

MAX_ROWS = 20_000
MAX_CELL = 200
# The template's headers; a few other spellings are accepted.
COLUMNS = ("Order no.", "SKU", "Quantity", "Warehouse", "Tracking no.", "Reason")
ALIASES = {"order no.": "order_no", "order no": "order_no", "order number": "order_no",
           "order": "order_no", "sku": "sku", "sku code": "sku", "quantity": "quantity",
           "qty": "quantity", "warehouse": "warehouse", "tracking no.": "tracking_no",
           "tracking no": "tracking_no", "return tracking no.": "tracking_no",
           "tracking number": "tracking_no", "reason": "reason"}
REQUIRED = {"order_no": "Order no.", "sku": "SKU", "quantity": "Quantity",
            "warehouse": "Warehouse"}


class FileRefused(RuleError):
    """The file cannot be read as a file of returns (nothing was checked or changed)."""


@dataclass
class Row:
    number: int          # as the user sees it in the file (the header is row 1)
    order_no: str
    sku: str
    quantity: str
    warehouse: str
    tracking_no: str = ""
    reason: str = ""


def read(filename: str, data: bytes) -> list[Row]:
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        table = _xlsx_cells(data)
    elif name.endswith((".csv", ".txt")):
        table = _csv_cells(data)
    else:
        raise FileRefused("Choose a .csv or .xlsx file (the template has the columns).")
    return _rows(table)


def _csv_cells(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused("The CSV file is not UTF-8 text: save it as 'CSV UTF-8'.") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return [row for row in csv.reader(io.StringIO(text), dialect)]


def _xlsx_cells(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook  # noqa: PLC0415  (only when an Excel file comes)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise FileRefused("This is not an Excel (.xlsx) file that can be read.") from None
    except Exception as error:  # defusedxml refuses unsafe XML with its own errors
        raise FileRefused(f"This Excel file cannot be read safely ({type(error).__name__})."
                          ) from None
    sheet = book.worksheets[0]
    table = []
    for n, cells in enumerate(sheet.iter_rows(), start=1):
        if n > MAX_ROWS + 1:
            break
        row = []
        for cell in cells:
            if cell.data_type == "f":
                raise FileRefused(f"Row {n}, cell {cell.coordinate}: formulas are not "
                                  "accepted. Paste the values instead.")
            row.append("" if cell.value is None else _text(cell.value))
        table.append(row)
    book.close()
    return table


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 3 as 3.0
    return str(value)


def _rows(table: list[list[str]]) -> list[Row]:
    while table and not any(c.strip() for c in table[-1]):
        table.pop()
    if not table:
        raise FileRefused("The file is empty: use the template's columns.")
    header = [ALIASES.get(c.strip().lower()) for c in table[0]]
    missing = [label for key, label in REQUIRED.items() if key not in header]
    if missing:
        raise FileRefused(f"Row 1 must name the columns; missing: {', '.join(missing)}.")
    if len(table) - 1 > MAX_ROWS:
        raise FileRefused(f"At most {MAX_ROWS:,} rows per file; split it.")
    rows = []
    for n, cells in enumerate(table[1:], start=2):
        values = {key: cells[i].strip()[:MAX_CELL] for i, key in enumerate(header)
                  if key and i < len(cells)}
        if any(values.values()):
            rows.append(Row(n, **{k: values.get(k, "") for k in
                                  ("order_no", "sku", "quantity", "warehouse",
                                   "tracking_no", "reason")}))
    if not rows:
        raise FileRefused("The file has its header but no rows.")
    return rows


def template_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow(["SO2611010001", "PB-10K", "1", "Shah Alam DC", "SPX123456", "Damaged"])
    return out.getvalue().encode("utf-8-sig")


def template_xlsx() -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415
    book = Workbook()
    sheet = book.active
    sheet.title = "Returns"
    sheet.append(COLUMNS)
    sheet.append(["SO2611010001", "PB-10K", 1, "Shah Alam DC", "SPX123456", "Damaged"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
