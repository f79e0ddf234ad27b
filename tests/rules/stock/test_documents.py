"""Stock documents and unqualified notes (SPEC S3, seed 003): receipts and counts add or
replace notes, a return to supplier carries them, a note clears itself at zero."""
import pytest

from admin_app.models import StockLevel, StockMovement
from admin_app.rules.core.errors import StockError
from admin_app.rules.stock import documents, movements
from admin_app.rules.stock.documents import DocLine

from ... import builders
from tests.refusals import refused


@pytest.fixture
def w(session):
    return builders.make_world(session, "Doc Shop", "Doc")


def level(session, w):
    return session.query(StockLevel).filter_by(sku_id=w.sku.id,
                                               warehouse_id=w.warehouse.id).one()


def test_a_receipt_moves_both_qualities_and_appends_or_replaces_the_note(session, w):
    start = level(session, w).qualified
    doc = documents.receive(session, w.main, w.warehouse, "Acme Parts",
                            [DocLine(w.sku, 5, 2)], note="Dented boxes")
    lv = level(session, w)
    assert (lv.qualified, lv.unqualified, lv.unqualified_note) == (start + 5, 2, "Dented boxes")
    assert doc.number.startswith("GR") and doc.lines[0].unqualified_change == 2  # PR: payments
    assert session.query(StockMovement).filter_by(source_ref=doc.number).count() == 2
    documents.receive(session, w.main, w.warehouse, "Acme Parts", [DocLine(w.sku, 0, 1)],
                      note="Wet label")
    assert level(session, w).unqualified_note == "Dented boxes\nWet label"
    documents.receive(session, w.main, w.warehouse, "Acme Parts", [DocLine(w.sku, 0, 1)],
                      note="All water damage", replace_note=True)
    assert level(session, w).unqualified_note == "All water damage"


def test_a_count_turns_differences_into_movements(session, w):
    documents.receive(session, w.main, w.warehouse, "", [DocLine(w.sku, 0, 3)], note="Old")
    before = level(session, w).qualified
    doc = documents.count(session, w.main, w.warehouse, [DocLine(w.sku, before - 2, 4)],
                          note="One more cracked found", replace_note=False)
    lv = level(session, w)
    assert (lv.qualified, lv.unqualified) == (before - 2, 4)
    assert (doc.lines[0].qualified_change, doc.lines[0].unqualified_change) == (-2, 1)
    assert lv.unqualified_note == "Old\nOne more cracked found"


def test_a_return_to_supplier_carries_the_note_and_clears_it_at_zero(session, w):
    documents.receive(session, w.main, w.warehouse, "Acme", [DocLine(w.sku, 0, 3)],
                      note="Cracked screens")
    first = documents.return_to_supplier(session, w.main, w.warehouse, "Acme",
                                         [DocLine(w.sku, 0, 2)])
    assert first.lines[0].unqualified_note == "Cracked screens"
    assert level(session, w).unqualified_note == "Cracked screens"  # 1 still here
    documents.return_to_supplier(session, w.main, w.warehouse, "Acme", [DocLine(w.sku, 0, 1)])
    lv = level(session, w)
    assert (lv.unqualified, lv.unqualified_note) == (0, None)


def test_documents_refuse_what_cannot_be_done_and_change_nothing(session, w):
    with pytest.raises(StockError, match="Not enough unqualified stock"):
        with session.begin_nested():
            documents.return_to_supplier(session, w.main, w.warehouse, "Acme",
                                         [DocLine(w.sku, 0, 1)])
    with refused("stock_document.line_unqualified_units_go"):
        documents.return_to_supplier(session, w.main, w.warehouse, "Acme",
                                     [DocLine(w.sku, 1, 0)])
    with pytest.raises(StockError, match="Supplier"):
        documents.return_to_supplier(session, w.main, w.warehouse, " ", [DocLine(w.sku, 0, 1)])
    with pytest.raises(StockError, match="combo"):
        documents.receive(session, w.main, w.warehouse, "", [DocLine(w.combo, 1, 0)])
    with pytest.raises(StockError, match="twice"):
        documents.count(session, w.main, w.warehouse, [DocLine(w.sku, 1), DocLine(w.sku, 2)])
    with pytest.raises(StockError, match="whole numbers"):
        documents.receive(session, w.main, w.warehouse, "", [DocLine(w.sku, -1, 0)])
    assert level(session, w).unqualified == 0


def test_a_count_brings_any_stock_to_what_was_counted(session, w):
    """A count's difference is what the stock was, not a quantity typed: two receipts of
    a million each are counted down to 0 in one movement."""
    start = level(session, w).qualified
    for _ in range(2):
        documents.receive(session, w.main, w.warehouse, "Big", [DocLine(w.sku, 1_000_000, 0)])
    doc = documents.count(session, w.main, w.warehouse, [DocLine(w.sku, 0, 0)])
    assert level(session, w).qualified == 0
    assert [ln.qualified_change for ln in doc.lines] == [-2_000_000 - start]
    # a level beyond what the column holds is refused, never an overflow
    movements.move_stock(session, w.main, w.sku, w.warehouse, "qualified",
                         movements.MAX_LEVEL, "x", most=movements.MAX_LEVEL)
    with refused("stock.level_most"):
        movements.move_stock(session, w.main, w.sku, w.warehouse, "qualified", 1, "x")
    assert level(session, w).qualified == movements.MAX_LEVEL


def test_no_document_for_a_warehouse_at_a_supplier_or_a_deactivated_one(session, w):
    """A hidden choice is not a check: the rule refuses what the form does not offer."""
    from admin_app.models import Warehouse
    at_supplier = Warehouse(org_id=w.org.id, name="At the supplier", kind="supplier")
    closed = Warehouse(org_id=w.org.id, name="Closed", kind="own", active=False)
    session.add_all([at_supplier, closed])
    session.flush()
    with refused("stock_document.supplier_warehouse", name="At the supplier"):
        documents.receive(session, w.main, at_supplier, "Acme", [DocLine(w.sku, 4, 0)])
    with refused("usage.deactivated_activate_again_choose"):
        documents.receive(session, w.main, closed, "Acme", [DocLine(w.sku, 4, 0)])
    assert session.query(StockLevel).filter(
        StockLevel.warehouse_id.in_([at_supplier.id, closed.id])).count() == 0


def test_a_document_s_movements_are_noted_in_english_and_read_in_the_reader_s_language(
        app, session, w):
    """Whoever writes it (here a Chinese reader), the note is stored in English, as the
    files and the audit trail read it, and shown in each reader's own words."""
    from admin_app.rules.core import notes
    from admin_app.rules.core.messages import speaking
    with app.test_request_context(), speaking("zh_Hans"):
        doc = documents.receive(session, w.main, w.warehouse, "Acme Parts",
                                [DocLine(w.sku, 1, 0)])
        moved = session.query(StockMovement).filter_by(source_ref=doc.number).one()
        assert moved.reason == f"Purchase receipt {doc.number}"
        assert notes.shown(moved.reason) == f"采购入库单 {doc.number}"
