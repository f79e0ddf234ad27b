"""The demo's after-sales services (SPEC S7): each service, in each of its states."""

from sqlalchemy import select

from ..models import AfterSalesOrder, Order
from ..rules.aftersales import importing, orders as aftersales, returns_file, services
from ..rules.aftersales.orders import Receipt, ReturnInput
from ..rules.core import clock

# (kind, how far it goes)
PLAN = [("customer_return", "waiting"), ("customer_return", "stocked_in"),
        ("replacement", "waiting"), ("replacement", "shipped_first"),
        ("replacement", "stocked_in_then_shipped"), ("repair", "waiting"),
        ("repair", "completed"), ("uncollected", "waiting"), ("uncollected", "stocked_in")]


def after_sales_services(session, main, org, warehouse):
    untouched = select(Order).where(
        Order.org_id == org.id, Order.status.in_(["shipped", "completed"]),
        ~select(AfterSalesOrder.id).where(AfterSalesOrder.order_id == Order.id).exists()
    ).order_by(Order.id.desc())
    found = session.execute(untouched.limit(len(PLAN) + 2)).scalars().all()
    _imported(session, main, warehouse, found[len(PLAN):])
    for (kind, step), order in zip(PLAN, found):
        line = order.lines[0]
        aso = aftersales.create(session, main, order, kind,
                                [ReturnInput(1, order_line=line)],
                                warehouse=None if kind == "repair" else warehouse,
                                tracking_no=f"SV{order.id:07d}",
                                note="Screen flickers" if kind == "repair" else None)
        _drive(session, main, aso, step)


def _drive(session, main, aso, step):
    receipts = {line.id: Receipt(line.quantity) for line in aso.return_lines}
    if step == "stocked_in":
        aftersales.stock_in(session, main, aso, receipts)
    elif step == "shipped_first":
        services.ship_replacement(session, main, aso)
    elif step == "stocked_in_then_shipped":
        aftersales.stock_in(session, main, aso, receipts)
        services.ship_replacement(session, main, aso)
    elif step == "completed":
        services.complete_repair(session, main, aso, clock.today(session, aso.org_id),
                                  "JNT-REPAIR-0042")


def _imported(session, main, warehouse, orders):
    """Two customer returns that came in a courier's file."""
    if not orders:
        return  # a small demo (--orders) has no shipped orders left for it
    rows = [",".join(returns_file.COLUMNS)] + [
        f"{o.number},{o.lines[0].sku.code},1,{warehouse.name},JNT{o.id:08d},"
        for o in orders]
    data = ("\n".join(rows) + "\n").encode()
    plan = importing.check(session, main.org_id, returns_file.read("courier-returns.csv",
                                                                   data))
    importing.apply(session, main, plan, importing.digest(data), "courier-returns.csv")
