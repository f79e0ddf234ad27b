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
from ..core.text import CONTROL

# What one file may hold. Checked before the whole file is read: an Excel file's
# uncompressed parts from its zip directory, its rows and columns as they stream in.
MAX_ROWS = 20_000
MAX_COLUMNS = 30
MAX_CELL = 200
MAX_UNCOMPRESSED = 24 * 1024 * 1024   # every part of an .xlsx, unzipped
MAX_RATIO = 100                       # unzipped / zipped, per part (a zip bomb is far more)
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
    table = Table()
    reader = csv.reader(io.StringIO(text), dialect)
    try:
        for row in reader:
            _add(table, row, reader.line_num)
    except csv.Error as error:  # e.g. a field longer than csv's own limit
        raise FileRefused(f"Line {reader.line_num}: this is not a CSV file that can be read "
                          f"({error}).") from None
    return table


class Table(list):
    """The file's rows as read; `filled` counts those with a value."""
    filled = 0


def _add(table: Table, row: list[str], n: int) -> None:
    """Add a row, refusing the file (never cutting it short) past the limits."""
    if any(cell.strip() for cell in row[MAX_COLUMNS:]):
        raise FileRefused(f"Row {n}: more than {MAX_COLUMNS} columns; the template has "
                          f"{len(COLUMNS)}.")
    if any(cell.strip() for cell in row):
        table.filled += 1
        if table.filled > MAX_ROWS + 1:
            raise FileRefused(f"The file has more than {MAX_ROWS:,} rows: at most "
                              f"{MAX_ROWS:,} per file (and the header). Split it and "
                              "import each part.")
    table.append(row[:MAX_COLUMNS])


def _xlsx_cells(data: bytes) -> list[list[str]]:
    _check_zip(data)
    from openpyxl import load_workbook  # noqa: PLC0415  (only when an Excel file comes)
    table = Table()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = book.worksheets[0]
        rows = (sheet.max_row or 0) - 1
        if rows > MAX_ROWS:
            raise FileRefused(f"The sheet has {rows:,} rows: at most {MAX_ROWS:,} per file "
                              "(and the header). Split it and import each part.")
        for n, cells in enumerate(sheet.iter_rows(), start=1):
            row = []
            for cell in cells:
                if cell.data_type == "f":
                    raise FileRefused(f"Row {n}, cell {cell.coordinate}: formulas are not "
                                      "accepted. Paste the values instead.")
                row.append("" if cell.value is None else _text(cell.value))
            _add(table, row, n)
        book.close()
    except FileRefused:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError,
            AttributeError):
        raise FileRefused("This is not an Excel (.xlsx) file that can be read.") from None
    except Exception as error:  # noqa: BLE001  the XML parser's and defusedxml's own errors
        raise FileRefused(f"This Excel file cannot be read ({type(error).__name__}): save "
                          "it again from Excel, or as CSV UTF-8.") from None
    return table


def _check_zip(data: bytes) -> None:
    """An .xlsx is a zip: its directory says how big each part unzips, before anything
    is unzipped. Too big, or compressed like a zip bomb: refused."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused("This is not an Excel (.xlsx) file that can be read.") from None
    total = sum(part.file_size for part in parts)
    if total > MAX_UNCOMPRESSED:
        raise FileRefused(f"This Excel file unzips to {total / 2**20:,.0f} MB: at most "
                          f"{MAX_UNCOMPRESSED // 2**20} MB ({MAX_ROWS:,} rows of the "
                          "template's columns fit easily). Split it, or save it as CSV.")
    for part in parts:
        if part.file_size > 1024 * 1024 and \
                part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise FileRefused(f"This Excel file is compressed over {MAX_RATIO} times "
                              f"({part.filename}): it is not a sheet of returns.")


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
    rows = []
    for n, cells in enumerate(table[1:], start=2):
        values = {key: _cell(cells[i], n, key) for i, key in enumerate(header)
                  if key and i < len(cells)}
        if any(values.values()):
            rows.append(Row(n, **{k: values.get(k, "") for k in
                                  ("order_no", "sku", "quantity", "warehouse",
                                   "tracking_no", "reason")}))
    if not rows:
        raise FileRefused("The file has its header but no rows.")
    return rows


def _cell(value: str, n: int, key: str) -> str:
    """A cell as read, refused (never cut short) when it cannot be a value."""
    label = next(c for c in COLUMNS if ALIASES.get(c.lower()) == key)
    text = value.strip()
    if len(text) > MAX_CELL:
        raise FileRefused(f"Row {n}, {label}: {len(text):,} characters; at most {MAX_CELL}.")
    if CONTROL.search(text):
        raise FileRefused(f"Row {n}, {label}: holds a control character (such as NUL or a "
                          "line break): type the value again.")
    return text


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
