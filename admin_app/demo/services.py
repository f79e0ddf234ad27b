"""The demo's after-sales services (SPEC S7): each service, in each of its states."""
from datetime import date

from sqlalchemy import select

from ..models import AfterSalesOrder, Order
from ..rules.aftersales import orders as aftersales, services
from ..rules.aftersales.orders import Receipt, ReturnInput

# (kind, how far it goes)
PLAN = [("customer_return", "waiting"), ("customer_return", "stocked_in"),
        ("replacement", "waiting"), ("replacement", "shipped_first"),
        ("replacement", "stocked_in_then_shipped"), ("repair", "waiting"),
        ("repair", "completed"), ("uncollected", "waiting"), ("uncollected", "stocked_in")]


def after_sales_services(session, main, org, warehouse):
    untouched = select(Order).where(
        Order.org_id == org.id, Order.status.in_(["shipped", "completed"]),
        ~select(AfterSalesOrder.id).where(AfterSalesOrder.order_id == Order.id).exists()
    ).order_by(Order.id.desc()).limit(len(PLAN))
    for (kind, step), order in zip(PLAN, session.execute(untouched).scalars().all()):
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
        services.complete_repair(session, main, aso, date.today(), "JNT-REPAIR-0042")
