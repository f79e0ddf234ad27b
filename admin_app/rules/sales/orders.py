"""Orders: creation with priced lines, and the status pipeline (SPEC S2)."""
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core import audit, clock, currency, usage
from ..core.chunks import chunks
from ..credit import terms, ledger, points
from ..core.errors import RuleError
from ..core.messages import Labels
from ..core.messages._marker import _
from ..core.numbering import unique_number
from . import day_figures
from .pricing import price_for
from ..core.transitions import Lifecycle, transition
from ...models import (
    ORDER_STATUSES,
    ORDER_TYPES,
    PAYMENT_METHODS,
    Customer,
    Order,
    OrderLine,
    Organization,
    utcnow,
)
from ...money import MAX_AMOUNT, ZERO, quantize
from ..core.usecase import use_case
from ..core.permissions import has_permission
from ..core.text import typed

MAX_LINE_QUANTITY = 100_000
MAX_LINES = 500

ORDER_MACHINE = {
    "pending": {"approve": "new", "cancel": "cancelled"},
    "new": {"to_pickup": "to_pickup", "cancel": "cancelled"},
    "to_pickup": {"ship": "shipped", "cancel": "cancelled"},
    "shipped": {"complete": "completed", "cancel": "cancelled"},
    "completed": {"cancel": "cancelled"},
    # Back from Cancelled: nothing reverted is taken back automatically (seed 004). An
    # order whose payment was never taken (a messenger order cancelled before approval)
    # goes back to Pending, to be approved and paid like any other.
    "cancelled": {"reopen": "new", "reopen_pending": "pending"},
}
ORDER_EVENTS = Labels({
    "approve": "Approve",
    "to_pickup": "Mark To Pickup",
    "ship": "Mark Shipped",
    "complete": "Mark Completed",
    "cancel": "Cancel",
    "reopen": "Reopen",
})
ORDER = Lifecycle("order", ORDER_MACHINE, ORDER_STATUSES,
                  {**ORDER_EVENTS, "reopen_pending": "Reopen"})
REOPEN_WARNING = _("Store credit and points reverted on cancellation are not taken back "
                   "automatically: adjust the customer's account by hand if needed.")
EDITABLE_STATUSES = ("pending", "new")


@dataclass
class LineInput:
    sku: object
    quantity: int
    unit_price: Decimal | None = None  # None: priced by price_for
    # None: quantity x unit price; lower: the line's agreed value (an exchange line whose
    # amount was edited by hand, SPEC S5), checked where it was entered
    amount: Decimal | None = None


def _check_same_org(org_id: int, *objs) -> None:
    for obj in objs:
        if obj is None or obj.org_id != org_id:
            raise RuleError('order.store_customer_skus_must')
    usage.require_active(*objs)


def _build_lines(session, order: Order, lines: list[LineInput]) -> list[OrderLine]:
    if not lines:
        raise RuleError('order.lines_add_least_one', field='lines')
    if len(lines) > MAX_LINES:
        raise RuleError('order.lines_most_per_order', {'max_lines': MAX_LINES}, field='lines')
    built, code = [], session.get(Organization, order.org_id).currency
    for n, line in enumerate(lines, start=1):
        _check_same_org(order.org_id, line.sku)
        if not isinstance(line.quantity, int) or not 1 <= line.quantity <= MAX_LINE_QUANTITY:
            raise RuleError(
                "order.line_quantity_must_1", {"n": n, "max_line_quantity": MAX_LINE_QUANTITY}
            )
        price = line.unit_price
        if price is None:
            price = price_for(session, order.customer, line.sku)
        price = currency.entered(Decimal(price), code, _("Unit price")) or ZERO
        if price < 0 or price > MAX_AMOUNT:
            raise RuleError('order.line_unit_price_must', {'n': n, 'max_amount': MAX_AMOUNT})
        amount = quantize(price * line.quantity)
        if line.amount is not None:
            if not ZERO <= quantize(line.amount) <= amount:
                raise ValueError(f"line {n}: {line.amount} is not within 0 and {amount}")
            amount = quantize(line.amount)
        if amount > MAX_AMOUNT:
            raise RuleError('order.line_amount_too_large', {'n': n})
        built.append(OrderLine(org_id=order.org_id, sku=line.sku, quantity=line.quantity,
                               unit_price=price, amount=amount))
    return built



def _check_kinds(order_type: str, payment_method: str) -> None:
    if order_type not in ORDER_TYPES:
        raise RuleError('order.order_type_must_one', {'names': ', '.join(ORDER_TYPES.values())})
    if payment_method not in PAYMENT_METHODS:
        raise RuleError('order.payment_method_must_cod')


def _check_unique(session, store, number: str | None, external_id: str | None) -> None:
    if external_id and found_by_external_id(session, store, external_id) is not None:
        raise RuleError("order.external_id_taken", {"external_id": external_id},
                        field="external_id")
    if number and session.query(Order.id).filter_by(org_id=store.org_id,
                                                    number=number).first():
        raise RuleError('order.number_taken', {'number': number})


def _dated(session, org_id: int, order_date: datetime | None, today: date | None) -> datetime:
    """An order's date: as typed, or the organization's wall clock now (as staff type it
    in the form). Never after the organization's today: a later one would stand on the
    customer's statement after payments made before it, the running total owed dipping
    below zero."""
    when = order_date or clock.wall_clock(session, org_id)
    today = today or clock.today(session, org_id)
    if when.date() > today:
        raise RuleError("order.dated_after_today", {"date": when.date(), "today": today},
                        field="order_date")
    return when


@use_case("orders.manage")
def create_order(session, user, *, store, customer, lines: list[LineInput],
                 order_type: str = "manual", payment_method: str = "prepaid",
                 order_date: datetime | None = None, number: str | None = None,
                 note: str | None = None, payment: terms.Payment | None = None,
                 remainder_later: bool = False, fee: Decimal = ZERO,
                 external_id: str | None = None, today: date | None = None) -> Order:
    """A new order at New (messenger orders: Pending, waiting to approve).

    `payment` is how it is paid (SPEC S4); None means paid outside the customer's
    account (on the platform, or COD). Messenger orders take it when approved;
    remainder_later lets what the payment leaves open be settled at approval.
    `today` is the shop's date it is entered on (default: now; the demo's history)."""
    org_id = user.org_id
    _check_same_org(org_id, store, customer)
    # The customer row first, always: every posting locks it before touching orders.
    ledger.lock_customer(session, customer.id)
    _check_kinds(order_type, payment_method)
    number = (number or "").strip() or None
    external_id = typed(external_id, "External id", 80)
    _check_unique(session, store, number, external_id)
    when = _dated(session, org_id, order_date, today)
    order = Order(
        org_id=org_id, store=store, customer=customer, order_type=order_type,
        payment_method=payment_method, order_date=when,
        number=number or unique_number(session, Order, org_id, "SO", when),
        status="pending" if order_type == "messenger" else "new",
        note=note, external_id=external_id,
    )
    order.lines = _build_lines(session, order, lines)
    order.fee = quantize(fee)  # a supplier's distribution fee (SPEC S6), besides the lines
    order.total = sum((line.amount for line in order.lines), ZERO) + order.fee
    session.add(order)
    session.flush()
    day_figures.count_order(session, order)
    day_figures.count(session, order, order.lines)
    payment = payment or terms.paid_in_full(order)
    if order.status == "pending":
        terms.check_payment(order, payment, session.get(Organization, org_id),
                             remainder_later)
        terms.plan(order, payment)
    else:
        terms.post_order(session, user, order, payment, when.date(), today)
    audit.record(session, user, "order.create", order,
                 after={**audit.snapshot(order), "lines": len(order.lines)})
    return order


@use_case("orders.manage")
def update_order(session, user, order: Order, *, lines: list[LineInput],
                 note: str | None = None) -> Order:
    """Change the lines of an order that has not been picked yet and whose payment does
    not depend on its total. Under the same locks as every status change: an approval
    that ran first is seen here, and one that runs after sees the new lines."""
    lock(session, order)
    if order.status not in EDITABLE_STATUSES:
        raise RuleError(
            "order.order_pending_new_orders",
            {"number": order.number, "status_label": order.status_label},
        )
    if order.on_ledger:
        raise RuleError('order.order_customer_s_account', {'number': order.number})
    if order.payment_taken and order.payment_method != "cod" and \
            order.paid_with != "external":
        raise RuleError('order.order_taken_payment_cancel', {'number': order.number})
    before = {**audit.snapshot(order), "lines": len(order.lines)}
    day_figures.count(session, order, order.lines, sign=-1)
    order.lines = _build_lines(session, order, lines)
    order.total = sum((line.amount for line in order.lines), ZERO) + order.fee
    order.note = note
    if order.paid_with == "external":
        order.received = order.total
    if order.status == "pending":
        terms.check_payment(order, terms.planned(order),
                             session.get(Organization, order.org_id))
    session.flush()
    day_figures.count(session, order, order.lines)
    audit.record(session, user, "order.update", order, before=before,
                 after={**audit.snapshot(order), "lines": len(order.lines)})
    return order


def to_pay_at_approval(session, order: Order):
    """What a Pending order still needs paid when it is approved: what its planned
    payment (and exchange goods) leave open, unless the customer's credit covers it."""
    if order.payment_method == "cod" or order.status != "pending":
        return ZERO
    org = session.get(Organization, order.org_id)
    open_part = order.total - order.received - order.balance_used - \
        order.goods_received - points.value_of(org, order.points_used)
    if open_part <= 0 or terms.allowed_for(order.customer, order.order_type):
        return ZERO
    return open_part


# Later areas follow an order's approval without this area importing them: (session,
# user, order), in the same transaction (after-sales: an exchange order settles its
# return; cancellation.AFTER_CANCEL gives the returned goods back).
AFTER_APPROVE: list = []


@use_case("orders.manage")
def approve(session, user, order: Order, received=ZERO, paid_with: str | None = None):
    """Approve a Pending order, taking `received` now (by `paid_with`) towards what its
    planned payment leaves open (SPEC S5: an exchange order's remainder is settled
    here, never a dead end at its generation)."""
    lock(session, order)
    received = quantize(received or 0)
    if received < 0:
        raise RuleError('order.amount_received_negative', field='amount_received')
    if received > 0 and order.status == "pending":
        order.received += received
        order.paid_with = paid_with
    return move(session, user, order, "approve")


def move(session, user, order: Order, event: str) -> str:
    lock(session, order)
    if event == "cancel" and _goods_left_as_replacement(order):
        raise RuleError("cancel.replacement_shipped", {"number": order.number})
    now = utcnow()
    if event == "approve" and can(order, event):
        # Payment first: if it is refused, the order stays Pending, unchanged.
        terms.post_order(session, user, order, terms.planned(order),
                         clock.today(session, order.org_id))
        order.approved_at = now
    if event == "reopen" and can(order, event):
        event = _reopening(order)
    new = transition(session, order, ORDER_MACHINE, event, user, ORDER_STATUSES,
                     ORDER_EVENTS)
    if event == "ship" and order.shipped_at is None:
        order.shipped_at = now  # a COD order's money is collected from here on
    if event == "complete":
        points.earn(session, order, clock.today(session, order.org_id))
    if event == "approve":
        for hook in AFTER_APPROVE:
            hook(session, user, order)
    return new


def _reopening(order: Order) -> str:
    if order.back_goods > 0:
        raise RuleError('order.order_exchange_order_whose', {'number': order.number})
    return "reopen" if order.payment_taken else "reopen_pending"


def lock(session, order: Order) -> None:
    """Lock the customer, then re-read the order under a lock: amounts read before
    (by another request's page) may be stale."""
    ledger.lock_customer(session, order.customer_id)
    session.flush()
    session.refresh(order, with_for_update=True)


def lock_many(session, orders) -> None:
    """lock() for many orders at once (an import): every customer first, then every
    order, each in id order, so two imports cannot wait on each other."""
    session.flush()
    for model, ids in ((Customer, sorted({o.customer_id for o in orders})),
                       (Order, sorted({o.id for o in orders}))):
        # the orders' lines come back with them, read again in bulk: not one query per
        # order when the import reads them (populate_existing resets the collections)
        lines = (selectinload(Order.lines).joinedload(OrderLine.sku),) \
            if model is Order else ()
        for part in chunks(ids):
            session.execute(select(model).where(model.id.in_(part)).options(*lines)
                            .order_by(model.id).with_for_update()
                            .execution_options(populate_existing=True)).scalars().all()


def can(order: Order, event: str) -> bool:
    return event in ORDER_MACHINE.get(order.status, {}) and \
        not (event == "cancel" and _goods_left_as_replacement(order))


def _goods_left_as_replacement(order: Order) -> bool:
    """A replacement order's goods left the warehouse when it was made (SPEC S7): they
    come back by a service on it, not by cancelling it, which would lose them."""
    return order.order_type == "replacement" and order.status not in ("new", "pending")


def allowed(user, order: Order) -> list[str]:
    """What the user may do next with the order (the API's allowed_events)."""
    if not has_permission(user, "orders.manage"):
        return []
    return [e for e in ORDER_MACHINE.get(order.status, {})
            if e != "reopen_pending" and can(order, e)]


def found_by_external_id(session, store, external_id: str) -> Order | None:
    return session.execute(select(Order).where(
        Order.store_id == store.id, Order.external_id == external_id)).scalar_one_or_none()


@use_case("orders.manage")
def sent_before(session, user, store, external_id: str) -> Order | None:
    """The store's order a connector already sent under this id: its retry gets that
    order back before anything about the buyer is asked again (a buyer blacklisted
    since the first send does not turn a retry into a refusal)."""
    if store is None or store.org_id != user.org_id:
        raise RuleError('order.store_customer_skus_must')
    return found_by_external_id(session, store, (external_id or "").strip())


@use_case("orders.manage")
def create_channel_order(session, user, *, store, customer, external_id: str,
                         **order) -> tuple[Order, bool]:
    """A connector's order: the store's order `external_id` once. Sent again, the first
    order is answered (created False) and nothing else happens."""
    _check_same_org(user.org_id, store, customer)
    ledger.lock_customer(session, customer.id)  # twins of one buyer wait here
    found = found_by_external_id(session, store, (external_id or "").strip())
    if found is not None:
        return found, False
    return create_order(session, user, store=store, customer=customer,
                        external_id=external_id, **order), True
