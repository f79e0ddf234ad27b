"""CSV (streamed) and Excel downloads of report pages, escaped against formulas."""
import csv
import io

from flask import Response, stream_with_context
from openpyxl import Workbook

from .base import escape_formula

EXPORT_TYPES = ("csv", "xlsx")


class _Line:
    def write(self, value):
        return value


def export(name: str, kind: str, headers: list[str], rows) -> Response:
    """`rows` may be a generator: the CSV streams as it is produced."""
    if kind == "xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet(name[:31])
        sheet.append(headers)
        for row in rows:
            sheet.append([_cell(v) for v in row])
        out = io.BytesIO()
        book.save(out)
        return Response(out.getvalue(), headers={
            "Content-Disposition": f"attachment; filename={name}.xlsx"},
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    writer = csv.writer(_Line())

    def generate():
        yield writer.writerow(headers)
        for row in rows:
            yield writer.writerow([_cell(v) for v in row])

    return Response(stream_with_context(generate()), mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename={name}.csv"})


def _cell(value):
    value = escape_formula(value)
    return "" if value is None else value
