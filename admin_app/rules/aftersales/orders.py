"""After-sales orders (SPEC S5): creation with capped lines, confirmation, return
stock-in, cancellation. What differs by kind is read from kinds.py."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from ..core import audit, clock, notes, transitions, usage
from ..core.errors import RuleError, TransitionError
from ..core.messages import Labels
from ..core.text import typed
from ..core.numbering import unique_number
from ..core.transitions import Lifecycle, transition
from ..sales.orders import lock
from ..stock import movements
from . import day_figures, hooks, refund_room  # noqa: F401 (kept from every flush; the
# order money account caps every refund)
from .kinds import EVENTS, KINDS, MANUAL_KINDS, SERVICE_KINDS, STATUSES, kind_of
from .lines import (  # noqa: F401 (the lines' names, used from here by the pages and API)
    MAX_QTY, ExchangeInput, ReturnInput, build_exchange_lines, build_return_lines,
    returnable, returned_before, returned_many, totals)
from ...models import (
    ORDER_STATUSES,
    AfterSalesOrder,
    StockMovement,
    Warehouse,
    utcnow,
)
from ..core.usecase import use_case
from ..core.permissions import has_permission

ALLOWED_ORDER_STATUSES = ("to_pickup", "shipped", "completed", "cancelled")
TRACKING_MAX = 80  # the buyer's return tracking number (models: return_tracking_no)
EVENT_LABELS = Labels({code: event.label for code, event in EVENTS.items()})
# Each kind's state table (rules/aftersales/kinds.py), one lifecycle each.
LIFECYCLES = {code: Lifecycle(f"aftersales.{code}", kind.machine, STATUSES, EVENT_LABELS)
              for code, kind in KINDS.items()}


def can(aso: AfterSalesOrder, event: str) -> bool:
    why_not = EVENTS[event].why_not
    return kind_of(aso).can(aso.status, event) and (why_not is None or not why_not(aso))


def require(aso: AfterSalesOrder, event: str) -> None:
    transitions.require(aso, kind_of(aso).machine, event, STATUSES, EVENT_LABELS)
    condition = EVENTS[event].why_not
    why_not = condition(aso) if condition is not None else None
    if why_not:
        raise TransitionError(
            "aftersales.event_not_possible",
            {"number": aso.number, "label": EVENTS[event].label, "why_not": why_not},
        )


def move(session, user, aso: AfterSalesOrder, event: str) -> str:
    """The only way an after-sales order's status changes: its kind's state table."""
    moved = transition(session, aso, kind_of(aso).machine, event, user, STATUSES,
                       EVENT_LABELS)
    if aso.status == "completed" and aso.completed_at is None:  # however it got there
        aso.completed_at = utcnow()
    return moved


def lock_aso(session, aso: AfterSalesOrder) -> None:
    """Every change to an after-sales order (and its refund orders) happens under its
    order's lock (customer, then order), reading the after-sales order again after it:
    two staff acting on the same one take turns, and the second sees the first's work."""
    lock(session, aso.order)
    session.refresh(aso)


def refundable(aso: AfterSalesOrder) -> Decimal:
    """What may still be refunded on this after-sales order (its kind says how)."""
    return kind_of(aso).refundable(aso)


@use_case("aftersales.manual")
def create(session, user, order, kind: str, returns: list[ReturnInput],
           exchanges: list[ExchangeInput] | None = None, warehouse: Warehouse | None = None,
           tracking_no: str | None = None, note: str | None = None) -> AfterSalesOrder:
    if order is None or order.org_id != user.org_id:
        raise RuleError('aftersales.order_choose_order_your', field='order')
    _kind(kind)  # before taking any lock
    lock(session, order)  # returnable quantities are counted under the order's lock
    aso = prepare(session, order, kind, returns, exchanges, warehouse, tracking_no, note,
                  unique_number(session, AfterSalesOrder, order.org_id, "AS",
                                clock.today(session, order.org_id)))
    session.add(aso)
    session.flush()
    record_created(session, user, aso)
    return aso


def _kind(kind: str, platform: bool = False):
    """A kind staff may start (a platform's arrives only from its channel)."""
    if kind not in KINDS or KINDS[kind].partner or KINDS[kind].platform != platform:
        raise RuleError("aftersales.type_one_service", {
            "names": ", ".join(k.label for k in MANUAL_KINDS.values()),
            "names2": ", ".join(k.label for k in SERVICE_KINDS.values())}, field="type")
    return KINDS[kind]


# a service starts from a shipped order (S7): goods waiting for pickup never left
_SERVICE_STARTS = ("shipped", "completed")


def _starts_from(definition) -> tuple:
    return _SERVICE_STARTS if definition.service else ALLOWED_ORDER_STATUSES


def can_start_on(order, definition) -> bool:  # every row of a list asks: no words built
    return order.status in _starts_from(definition)


def why_not_on(order, definition) -> RuleError | None:
    """Why this kind cannot start on this order (None: it can)."""
    allowed = _starts_from(definition)
    if order.status in allowed:
        return None
    return RuleError("service.order_status_refused" if definition.service
                     else "aftersales.order_status_refused",
                     {"number": order.number, "status_label": order.status_label,
                      "allowed": ", ".join(ORDER_STATUSES[s] for s in allowed)}, field="order")


def prepare(session, order, kind: str, returns: list[ReturnInput], exchanges=None,
            warehouse=None, tracking_no=None, note=None, number: str = "",
            returned: dict | None = None, platform: bool = False) -> AfterSalesOrder:
    """A new after-sales order, checked and not yet saved; the caller holds the order's
    lock (create, or an import with sales.orders.lock_many and `returned`)."""
    definition = _kind(kind, platform)
    refusal = why_not_on(order, definition)
    if refusal:
        raise refusal
    exchanges = exchanges or []
    if definition.exchange_lines and not exchanges:
        raise RuleError('aftersales.exchange_items_add_what', field='exchange_items')
    if not definition.exchange_lines and exchanges:
        raise RuleError('aftersales.exchange_items_do_belong', {'label': definition.label})
    if definition.warehouse:
        if warehouse is None or warehouse.org_id != order.org_id:
            raise RuleError('aftersales.return_warehouse_choose_where', field='return_warehouse')
        usage.require_active(warehouse)
    lines = build_return_lines(session, order, returns, returned, definition.goods_only,
                               repairs=not definition.platform) + \
        build_exchange_lines(session, order, exchanges)
    for line in lines:  # a repair's items are the buyer's, back to the buyer: not returns
        if line.kind == "return":
            line.kind = definition.line_kind
    r, e = totals(lines)
    _check_something_to_refund(session, order, definition, r)
    aso = AfterSalesOrder(
        org_id=order.org_id, kind=kind, status=definition.start, number=number,
        order_id=order.id, customer_id=order.customer_id,
        warehouse_id=warehouse.id if definition.warehouse else None,
        return_tracking_no=typed(tracking_no, "Return tracking no.", TRACKING_MAX),
        returned_amount=r, exchange_amount=e, note=typed(note, "Note", 500))
    aso.lines = lines
    return aso


def _check_something_to_refund(session, order, definition, refundable) -> None:
    """Money is all a Refund-Only gives: one on an order with nothing left to give back
    (never paid, refunded already, or its money moved to the balance when it was
    cancelled) could never be refunded nor completed."""
    if definition.warehouse or definition.exchange_lines or definition.platform or \
            not definition.pays:
        return
    if refundable > 0 and refund_room.on_order(session, order, refundable) <= 0:
        raise RuleError("aftersales.nothing_left_to_refund",
                        {"number": order.number, "status_label": order.status_label},
                        field="order")


def record_created(session, user, *asos) -> None:
    """The trail and the later areas (a distributor's return stock-in) of new ones, all
    at once (an import of thousands reads what the later areas need in bulk)."""
    for aso in asos:
        audit.record(session, user, "aftersales.create", aso)
    hooks.run(hooks.ON_CREATE, session, user, list(asos))


@use_case("aftersales.manual")
def set_tracking(session, user, aso, tracking_no: str) -> AfterSalesOrder:
    lock_aso(session, aso)
    if aso.received_at is not None or aso.status in ("completed", "cancelled"):
        raise RuleError('aftersales.return_tracking_number_changed', {'number': aso.number})
    before = {"return_tracking_no": aso.return_tracking_no}
    aso.return_tracking_no = typed(tracking_no, "Return tracking no.", TRACKING_MAX)
    audit.record(session, user, "aftersales.tracking", aso, before=before,
                 after={"return_tracking_no": aso.return_tracking_no})
    hooks.run(hooks.ON_TRACKING, session, user, aso)
    return aso


def _pushed_returns(rows) -> bool:
    """Every after-sales order among a use case's rows is a supplier's pushed return."""
    asos = [r for r in rows if isinstance(r, AfterSalesOrder)]
    return bool(asos) and all(kind_of(a).partner for a in asos)


# the supplier-side processing of a pushed return, which distribution.manage allows too
SUPPLIER_SIDE = frozenset({"stock.return_in", "aftersales.refund"})
SUPPLIER_SIDE_ALSO = ("distribution.manage", _pushed_returns)

@dataclass
class Receipt:
    qualified: int
    unqualified: int = 0
    missing: int = 0


@use_case("aftersales.manual")
def confirm(session, user, aso, with_stock_in: bool) -> AfterSalesOrder:
    if with_stock_in:  # stock_in takes the lock
        if not kind_of(aso).warehouse:
            raise RuleError("aftersales.nothing_comes_back_stock",
                            {"number": aso.number, "kind_label": aso.kind_label})
        stock_in(session, user, aso, {line.id: Receipt(line.quantity)
                                      for line in aso.return_lines}, event="confirm_stock_in")
    else:
        lock_aso(session, aso)
        move(session, user, aso, "confirm")
    return aso


@use_case("stock.return_in", also=SUPPLIER_SIDE_ALSO)
def stock_in(session, user, aso, receipts: dict[int, Receipt], note: str = "",
             replace_note: bool = False, event: str = "stock_in") -> list:
    """Goods back in: each returned line split into qualified, unqualified, missing."""
    lock_aso(session, aso)
    require(aso, event)
    warehouse = session.get(Warehouse, aso.warehouse_id)
    if warehouse.kind == "supplier":
        raise RuleError("aftersales.goods_go_back_supplier",
                        {"number": aso.number, "name": warehouse.name})
    if kind_of(aso).partner and warehouse.kind != "own":
        raise RuleError(
            "aftersales.distributor_s_return_goes",
            {"number": aso.number, "name": warehouse.name, "kind": warehouse.kind},
        )
    moved = []
    for n, line in enumerate(aso.return_lines, start=1):
        got = receipts.get(line.id)
        if got is None:
            raise RuleError('aftersales.line_say_how_many', {'n': n, 'code': line.sku.code})
        parts = (got.qualified, got.unqualified, got.missing)
        if any(not isinstance(p, int) or p < 0 for p in parts) or sum(parts) != line.quantity:
            raise RuleError(
                "aftersales.line_qualified_unqualified_missing",
                {"n": n, "code": line.sku.code, "quantity": line.quantity},
            )
        if got.unqualified and aso.kind == "uncollected":
            raise RuleError("aftersales.uncollected_qualified", {"n": n, "code": line.sku.code})
        line.qualified_qty, line.unqualified_qty, line.missing_qty = parts
        for quality, qty in (("qualified", got.qualified), ("unqualified", got.unqualified)):
            if qty:
                moved += movements.move_stock(
                    session, user, line.sku, warehouse, quality, qty,
                    notes.RETURN_STOCK_IN.format(number=aso.number), "aftersales",
                    aso.number)
        if got.unqualified:
            for sku, _ in movements.components_of(session, line.sku, 1):
                movements.note_unqualified(session, aso.org_id, sku, warehouse,
                                       note or (line.reason.name if line.reason else ""),
                                       replace_note)
    aso.received_at = utcnow()
    move(session, user, aso, event)
    hooks.run(hooks.ON_STOCK_IN, session, user, aso)
    return moved


@use_case("aftersales.manual")
def cancel(session, user, aso) -> AfterSalesOrder:
    """Cancel before Refund Processing; goods already stocked in go back out."""
    lock_aso(session, aso)
    if aso.exchange_order is not None and aso.exchange_order.status != "cancelled":
        raise RuleError("aftersales.exchange_order_cancel_order",
                        {"number": aso.number, "number2": aso.exchange_order.number})
    require(aso, "cancel")
    hooks.run(hooks.BEFORE_CANCEL, session, user, aso)
    move(session, user, aso, "cancel")
    if aso.received_at is None:
        return aso
    warehouse = session.get(Warehouse, aso.warehouse_id)
    moves = session.execute(select(StockMovement).where(
        StockMovement.org_id == aso.org_id, StockMovement.source_type == "aftersales",
        StockMovement.source_ref == aso.number, StockMovement.quantity > 0)).scalars().all()
    for m in moves:
        movements.move_stock(session, user, m.sku, warehouse, m.quality, -m.quantity,
                         notes.ASO_CANCELLED.format(number=aso.number), "aftersales_cancel",
                         aso.number)
    return aso


def allowed(user, aso: AfterSalesOrder) -> list[str]:
    """The events the user may send the after-sales order now: the ones a person starts
    (a button or a page), its kind and state allow, and the user's role permits."""
    return [event for event in kind_of(aso).machine.get(aso.status, {})
            if EVENTS[event].button in ("post", "page") and
            permits(user, aso, event) and can(aso, event)]


def permits(user, aso: AfterSalesOrder, event: str) -> bool:
    """Whether the user's role allows the event: its permission, or on a supplier's
    pushed return the supplier-side work (stock-in, refund) with distribution.manage
    (SPEC S1's table)."""
    needed = EVENTS[event].permission
    return has_permission(user, needed) or (
        needed in SUPPLIER_SIDE and kind_of(aso).partner and
        has_permission(user, SUPPLIER_SIDE_ALSO[0]))

