"""Reading a file of returns (SPEC S7): CSV or Excel (.xlsx) into plain rows. Only
reading: what the rows mean is checked by rules/aftersales/importing.py.

Excel files are read by openpyxl with defusedxml installed (openpyxl uses it for its
XML when present: no entity expansion or external entities), read-only, and a cell
holding a formula refuses the file instead of being trusted or evaluated."""
import csv
import io
import math
import zipfile
from dataclasses import dataclass

from ..core.errors import RuleError
from ..core.text import CONTROL
from ..core.text import digits_only

# What one file may hold. Checked before the whole file is read: an Excel file's
# uncompressed parts from its zip directory, its rows and columns as they stream in.
MAX_ROWS = 20_000
MAX_COLUMNS = 30
MAX_CELL = 200
MAX_UNCOMPRESSED = 24 * 1024 * 1024   # every part of an .xlsx, unzipped
MAX_RATIO = 100                       # unzipped / zipped, per part (a zip bomb is far more)
# a CSV of 20,000 rows of a platform's 12 columns in Thai or Chinese (3 bytes a letter)
# fits; a file of nothing but line breaks does not get read for minutes
MAX_CSV_BYTES = 48 * 1024 * 1024
MAX_LINES = 5 * MAX_ROWS              # blank lines included: a file of empty lines is refused
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
    return [Row(n, **{k: values.get(k, "") for k in Row.__dataclass_fields__ if k != "number"})
            for n, values in records(cells(filename, data), ALIASES, REQUIRED, COLUMNS)]


def cells(filename: str, data: bytes) -> list[list[str]]:
    """A CSV or Excel file's cells, checked against the limits (any file of rows)."""
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        return _xlsx_cells(data)
    if name.endswith((".csv", ".txt")):
        return _csv_cells(data)
    raise FileRefused('import.choose_csv_xlsx_file')


def _csv_cells(data: bytes) -> list[list[str]]:
    if len(data) > MAX_CSV_BYTES:
        raise FileRefused('import.csv_file_too_large', {
            'size': math.ceil(len(data) / 2**20 * 10) / 10, 'max_mb': MAX_CSV_BYTES // 2**20,
            'max_rows': MAX_ROWS})
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRefused('import.csv_file_utf_8') from None
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
        raise FileRefused(
            "import.line_csv_file_read", {"line_num": reader.line_num, "error": error}
        ) from None
    return table


class Table(list):
    """The file's rows as read; `filled` counts those with a value, `lines` all."""
    filled = 0
    lines = 0


def _add(table: Table, row: list[str], n: int) -> None:
    """Add a row, refusing the file (never cutting it short) past the limits."""
    if any(cell.strip() for cell in row[MAX_COLUMNS:]):
        raise FileRefused(
            "import.row_more_columns_template",
            {"n": n, "max_columns": MAX_COLUMNS, "columns": len(COLUMNS)},
        )
    table.lines += 1
    if table.lines > MAX_LINES:
        raise FileRefused('import.file_more_lines_most', {'max_lines': MAX_LINES,
                                                           'max_rows': MAX_ROWS})
    if any(cell.strip() for cell in row):
        table.filled += 1
        if table.filled > MAX_ROWS + 1:
            raise FileRefused('import.file_more_rows_most', {'max_rows': MAX_ROWS})
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
            raise FileRefused('import.sheet_rows_most_per', {'rows': rows, 'max_rows': MAX_ROWS})
        for n, cells in enumerate(sheet.iter_rows(), start=1):
            row = []
            for cell in cells:
                if cell.data_type == "f":
                    raise FileRefused(
                        "import.row_cell_formulas_accepted",
                        {"n": n, "coordinate": cell.coordinate},
                    )
                row.append("" if cell.value is None else _text(cell.value))
            _add(table, row, n)
        book.close()
    except FileRefused:
        raise
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError,
            AttributeError):
        raise FileRefused('import.excel_xlsx_file_read') from None
    except Exception as error:  # noqa: BLE001  the XML parser's and defusedxml's own errors
        raise FileRefused('import.excel_file_read_save', {'name': type(error).__name__}) from None
    return table


def _check_zip(data: bytes) -> None:
    """An .xlsx is a zip: its directory says how big each part unzips, before anything
    is unzipped. Too big, or compressed like a zip bomb: refused."""
    try:
        parts = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise FileRefused('import.excel_xlsx_file_read') from None
    total = sum(part.file_size for part in parts)
    if total > MAX_UNCOMPRESSED:
        raise FileRefused(
            "import.excel_file_unzips_mb",
            {
                "value": total / 2**20,
                "value2": MAX_UNCOMPRESSED // 2**20,
                "max_rows": MAX_ROWS,
            },
        )
    for part in parts:
        if part.file_size > 1024 * 1024 and \
                part.file_size > MAX_RATIO * max(part.compress_size, 1):
            raise FileRefused(
                "import.excel_file_compressed_over",
                {"max_ratio": MAX_RATIO, "filename": part.filename},
            )


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 3 as 3.0
    return str(value)


def records(table: list[list[str]], aliases: dict, required: dict,
            columns: tuple) -> list[tuple[int, dict]]:
    """(row number, {field: text}) of each filled row, its header read through
    `aliases` (lower-case header -> field); the `required` fields must be named."""
    while table and not any(c.strip() for c in table[-1]):
        table.pop()
    if not table:
        raise FileRefused('import.file_empty_use_template')
    header = [aliases.get(c.strip().lower()) for c in table[0]]
    missing = [label for key, label in required.items() if key not in header]
    if missing:
        raise FileRefused('import.row_1_must_name', {'names': ', '.join(missing)})
    rows = []
    for n, row in enumerate(table[1:], start=2):
        values = {key: _cell(row[i], n, _label(key, aliases, columns))
                  for i, key in enumerate(header) if key and i < len(row)}
        if any(values.values()):
            rows.append((n, values))
    if not rows:
        raise FileRefused('import.file_header_but_rows')
    return rows


def _label(key: str, aliases: dict, columns: tuple) -> str:
    return next((c for c in columns if aliases.get(c.lower()) == key), key)


def _cell(value: str, n: int, label: str) -> str:
    """A cell as read, refused (never cut short) when it cannot be a value."""
    text = value.strip()
    if len(text) > MAX_CELL:
        raise FileRefused(
            "import.row_characters_most",
            {"n": n, "label": label, "text": len(text), "max_cell": MAX_CELL},
        )
    if CONTROL.search(text):
        raise FileRefused('import.row_holds_control_character', {'n': n, 'label': label})
    return text


EXAMPLE = ("SO2611010001", "PB-10K", "1", "Shah Alam DC", "SPX123456", "Damaged")


def template_csv(columns=COLUMNS, example=EXAMPLE) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    writer.writerow(example)
    return out.getvalue().encode("utf-8-sig")


def template_xlsx(columns=COLUMNS, example=EXAMPLE, title="Returns") -> bytes:
    from openpyxl import Workbook  # noqa: PLC0415
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(columns)
    sheet.append([int(v) if digits_only(v) and len(v) < 6 else v for v in example])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
