"""A distributor's order fulfilled from a supplier warehouse (SPEC S6): the supplier's
stock leaves its warehouse and the supplier sells the goods to the distributor at the
unit price at shipment (the distributor's level price, else wholesale) plus the
distribution fee, posted on the supplier's ledger for the distributor (credit terms)."""
from datetime import date

from sqlalchemy import select

from ..core import access, audit, clock, notes
from ..core.errors import RuleError, StockError
from ..core.messages import Said
from ..core.messages._marker import _
from ..credit import terms
from ..sales import orders as sales
from ..stock import movements
from . import partnerships, shipped_as
from ...models import DistributionOrder, Order, PartnerWarehouse, Warehouse
from ..core.usecase import use_case


def supplier_lines(session, p, order: Order) -> list[sales.LineInput]:
    """The order's lines as the supplier's SKUs: combos split, every SKU mapped."""
    mapping = partnerships.mapped(session, p)
    wanted: dict = {}
    for line in order.lines:
        for sku, qty in movements.components_of(session, line.sku, line.quantity):
            theirs = mapping.get(sku.id)
            if theirs is None:
                raise RuleError('fulfilment.sku_mapped_supplier_sku', {'code': sku.code})
            wanted[theirs] = wanted.get(theirs, 0) + qty
    return [sales.LineInput(sku, qty) for sku, qty in wanted.items()]


def _check_fulfils(p, today: date) -> None:
    """A partnership's warehouses fulfil orders while it is active: a refusal names why
    not (the end date)."""
    if p.status == "terminated":
        raise RuleError(
            "fulfilment.partnership_ended_warehouses_longer",
            {"name": p.supplier.name, "ended_on": p.ended_on},
        )
    if p.status != "active" or not partnerships.in_period(p, today):
        raise RuleError('fulfilment.partnership_active_yet_waiting', {'name': p.supplier.name})


def usable_warehouse(warehouse: Warehouse | None) -> Said | None:
    """Why a supplier warehouse cannot take part, or None."""
    if warehouse is None or not warehouse.active:
        return Said(_("the supplier warehouse is deactivated"))
    if warehouse.kind != "own":
        return Said(_("the supplier warehouse {name} is not the supplier's own"),
                    name=warehouse.name)
    return None


def _take_out(session, supplier, sale: Order, warehouse: Warehouse) -> None:
    """The supplier's sale leaves its warehouse."""
    for line in sale.lines:
        try:
            movements.move_stock(session, supplier, line.sku, warehouse, "qualified",
                                 -line.quantity,
                                 notes.DISTRIBUTION_ORDER.format(number=sale.number),
                                 "distribution", sale.number)
        except StockError as short:
            if short.code != "stock.not_enough":
                raise
            # the supplier's stock on hand is the supplier's to know: say what is short,
            # not how much is there
            raise RuleError("fulfilment.supplier_short",
                            {"code": short.params["code"], "name": warehouse.name},
                            field="cannot_ship") from None


@use_case("distribution.manage")
def ship_from_supplier(session, user, order: Order, link: PartnerWarehouse,
                       today: date | None = None) -> DistributionOrder:
    today = today or clock.today(session, order.org_id)
    p = link.partnership if link is not None else None
    if order is None or order.org_id != user.org_id or p is None or \
            p.distributor_org_id != user.org_id:
        raise RuleError('fulfilment.choose_one_your_orders')
    sales.lock(session, order)
    if session.execute(select(DistributionOrder.id).where(
            DistributionOrder.distributor_order_id == order.id)).first():
        raise RuleError('fulfilment.order_already_fulfilled_supplier', {'number': order.number})
    if not can_ship(order):
        raise RuleError(
            "fulfilment.order_new_pickup_orders",
            {"number": order.number, "status_label": order.status_label},
        )
    _check_fulfils(p, today)
    why = usable_warehouse(link.supplier_warehouse)
    if why:
        raise RuleError('fulfilment.ship', {'why': str(why)}, field='cannot_ship')
    supplier = access.act_as_partner(session, user, "ship", link.supplier_warehouse)
    sale = sales.create_order(
        session, supplier, store=partnerships.supplier_store(session, p),
        customer=p.customer, lines=supplier_lines(session, p, order),
        order_type="distribution", payment=terms.Payment(), fee=p.distribution_fee,
        note=f"Distribution order for {order.number}"[:500])
    for event in ("to_pickup", "ship"):
        sales.move(session, supplier, sale, event)
    _take_out(session, supplier, sale, link.supplier_warehouse)
    for event in (("to_pickup", "ship") if order.status == "new" else ("ship",)):
        sales.move(session, user, order, event)
    link_row = DistributionOrder(partnership_id=p.id, distributor_order_id=order.id,
                                 supplier_order_id=sale.id, partner_warehouse_id=link.id,
                                 fee=sale.fee,
                                 shipped_as=shipped_as.recorded(session, p, order))
    session.add(link_row)
    session.flush()
    audit.record(session, user, "distribution.ship", order,
                 after={"supplier_order": sale.number, "warehouse": link.supplier_warehouse.name})
    audit.record(session, user, "distribution.sale", sale,
                 after={"distributor_order": order.number, "total": str(sale.total)})
    return link_row


SHIPPABLE = ("new", "to_pickup")


def can_ship(order: Order) -> bool:
    """Only New and To Pickup orders go out from a supplier's warehouse."""
    return order.status in SHIPPABLE
