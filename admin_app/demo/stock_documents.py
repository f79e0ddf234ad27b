"""The demo's stock documents (seed 003): damaged goods received with a note, a count
that found more, and some sent back to the supplier carrying their note."""
from ..rules.stock import documents
from ..rules.stock.documents import DocLine


def stock_documents(session, main, warehouse, skus):
    single = [s for s in skus.values() if not s.is_combo and s.active]
    hub, cable = single[-3], single[2]
    documents.receive(session, main, warehouse, "Shenzhen Power Ltd",
                      [DocLine(hub, 20, 4), DocLine(cable, 50, 0)],
                      note="Carton crushed in transit, casing cracked")
    level = documents.movements.locked_level(session, hub.org_id, hub.id, warehouse.id)
    documents.count(session, main, warehouse,
                    [DocLine(hub, level.qualified - 1, level.unqualified + 1)],
                    note="One more found with a bent port at the monthly count")
    documents.return_to_supplier(session, main, warehouse, "Shenzhen Power Ltd",
                                 [DocLine(hub, 0, 3)], note="For repair or credit")

