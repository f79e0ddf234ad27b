"""Receive Payment (SPEC S4): settle open orders (and the opening credit), oldest first
or only the selected ones; what is left over goes into the customer's balance."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select

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


def open_items(session, customer: Customer, lock: bool = False) -> list[OpenItem]:
    """Unsettled and partially settled items, oldest first."""
    items = []
    if customer.opening_credit_unsettled > 0:
        paid = customer.opening_credit - customer.opening_credit_unsettled
        items.append(OpenItem(
            OPENING, "Opening credit", customer.opening_credit_date or date.min,
            customer.opening_credit, paid, customer.opening_credit_unsettled, None,
            settled=paid))
    query = select(Order).where(Order.customer_id == customer.id, Order.unsettled > 0) \
        .order_by(Order.order_date, Order.id)
    if lock:
        # Re-read under the lock: a preview earlier in this transaction may have loaded
        # these orders before another payment settled them.
        query = query.with_for_update().execution_options(populate_existing=True)
    for order in session.execute(query).scalars():
        items.append(OpenItem(str(order.id), order.number, order.order_date.date(),
                              order.total, order.total - order.unsettled, order.unsettled,
                              order.credit_due_date, order, settled=order.settled))
    items.sort(key=lambda i: (i.item_date, i.key != OPENING, i.order.id if i.order else 0))
    return items


@dataclass
class Allocation:
    applied: list[tuple[OpenItem, Decimal]]
    to_balance: Decimal

    @property
    def applied_total(self) -> Decimal:
        return sum((amount for _, amount in self.applied), ZERO)


def allocate(items: list[OpenItem], amount: Decimal, selected: set[str] | None) -> Allocation:
    """Oldest first over every item (selected=None) or over the selected ones only."""
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


def preview(session, customer: Customer, amount, selected: set[str] | None) -> Allocation:
    amount = check_amount(amount)
    items = open_items(session, customer)
    _check_selected(items, selected)
    return allocate(items, amount, selected)


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
    items = open_items(session, customer, lock=True)
    _check_selected(items, selected)
    plan = allocate(items, amount, selected)
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
