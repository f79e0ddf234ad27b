"""Stock documents: purchase receipts, inventory counts and returns to a supplier (list,
get, create); each moves stock through the same rules as its page."""
from apiflask import Schema
from apiflask.fields import Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import STOCK_DOCUMENT_KINDS, Sku, StockDocument, Warehouse
from ..rules.stock import documents
from ..rules.stock.documents import DocLine
from . import bp, shapes
from .auth import auth, user
from .calls import ok, write
from .paging import page, where_of
from .rows import may_read, row
from .schemas import ERRORS, Id, Instant, ListQuery, page_of

READ = ("stock.adjust", "stock.return_in", "reports.view")
QTY = Range(min=0, max=1_000_000)
MAKE = {"purchase_receipt": lambda s, u, w, supplier, lines, note:
        documents.receive(s, u, w, supplier, lines, note),
        "inventory_count": lambda s, u, w, supplier, lines, note:
        documents.count(s, u, w, lines, note),
        "supplier_return": lambda s, u, w, supplier, lines, note:
        documents.return_to_supplier(s, u, w, supplier, lines, note)}


class DocLineIn(Schema):
    sku_id = Id(required=True)
    qualified = Integer(load_default=0, validate=QTY)
    unqualified = Integer(load_default=0, validate=QTY)


class DocumentNew(Schema):
    kind = String(required=True, validate=OneOf(list(STOCK_DOCUMENT_KINDS)))
    warehouse_id = Id(required=True)
    supplier = String(load_default="", validate=Length(max=120))
    note = String(load_default="", validate=Length(max=500))
    lines = List(Nested(DocLineIn), required=True, validate=Length(min=1, max=500))


class DocLineOut(Schema):
    sku_id = Integer()
    qualified = Integer()
    unqualified = Integer()
    qualified_change = Integer()
    unqualified_change = Integer()


class DocumentOut(Schema):
    id = Integer()
    number = String()
    kind = String()
    warehouse_id = Integer()
    supplier = String(allow_none=True)
    note = String(allow_none=True)
    lines = List(Nested(DocLineOut))
    created_at = Instant()


class DocumentQuery(ListQuery):
    kind = String(validate=OneOf(list(STOCK_DOCUMENT_KINDS)))
    warehouse_id = Id()


def shape(doc: StockDocument) -> dict:
    return {"id": doc.id, "number": doc.number, "kind": doc.kind,
            "warehouse_id": doc.warehouse_id, "supplier": doc.supplier, "note": doc.note,
            "lines": [{"sku_id": line.sku_id, "qualified": line.qualified,
                       "unqualified": line.unqualified,
                       "qualified_change": line.qualified_change,
                       "unqualified_change": line.unqualified_change} for line in doc.lines],
            "created_at": shapes.instant(user().org, doc.created_at)}


@bp.get("/stock/documents")
@bp.auth_required(auth)
@bp.input(DocumentQuery, location="query")
@bp.output(page_of(DocumentOut, "StockDocumentPage"))
@bp.doc(tags=["Stock"], responses=ERRORS)
def list_documents(query_data):
    """Stock documents, newest first"""
    may_read(*READ)
    where = where_of(StockDocument, user().org_id, query_data, ("kind", "warehouse_id"))
    return ok(page(StockDocument, where, query_data, shape,
                   (selectinload(StockDocument.lines),)))


@bp.get("/stock/documents/<int:document_id>")
@bp.auth_required(auth)
@bp.output(DocumentOut)
@bp.doc(tags=["Stock"], responses=ERRORS)
def get_document(document_id):
    """One stock document and its lines"""
    may_read(*READ)
    return ok(shape(row(StockDocument, document_id)))


@bp.post("/stock/documents")
@bp.auth_required(auth)
@bp.input(DocumentNew, location="json")
@bp.output(DocumentOut, status_code=201)
@bp.doc(tags=["Stock"], responses=ERRORS)
def create_document(json_data):
    """A purchase receipt (goods in), an inventory count (the counted quantities become
    the stock) or a return to the supplier (unqualified goods out)"""
    def make():
        warehouse = row(Warehouse, json_data["warehouse_id"])
        lines = [DocLine(row(Sku, line["sku_id"]), line["qualified"], line["unqualified"])
                 for line in json_data["lines"]]
        return MAKE[json_data["kind"]](db.session, user(), warehouse, json_data["supplier"],
                                       lines, json_data["note"])
    return write(make, shape)
