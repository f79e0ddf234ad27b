"""After-sales services (SPEC S7, seed 003) besides refunds: their own events. A
customer return and an uncollected parcel only come back in (Return Stock-In); a
replacement also ships the same goods out again; a repair moves no stock and ends with
its return shipment. Creating them is orders.create, like every kind."""
from datetime import date

from . import hooks
from .orders import lock_aso, move, require
from ..core import audit, clock, notes
from ..core.errors import RuleError
from ..core.text import typed
from ..sales.orders import LineInput, create_order, move as move_order
from ..stock import movements
from ...models import Warehouse
from ..core.usecase import use_case


@use_case("aftersales.manual")
def ship_replacement(session, user, aso):
    """The same goods out again, from the return warehouse, as a replacement order
    (nothing to pay), before or after the returned goods arrive."""
    lock_aso(session, aso)
    require(aso, "ship_replacement")
    if aso.replacement_order is not None:
        raise RuleError(
            "service.already_shipped_replacement_order",
            {"number": aso.number, "number2": aso.replacement_order.number},
        )
    warehouse = session.get(Warehouse, aso.warehouse_id)
    order = create_order(
        session, user, store=aso.order.store, customer=aso.order.customer,
        lines=[LineInput(line.sku, line.quantity, unit_price=0)
               for line in aso.return_lines],
        order_type="replacement", note=f"Replacement for after-sales order {aso.number}")
    for event in ("to_pickup", "ship"):
        move_order(session, user, order, event)
    for line in order.lines:  # refused whole if the warehouse has too few
        movements.move_stock(session, user, line.sku, warehouse, "qualified",
                             -line.quantity,
                             notes.REPLACEMENT.format(number=order.number, aftersales=aso.number),
                             "replacement", order.number)
    aso.replacement_order = order
    move(session, user, aso, "ship_replacement")
    audit.record(session, user, "aftersales.replacement_order", aso, before={},
                 after={"replacement_order": order.number, "warehouse": warehouse.name})
    return order


@use_case("aftersales.manual")
def complete_repair(session, user, aso, shipped_on: date | None, waybill: str):
    """The repaired goods went back to the buyer: when, and under which waybill."""
    lock_aso(session, aso)
    require(aso, "complete_repair")
    typed_waybill = typed(waybill, "Waybill number", 80)
    if shipped_on is None or not typed_waybill:
        raise RuleError('service.repair_completed_enter_ship', field='repair_completed')
    recorded_on = clock.date_of(session, aso.org_id, aso.created_at)
    if shipped_on < recorded_on or shipped_on > clock.today(session, aso.org_id):
        raise RuleError(
            "service.ship_date_repair_record",
            {"date": recorded_on},
            field="ship_date",
        )
    aso.repair_shipped_on, aso.repair_waybill = shipped_on, typed_waybill
    move(session, user, aso, "complete_repair")
    audit.record(session, user, "aftersales.repair_shipped", aso, before={},
                 after={"shipped_on": shipped_on.isoformat(), "waybill": typed_waybill})
    return aso


def _mark_uncollected(session, user, aso) -> None:
    """The uncollected parcel is back: its order says so (SPEC S7)."""
    if aso.kind == "uncollected" and not aso.order.uncollected:
        aso.order.uncollected = True
        audit.record(session, user, "order.uncollected", aso.order, before={},
                     after={"uncollected": True, "aftersales": aso.number})


hooks.ON_STOCK_IN.append(_mark_uncollected)
