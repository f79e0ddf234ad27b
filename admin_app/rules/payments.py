"""Receive Payment (SPEC S4): settle open orders (and the opening credit), oldest first
or only the selected ones; what is left over goes into the customer's balance."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import bindparam, select, tuple_

from . import ledger, store_credit
from .errors import RuleError
from .numbering import unique_number
from ..models import Customer, Order, PaymentAllocation, PaymentReceipt
from ..money import MAX_AMOUNT, ZERO, fmt, quantize

OPENING = "opening"  # the id of the opening credit among the open items


@dataclass
class OpenItem:
    key: str            # an order id as text, or OPENING
    label: str
    item_date: date
    value: Decimal      # order total (or opening credit)
    released: Decimal   # what has been paid of it: value = released + unsettled
    unsettled: Decimal
    due_date: date | None
    order: Order | None = None
    settled: Decimal = ZERO  # of the credit, by payments since

    @property
    def status(self) -> str:
        return "Unsettled" if self.settled <= 0 else "Partially settled"


READ_BATCH = 200


def iter_open_items(session, customer: Customer, fresh: bool = False):
    """Unsettled and partially settled items, oldest first, read in batches: a payment
    that settles the oldest few orders stops reading there.

    fresh: re-read orders already in the session. Payments use it after locking the
    customer: every change to a customer's orders happens under that lock (customer,
    then order), so what is read after it is current."""
    opening = None
    if customer.opening_credit_unsettled > 0:
        paid = customer.opening_credit - customer.opening_credit_unsettled
        opening = OpenItem(
            OPENING, "Opening credit", customer.opening_credit_date or date.min,
            customer.opening_credit, paid, customer.opening_credit_unsettled, None,
            settled=paid)
    after = None
    while True:
        query = select(Order).where(Order.customer_id == customer.id, Order.unsettled > 0)
        if after is not None:
            query = query.where(tuple_(Order.order_date, Order.id) > after)
        query = query.order_by(Order.order_date, Order.id).limit(READ_BATCH)
        if fresh:
            query = query.execution_options(populate_existing=True)
        batch = session.execute(query).scalars().all()
        for order in batch:
            if opening is not None and opening.item_date <= order.order_date.date():
                yield opening
                opening = None
            yield OpenItem(str(order.id), order.number, order.order_date.date(),
                           order.total, order.total - order.unsettled, order.unsettled,
                           order.credit_due_date, order, settled=order.settled)
        if len(batch) < READ_BATCH:
            break
        after = tuple_(bindparam(None, batch[-1].order_date, type_=Order.order_date.type),
                       bindparam(None, batch[-1].id, type_=Order.id.type))
    if opening is not None:
        yield opening


def open_items(session, customer: Customer, fresh: bool = False) -> list[OpenItem]:
    return list(iter_open_items(session, customer, fresh))


@dataclass
class Allocation:
    applied: list[tuple[OpenItem, Decimal]]
    to_balance: Decimal

    @property
    def applied_total(self) -> Decimal:
        return sum((amount for _, amount in self.applied), ZERO)


def allocate(items, amount: Decimal, selected: set[str] | None) -> Allocation:
    """Oldest first over every item (selected=None) or over the selected ones only;
    `items` may be a generator: it is read only as far as the amount goes."""
    left, applied = amount, []
    for item in items:
        if selected is not None and item.key not in selected:
            continue
        if left <= 0:
            break
        part = min(left, item.unsettled)
        applied.append((item, part))
        left -= part
    return Allocation(applied, left)


def check_amount(amount) -> Decimal:
    if amount is None:
        raise RuleError("Amount: enter the amount received.")
    amount = quantize(amount)
    if amount <= 0 or amount > MAX_AMOUNT:
        raise RuleError(f"Amount: enter an amount above 0 and at most {MAX_AMOUNT:,}.")
    return amount


def _plan(session, customer, amount, selected, fresh=False) -> Allocation:
    if selected is None:
        return allocate(iter_open_items(session, customer, fresh), amount, None)
    items = open_items(session, customer, fresh)
    _check_selected(items, selected)
    return allocate(items, amount, selected)


def preview(session, customer: Customer, amount, selected: set[str] | None) -> Allocation:
    return _plan(session, customer, check_amount(amount), selected)


def _check_selected(items, selected):
    if selected is None:
        return
    if not selected:
        raise RuleError("Selected orders: tick at least one order, or choose All orders.")
    unknown = selected - {i.key for i in items}
    if unknown:
        raise RuleError("Selected orders: some of them are settled already or are not this "
                        "customer's. Reload the page.")


def receive(session, user, customer_id: int, amount, selected: set[str] | None,
            today: date | None = None, proof_file: str | None = None,
            proof_name: str | None = None, note: str | None = None) -> PaymentReceipt:
    today = today or date.today()
    amount = check_amount(amount)
    customer = ledger.lock_customer(session, customer_id)
    plan = _plan(session, customer, amount, selected, fresh=True)
    receipt = PaymentReceipt(
        org_id=customer.org_id, number=unique_number(session, PaymentReceipt, customer.org_id, "PR", today),
        customer_id=customer.id, amount=amount, applied=plan.applied_total,
        to_balance=plan.to_balance, scope="all" if selected is None else "selected",
        proof_file=proof_file, proof_name=proof_name, note=note,
        user_id=getattr(user, "id", None))
    session.add(receipt)
    session.flush()
    for item, part in plan.applied:
        if item.order is None:
            customer.opening_credit_unsettled -= part
        else:
            item.order.settled += part
            item.order.unsettled -= part
        session.add(PaymentAllocation(org_id=customer.org_id, receipt_id=receipt.id,
                                      order_id=item.order.id if item.order else None,
                                      amount=part))
    if plan.to_balance > 0:
        store_credit.add_lot(session, customer, plan.to_balance,
                             f"overpayment {receipt.number}")
    ledger.post(session, user, customer, doc_type="payment", doc_no=receipt.number,
                received=amount, credit_change=-plan.applied_total,
                balance_change=plan.to_balance, entry_date=today,
                note=f"{fmt(plan.to_balance)} to balance" if plan.to_balance > 0 else None)
    return receipt
