"""Stock levels and the append-only movement journal (SPEC S3)."""
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from ..core import audit
from ..core.errors import StockError
from ...models import (
    QUALITIES,
    ComboComponent,
    Sku,
    StockLevel,
    StockMovement,
    Warehouse,
)
from ..core.usecase import use_case

MAX_MOVE = 1_000_000
MAX_LEVEL = 2**31 - 1  # a stock level's column (INTEGER)


def components_of(session, sku: Sku, quantity: int) -> list[tuple[Sku, int]]:
    """A combo SKU moves its sub-SKUs; any other SKU moves itself."""
    if not sku.is_combo:
        return [(sku, quantity)]
    parts = session.query(ComboComponent).filter_by(combo_id=sku.id).all()
    if not parts:
        raise StockError('stock.combo_sub_skus_add', {'code': sku.code})
    result = []
    for part in parts:
        if part.component.is_combo:
            raise StockError(
                "stock.combo_contains_another_combo",
                {"code": sku.code, "code2": part.component.code},
            )
        result.append((part.component, part.quantity * quantity))
    return result


def locked_level(session, org_id: int, sku_id: int, warehouse_id: int) -> StockLevel:
    """The level row, created if missing, locked until the transaction ends."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        insert(StockLevel)
        .values(org_id=org_id, sku_id=sku_id, warehouse_id=warehouse_id,
                qualified=0, unqualified=0)
        .on_conflict_do_nothing(index_elements=["sku_id", "warehouse_id"])
    )
    return session.execute(
        select(StockLevel)
        .where(StockLevel.sku_id == sku_id, StockLevel.warehouse_id == warehouse_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def move_stock(session, user, sku: Sku, warehouse: Warehouse, quality: str, quantity: int,
               reason: str, source_type: str | None = None,
               source_ref: str | None = None, most: int = MAX_MOVE) -> list[StockMovement]:
    """Apply a signed quantity; refuse anything that would make stock negative. `most`:
    the largest move typed at once (a count's difference is what the stock was)."""
    if quality not in QUALITIES:
        raise StockError('stock.quality_must_one', {'names': ', '.join(QUALITIES.values())})
    if not isinstance(quantity, int) or quantity == 0 or abs(quantity) > most:
        raise StockError('stock.quantity_must_whole_number', {'max_move': most})
    reason = (reason or "").strip()
    if not reason:
        raise StockError('stock.reason_required_every_stock')
    if len(reason) > 200:
        raise StockError('stock.reason_use_most_200', field='reason')
    if sku.org_id != warehouse.org_id or (user is not None and user.org_id != sku.org_id):
        raise StockError('stock.sku_warehouse_must_belong')

    movements = []
    for part, qty in components_of(session, sku, quantity):
        level = locked_level(session, sku.org_id, part.id, warehouse.id)
        have = getattr(level, quality)
        if have + qty < 0:
            raise StockError(
                "stock.not_enough",
                {
                    "lower": QUALITIES[quality].lower(),
                    "code": part.code,
                    "name": warehouse.name,
                    "have": have,
                    "value": -qty,
                },
            )
        if have + qty > MAX_LEVEL:  # what the column holds
            raise StockError("stock.level_most", {"code": part.code, "name": warehouse.name,
                                                  "most": MAX_LEVEL})
        setattr(level, quality, have + qty)
        if level.unqualified == 0:
            level.unqualified_note = None  # nothing damaged left to explain
        movement = StockMovement(
            org_id=sku.org_id, sku_id=part.id, warehouse_id=warehouse.id, quality=quality,
            quantity=qty, reason=reason, source_type=source_type, source_ref=source_ref,
            user_id=getattr(user, "id", None),
        )
        session.add(movement)
        movements.append(movement)
    session.flush()
    for movement in movements:
        audit.record(session, user, "stock.move", movement)
    return movements


def note_unqualified(session, org_id: int, sku: Sku, warehouse: Warehouse, note: str,
                     replace: bool = False) -> None:
    """Explain damaged stock (seed 003): append to the note, or replace it."""
    note = (note or "").strip()
    if not note:
        return
    if len(note) > 1000:
        raise StockError('stock.unqualified_note_most_1', field='unqualified_note')
    level = locked_level(session, org_id, sku.id, warehouse.id)
    if level.unqualified == 0:
        return  # nothing damaged here to explain
    if replace or not level.unqualified_note:
        level.unqualified_note = note
    else:
        level.unqualified_note = f"{level.unqualified_note}\n{note}"


@use_case("stock.adjust")
def adjust(session, user, sku: Sku, warehouse: Warehouse, quality: str, quantity: int,
           reason: str, note: str = "", replace_note: bool = False) -> list[StockMovement]:
    """A stock change by hand (a count, a correction), with an optional note on the
    unqualified stock of what it moves (seed 003: inventory count)."""
    moves = move_stock(session, user, sku, warehouse, quality, quantity, reason,
                       source_type="adjustment")
    for part, _ in components_of(session, sku, 1):
        note_unqualified(session, sku.org_id, part, warehouse, note, replace_note)
    return moves


@use_case("stock.return_in", "stock.adjust")
def edit_note(session, user, level, note: str) -> None:
    """Read and edit the unqualified note from the stock list: replace it, or clear it
    with an empty text."""
    note = (note or "").strip()
    if len(note) > 1000:
        raise StockError('stock.unqualified_note_most_1', field='unqualified_note')
    level = locked_level(session, level.org_id, level.sku_id, level.warehouse_id)
    if note and level.unqualified == 0:
        raise StockError('stock.unqualified_stock_explain')
    before = {"unqualified_note": level.unqualified_note}
    level.unqualified_note = note or None
    audit.record(session, user, "stock.note", level, before=before,
                 after={"unqualified_note": level.unqualified_note})
