"""A large list's export as a job: the list's own export (its filters, search, sort
and the organization gate, as the user asked it) replayed for the user who started it,
written row by row (CSV, or openpyxl's write-only mode: memory stays flat) to a file
kept for a day. Excel holds 1,048,576 rows: past that the job says so and stops."""
import secrets

from flask_babel import gettext
from flask_login import login_user
from openpyxl import Workbook

from .. import uploads
from ..extensions import db
from ..models import User
from ..rules.core import jobs
from ..rules.core.errors import RuleError
from ..views import exporting
from .registry import BOUND as _app, KINDS

EXCEL_ROWS = 1_048_576 - 1  # the sheet's rows less the header
EVERY = 1000                # progress reported every this many rows


def _view(app, endpoint: str):
    for view in app.extensions["admin"][0]._views:
        if view.endpoint == endpoint:
            return view
    raise LookupError(f"no list {endpoint!r}")


def export_file(job, report):
    app, asked = _app["app"], jobs.params(job)
    kind = asked.get("kind", "xlsx")
    view = _view(app, asked["endpoint"])
    stored = f"{secrets.token_hex(16)}.{kind}"
    path = uploads.job_file(job.org_id, stored)
    with app.test_request_context(f"/admin/{asked['endpoint']}/?{asked['query']}"):
        user = db.session.get(User, job.user_id)
        login_user(user)
        # as at the page: a user whose role lost the list meanwhile gets nothing
        if not user.is_active or not view.may_open("export"):
            raise RuleError("access.not_permitted", {"names": f'"{view.name}"'})
        written, cut = (_write if kind == "xlsx" else _write_csv)(path, view, report)
        name = f"{view.get_export_name(export_type=kind).rsplit('.', 1)[0]}.{kind}"
        message = gettext("%(count)s row(s) exported.", count=f"{written:,}") + (
            " " + gettext("Excel holds %(rows)s rows: the rest are not in this file; export "
                          "it as CSV, or narrow the list with its filters.",
                          rows=f"{EXCEL_ROWS:,}") if cut else "")
    return written, message, stored, name


def _counted(view, report):
    """The list's export rows, progress reported every EVERY rows; its count after."""
    counted = {"rows": 0}

    def rows():
        for row in view._export_rows():
            yield row
            counted["rows"] += 1
            if counted["rows"] % EVERY == 0:
                report(counted["rows"])
    return rows, counted


def _write(path, view, report) -> tuple[int, bool]:
    """The page's Excel writing (views/exporting.py: formulas escaped), into a file,
    row by row, up to Excel's limit."""
    rows, counted = _counted(view, report)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("export")
    sheet.append(exporting.cells(view.export_header()))
    for row in exporting.whole_amounts(rows()):  # counted: the rows before this one
        if counted["rows"] == EXCEL_ROWS:
            book.save(path)
            return EXCEL_ROWS, True
        sheet.append(exporting.cells(row))
    book.save(path)
    return counted["rows"], False


def _write_csv(path, view, report) -> tuple[int, bool]:
    """The page's CSV stream (views/exporting.py), into a file."""
    rows, counted = _counted(view, report)
    headers = view.export_header()
    with open(path, "w", newline="", encoding="utf-8") as out:
        for chunk in exporting.csv_chunks(headers, rows, EVERY):
            out.write(chunk)
    return counted["rows"], False


KINDS["export"] = export_file
