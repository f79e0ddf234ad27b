"""Stock documents (SPEC S3, seed 003): a purchase receipt (goods in from a supplier,
qualified and unqualified), an inventory count (the counted quantities; the difference
is a movement) and a return to supplier (unqualified goods out, carrying the notes that
explain them). Each moves stock only through the movement journal, and a receipt or a
count can append to or replace the unqualified note of what it touches; the note clears
itself when the unqualified quantity reaches 0 (movements.move_stock)."""
from dataclasses import dataclass

from ..core import audit, clock, notes, usage
from ..core.errors import StockError
from ..core.numbering import unique_number
from ..core.text import typed
from . import movements
from ...models import Sku, StockDocument, StockDocumentLine
from ..core.usecase import use_case

# GR: a payment receipt is PR already (two kinds of receipt under one prefix confused
# people reading a number)
PREFIX = {"purchase_receipt": "GR", "inventory_count": "IC", "supplier_return": "RS"}
MAX_LINES = 200


@dataclass
class DocLine:
    sku: Sku
    qualified: int = 0       # receipt: in; count: counted; return: (unused)
    unqualified: int = 0     # receipt: in; count: counted; return: sent back


def _start(session, user, kind, warehouse, lines, supplier=None, note=None):
    if warehouse is None or warehouse.org_id != user.org_id:
        raise StockError('stock_document.warehouse_choose_one_your', field='warehouse')
    if warehouse.kind == "supplier":  # goods there are the supplier's, as at stock-in
        raise StockError('stock_document.supplier_warehouse', {'name': warehouse.name},
                         field='warehouse')
    usage.require_active(warehouse)
    if not lines:
        raise StockError('order.lines_add_least_one', field='lines')
    if len(lines) > MAX_LINES:
        raise StockError(
            "stock_document.lines_most_per_document", {"max_lines": MAX_LINES}, field="lines"
        )
    seen = set()
    for n, line in enumerate(lines, start=1):
        if line.sku is None or line.sku.org_id != user.org_id:
            raise StockError('aftersales.line_choose_sku_your', {'n': n})
        if line.sku.is_combo:
            raise StockError(
                "stock_document.line_combo_count_move", {"n": n, "code": line.sku.code}
            )
        if line.sku.id in seen:
            raise StockError('stock_document.line_document_twice', {'n': n, 'code': line.sku.code})
        seen.add(line.sku.id)
        for value in (line.qualified, line.unqualified):
            if not isinstance(value, int) or not 0 <= value <= movements.MAX_MOVE:
                raise StockError(
                    "stock_document.line_quantities_whole_numbers",
                    {"n": n, "max_move": movements.MAX_MOVE},
                )
    doc = StockDocument(
        org_id=user.org_id, kind=kind, warehouse_id=warehouse.id, warehouse=warehouse,
        number=unique_number(session, StockDocument, user.org_id, PREFIX[kind],
                             clock.today(session, user.org_id)),
        supplier=typed(supplier, "Supplier", 120), note=typed(note, "Note", 500),
        created_by=getattr(user, "id", None))
    session.add(doc)
    return doc


def _move(session, user, doc, sku, quality, qty):
    if qty:  # a count's difference is what the stock was, however large
        movements.move_stock(session, user, sku, doc.warehouse, quality, qty,
                             notes.STOCK_DOCUMENT[doc.kind].format(number=doc.number),
                             doc.kind, doc.number,
                             most=movements.MAX_LEVEL if doc.kind == "inventory_count"
                             else movements.MAX_MOVE)


def _finish(session, user, doc):
    session.flush()
    audit.record(session, user, f"stock.{doc.kind}", doc,
                 after={"number": doc.number, "warehouse": doc.warehouse.name,
                        "lines": len(doc.lines)})
    return doc


@use_case("stock.adjust")
def receive(session, user, warehouse, supplier, lines: list[DocLine], note: str = "",
            replace_note: bool = False) -> StockDocument:
    """Goods in from a supplier; the note explains the unqualified ones."""
    doc = _start(session, user, "purchase_receipt", warehouse, lines, supplier, note)
    for n, line in enumerate(lines, start=1):
        if not line.qualified and not line.unqualified:
            raise StockError('stock_document.line_receive_least_one', {'n': n})
        _move(session, user, doc, line.sku, "qualified", line.qualified)
        _move(session, user, doc, line.sku, "unqualified", line.unqualified)
        if line.unqualified:
            movements.note_unqualified(session, user.org_id, line.sku, warehouse, note,
                                       replace_note)
        doc.lines.append(StockDocumentLine(
            org_id=user.org_id, sku_id=line.sku.id, qualified=line.qualified,
            unqualified=line.unqualified, qualified_change=line.qualified,
            unqualified_change=line.unqualified))
    return _finish(session, user, doc)


@use_case("stock.adjust")
def count(session, user, warehouse, lines: list[DocLine], note: str = "",
          replace_note: bool = False) -> StockDocument:
    """The counted quantities become the stock: each difference is a movement."""
    doc = _start(session, user, "inventory_count", warehouse, lines, note=note)
    for line in lines:
        level = movements.locked_level(session, user.org_id, line.sku.id, warehouse.id)
        changes = (line.qualified - level.qualified, line.unqualified - level.unqualified)
        _move(session, user, doc, line.sku, "qualified", changes[0])
        _move(session, user, doc, line.sku, "unqualified", changes[1])
        if line.unqualified:
            movements.note_unqualified(session, user.org_id, line.sku, warehouse, note,
                                       replace_note)
        doc.lines.append(StockDocumentLine(
            org_id=user.org_id, sku_id=line.sku.id, qualified=line.qualified,
            unqualified=line.unqualified, qualified_change=changes[0],
            unqualified_change=changes[1]))
    return _finish(session, user, doc)


@use_case("stock.adjust")
def return_to_supplier(session, user, warehouse, supplier, lines: list[DocLine],
                       note: str = "") -> StockDocument:
    """Unqualified goods back to the supplier (for repair or credit), each line carrying
    the note that explains them; a note whose stock is all gone clears itself."""
    if not (supplier or "").strip():
        raise StockError('stock_document.supplier_say_who_goods', field='supplier')
    doc = _start(session, user, "supplier_return", warehouse, lines, supplier, note)
    for n, line in enumerate(lines, start=1):
        if line.qualified or not line.unqualified:
            raise StockError('stock_document.line_unqualified_units_go', {'n': n})
        level = movements.locked_level(session, user.org_id, line.sku.id, warehouse.id)
        doc.lines.append(StockDocumentLine(
            org_id=user.org_id, sku_id=line.sku.id, unqualified=line.unqualified,
            unqualified_change=-line.unqualified, unqualified_note=level.unqualified_note))
        _move(session, user, doc, line.sku, "unqualified", -line.unqualified)
    return _finish(session, user, doc)
