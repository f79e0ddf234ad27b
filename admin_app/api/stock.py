"""Stock: levels by SKU and warehouse (qualified and unqualified), and the movement
journal every change of stock writes."""
from apiflask import Schema
from apiflask.fields import Integer, String
from apiflask.validators import OneOf

from ..models import QUALITIES, StockLevel, StockMovement
from . import bp, shapes
from .auth import auth, user
from .calls import ok
from .paging import page
from .schemas import Id, ERRORS, Instant, ListQuery, page_of
from .rows import may_read

READ = ("stock.adjust", "stock.return_in", "reports.view")


class LevelOut(Schema):
    id = Integer()
    sku_id = Integer()
    warehouse_id = Integer()
    qualified = Integer()
    unqualified = Integer()
    unqualified_note = String(allow_none=True)


class MovementOut(Schema):
    id = Integer()
    sku_id = Integer()
    warehouse_id = Integer()
    quality = String()
    quantity = Integer(metadata={"description": "Positive in, negative out"})
    reason = String()
    source_type = String(allow_none=True)
    source_ref = String(allow_none=True)
    created_at = Instant()


class StockQuery(ListQuery):
    sku_id = Id()
    warehouse_id = Id()


class MovementQuery(StockQuery):
    quality = String(validate=OneOf(list(QUALITIES)))


def level_shape(level: StockLevel) -> dict:
    return {"id": level.id, "sku_id": level.sku_id, "warehouse_id": level.warehouse_id,
            "qualified": level.qualified, "unqualified": level.unqualified,
            "unqualified_note": level.unqualified_note}


def movement_shape(move: StockMovement) -> dict:
    return {"id": move.id, "sku_id": move.sku_id, "warehouse_id": move.warehouse_id,
            "quality": move.quality, "quantity": move.quantity, "reason": move.reason,
            "source_type": move.source_type, "source_ref": move.source_ref,
            "created_at": shapes.instant(user().org, move.created_at)}


def _where(model, query: dict, names) -> list:
    where = [model.org_id == user().org_id]
    return where + [getattr(model, name) == query[name] for name in names
                    if query.get(name) is not None]


@bp.get("/stock/levels")
@bp.auth_required(auth)
@bp.input(StockQuery, location="query")
@bp.output(page_of(LevelOut, "StockLevelPage"))
@bp.doc(tags=["Stock"], responses=ERRORS)
def stock_levels(query_data):
    """Stock levels by SKU and warehouse"""
    may_read(*READ)
    return ok(page(StockLevel, _where(StockLevel, query_data, ("sku_id", "warehouse_id")),
                   query_data, level_shape))


@bp.get("/stock/movements")
@bp.auth_required(auth)
@bp.input(MovementQuery, location="query")
@bp.output(page_of(MovementOut, "StockMovementPage"))
@bp.doc(tags=["Stock"], responses=ERRORS)
def stock_movements(query_data):
    """The stock journal, newest first"""
    may_read(*READ)
    return ok(page(StockMovement, _where(StockMovement, query_data,
                                         ("sku_id", "warehouse_id", "quality")),
                   query_data, movement_shape))
