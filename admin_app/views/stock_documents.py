"""Stock documents (seed 003): purchase receipts, inventory counts and returns to
supplier, each a form of SKU lines; a return to supplier exports its lines and their
unqualified notes to Excel for the supplier."""
from flask import redirect, request, url_for
from flask_admin import expose
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import selectinload

from flask_babel import gettext

from . import exporting
from .access import get_or_404, own_active, own_one
from .forms import new_token, parse_whole
from .model_view import ReadOnlyView, choice_filters
from .transaction import run
from .lookups import typed_one
from ..extensions import db
from ..models import STOCK_DOCUMENT_KINDS, Sku, StockDocument, StockDocumentLine, Warehouse
from ..rules.core import clock
from ..rules.core.errors import RuleError
from ..rules.stock import documents
from ..rules.stock.documents import DocLine

FORM_LINES = 8


def _line_text(doc, ln):
    if doc.kind != "supplier_return":
        return gettext("%(sku)s: qualified %(q)s (%(qc)s), unqualified %(u)s (%(uc)s)",
                       sku=ln.sku.code, q=ln.qualified, qc=f"{ln.qualified_change:+d}",
                       u=ln.unqualified, uc=f"{ln.unqualified_change:+d}")
    note = ln.unqualified_note or ""
    short = note if len(note) <= 40 else note[:39] + "…"
    return Markup('{} <span title="{}">{}</span>').format(
        gettext("%(sku)s: %(count)s unqualified", sku=ln.sku.code, count=ln.unqualified), note,
        f"({short})" if note else "")


def _lines(view, context, doc, name):
    return Markup("<br>").join(_line_text(doc, ln) for ln in doc.lines)


def _excel(view, context, doc, name):
    if doc.kind != "supplier_return":
        return ""
    return Markup('<a href="{}">{}</a>').format(
        url_for(".excel", doc_id=doc.id), gettext("Excel for the supplier"))


class StockDocumentsView(ReadOnlyView):
    permissions = ("stock.adjust",)
    list_template = "stock/documents.html"
    column_list = ("number", "kind", "warehouse", "supplier", "lines", "note", "created_at",
                   "excel")
    column_details_list = ("number", "kind", "warehouse", "supplier", "lines", "note",
                           "user", "created_at")
    column_labels = {"kind": "Document", "user": "By", "created_at": "When", "excel": "",
                     "warehouse.name": "Warehouse"}
    column_formatters = {"kind": lambda v, c, m, n: m.kind_label, "lines": _lines,
                         "excel": _excel}
    column_filters = (*choice_filters(StockDocument.kind, "Document", STOCK_DOCUMENT_KINDS),
                      "created_at")
    column_searchable_list = ("number", "supplier", "warehouse.name")
    column_default_sort = ("id", True)

    def get_query(self):
        # the lines column: one more query, whatever the rows
        return super().get_query().options(
            selectinload(StockDocument.lines).joinedload(StockDocumentLine.sku))

    @expose("/new/<kind>", methods=("GET", "POST"))
    def new(self, kind):
        if kind not in STOCK_DOCUMENT_KINDS:
            return redirect(url_for(".index_view"))
        form = request.form
        if request.method == "POST":
            outcome = run(lambda: self._make(kind, form), token=form.get("token", ""),
                          action=f"stock.{kind}",
                          done=lambda doc: gettext("%(document)s %(number)s saved.",
                                                   document=doc.kind_label, number=doc.number))
            if outcome.ok or outcome.replayed:
                return redirect(url_for(".index_view"))
        warehouses = db.session.execute(own_active(Warehouse).where(
            Warehouse.kind != "supplier").order_by(Warehouse.name)).scalars().all()
        return self.render("stock/document_form.html", kind=kind,
                           label=STOCK_DOCUMENT_KINDS[kind], warehouses=warehouses,
                           form=form, token=form.get("token") or new_token(),
                           rows=range(FORM_LINES))

    def _make(self, kind, form):
        warehouse = own_one(Warehouse, Warehouse.id == parse_whole(
            form.get("warehouse"), "Warehouse")) if form.get("warehouse") else None
        lines = []
        for n in range(FORM_LINES):
            code = (form.get(f"sku_{n}") or "").strip()[:60]
            if not code:
                continue
            sku = typed_one(Sku, Sku.code, code)
            if sku is None:
                raise RuleError('form.line_sku', {'value': n + 1, 'code': code})
            lines.append(DocLine(sku, parse_whole(form.get(f"q_{n}"), f"{code} qualified") or 0,
                                 parse_whole(form.get(f"u_{n}"), f"{code} unqualified") or 0))
        note, replace = form.get("note") or "", form.get("replace_note") == "y"
        if kind == "purchase_receipt":
            return documents.receive(db.session, current_user, warehouse,
                                     form.get("supplier"), lines, note, replace)
        if kind == "inventory_count":
            return documents.count(db.session, current_user, warehouse, lines, note, replace)
        return documents.return_to_supplier(db.session, current_user, warehouse,
                                            form.get("supplier"), lines, note)

    @expose("/<int:doc_id>/excel")
    def excel(self, doc_id):
        """A return to supplier's lines and their notes, for the supplier (notes are
        typed text: written through the export's formula escaping)."""
        doc = get_or_404(StockDocument, doc_id)
        title = [f"{doc.kind_label} {doc.number}", doc.supplier or "", doc.warehouse.name,
                 f"{clock.date_of(db.session, doc.org_id, doc.created_at):%Y-%m-%d}"]
        rows = [list(map(gettext, ["SKU", "Name", "Quantity", "Unqualified note"]))] + [
            [line.sku.code, line.sku.name, line.unqualified, line.unqualified_note or ""]
            for line in doc.lines]
        return exporting.respond(doc.number, "xlsx", title, lambda: rows)
