"""Receive Payment (SPEC S4): settle open orders (and the opening credit), oldest first
or only the selected ones; what is left over goes into the customer's balance."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import (Table,
    BigInteger,
    Integer,
    bindparam,
    func,
    insert,
    literal,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm.attributes import set_committed_value

from . import exchange_goods, ledger, store_credit
from ..core import clock, currency, notes
from ..core.errors import RuleError
from ..core.numbering import unique_number
from ..core.text import typed
from ...models import Customer, Order, Organization, PaymentAllocation, PaymentReceipt
from ...money import MAX_AMOUNT, ZERO, Money, quantize, to_cents
from ..core.usecase import use_case
from ..core.messages import word
from ..core.messages._marker import _

OPENING = "opening"  # the id of the opening credit among the open items


@dataclass
class OpenItem:
    key: str            # an order id as text, or OPENING
    label: str
    item_date: date
    value: Decimal      # order total (or opening credit)
    released: Decimal   # what has been collected of it (SPEC S4: "settled (released)")
    unsettled: Decimal
    due_date: date | None
    order_id: int | None = None
    settled: Decimal = ZERO  # of the credit, by payments since

    @property
    def status(self) -> str:
        return word("Unsettled") if self.settled <= 0 else word("Partially settled")


READ_BATCH = 200


def iter_open_items(session, customer: Customer):
    """Unsettled and partially settled items, oldest first, read in batches of plain
    rows (not ORM objects): a payment that settles the oldest few orders stops reading
    there, and one that settles thousands reads only the columns it needs.

    Every change to a customer's orders happens under that customer's lock (customer,
    then order), so what a payment reads after locking the customer is current."""
    opening = None
    if customer.opening_credit_unsettled > 0:
        credit = customer.opening_credit or ZERO
        paid = credit - customer.opening_credit_unsettled
        opening = OpenItem(
            OPENING, word(_("Opening credit")), customer.opening_credit_date or date.min,
            credit, paid, customer.opening_credit_unsettled, None,
            settled=paid)
    after = None
    while True:
        query = select(Order.id, Order.number, Order.order_date, Order.total,
                       Order.unsettled, Order.settled, Order.credit_due_date,
                       Order.received, Order.balance_used, Order.points_value,
                       Order.goods_received).where(
            Order.customer_id == customer.id, Order.unsettled > 0)
        if after is not None:
            query = query.where(tuple_(Order.order_date, Order.id) > after)
        batch = session.execute(query.order_by(Order.order_date, Order.id)
                                .limit(READ_BATCH)).all()
        for o in batch:
            if opening is not None and opening.item_date <= o.order_date.date():
                yield opening
                opening = None
            # a refund's offset lowers what is owed without collecting anything
            released = o.received + o.settled + o.balance_used + o.points_value + \
                o.goods_received
            yield OpenItem(str(o.id), o.number, o.order_date.date(), o.total, released,
                           o.unsettled, o.credit_due_date, o.id, settled=o.settled)
        if len(batch) < READ_BATCH:
            break
        after = tuple_(bindparam(None, batch[-1].order_date, type_=Order.order_date.type),
                       bindparam(None, batch[-1].id, type_=Order.id.type))
    if opening is not None:
        yield opening


def open_items(session, customer: Customer) -> list[OpenItem]:
    return list(iter_open_items(session, customer))


@dataclass
class Allocation:
    applied: list[tuple[OpenItem, Decimal]] | None
    to_balance: Decimal

    @property
    def applied_total(self) -> Decimal:
        return sum((amount for _, amount in self.applied or ()), ZERO)


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


def check_amount(amount, currency_code: str = "") -> Decimal:
    if amount is None:
        raise RuleError('payment.amount_enter_amount_received', field='amount')
    amount = currency.entered(Decimal(amount), currency_code, "Amount", "amount") \
        if currency_code else quantize(amount)
    if amount <= 0 or amount > MAX_AMOUNT:
        raise RuleError('payment.amount_out_of_range', {'max_amount': MAX_AMOUNT}, field='amount')
    return amount


def _plan(session, customer, amount, selected) -> Allocation:
    if selected is None:
        return allocate(iter_open_items(session, customer), amount, None)
    items = open_items(session, customer)
    _check_selected(items, selected)
    return allocate(items, amount, selected)


def preview(session, customer: Customer, amount, selected: set[str] | None) -> Allocation:
    return _plan(session, customer, check_amount(amount, _currency(session, customer)),
                 selected)


def quick_preview(customer: Customer, amount) -> Allocation:
    """What goes to the balance when paying every open item: the customer's total credit
    is what the open items add up to (the ledger's invariant), so no order is read.
    The allocation's `applied` is None: confirming only, not for showing."""
    amount = check_amount(amount)
    return Allocation(None, max(ZERO, amount - customer.total_credit))


def _check_selected(items, selected):
    if selected is None:
        return
    if not selected:
        raise RuleError('payment.selected_orders_tick_least', field='selected_orders')
    unknown = selected - {i.key for i in items}
    if unknown:
        raise RuleError('payment.selected_orders_some_them', field='selected_orders')


def _settle(session, receipt: PaymentReceipt, plan: Allocation) -> None:
    """Settle the orders and record what went to each. A wholesale customer's payment
    may settle thousands of orders (the unit of work took over a second): PostgreSQL
    gets one UPDATE and one INSERT over two arrays, other databases one executemany of
    one cached statement each. Orders already in the session get the new amounts."""
    parts = [(item.order_id, part) for item, part in plan.applied or ()]
    settled = [(order_id, part) for order_id, part in parts if order_id is not None]
    orders, allocations = Order.__table__, PaymentAllocation.__table__
    assert isinstance(orders, Table) and isinstance(allocations, Table)
    if session.get_bind().dialect.name == "postgresql":
        paid = func.unnest(bindparam("ids", [i for i, _ in parts], type_=ARRAY(Integer)),
                           bindparam("cents", [to_cents(p) for _, p in parts],
                                     type_=ARRAY(BigInteger))
                           ).table_valued("id", "cents").render_derived(name="paid")
        session.execute(update(orders).where(orders.c.id == paid.c.id).values(
            settled=orders.c.settled + paid.c.cents,
            unsettled=orders.c.unsettled - paid.c.cents))
        session.execute(insert(allocations).from_select(
            ["org_id", "receipt_id", "order_id", "amount"],
            select(literal(receipt.org_id), literal(receipt.id), paid.c.id, paid.c.cents)))
    else:
        if settled:
            session.execute(
                update(orders).where(orders.c.id == bindparam("order_id")).values(
                    settled=orders.c.settled + bindparam("part", type_=Money()),
                    unsettled=orders.c.unsettled - bindparam("part", type_=Money())),
                [{"order_id": order_id, "part": part} for order_id, part in settled])
        session.execute(insert(allocations), [
            dict(org_id=receipt.org_id, receipt_id=receipt.id, order_id=order_id,
                 amount=part) for order_id, part in parts])
    for order_id, part in settled:
        order = session.identity_map.get(session.identity_key(Order, order_id))
        if order is not None:
            set_committed_value(order, "settled", order.settled + part)
            set_committed_value(order, "unsettled", order.unsettled - part)


@use_case("credit.receive")
def receive(session, user, customer_id: int, amount, selected: set[str] | None,
            today: date | None = None, proof_file: str | None = None,
            proof_name: str | None = None, note: str | None = None,
            expected_to_balance: Decimal | None = None) -> PaymentReceipt:
    """expected_to_balance: what the user agreed goes to the balance; if the open items
    changed since and it differs, nothing is posted."""
    today = today or clock.today(session, user.org_id)
    amount = check_amount(amount, _currency(session, user))
    note = typed(note, "Note", LEDGER_NOTE)  # the receipt's column, as the ledger's
    customer = ledger.lock_own_customer(session, user, customer_id)
    plan = _plan(session, customer, amount, selected)
    if expected_to_balance is not None and plan.to_balance != expected_to_balance:
        raise RuleError('payment.customer_s_open_orders')
    receipt = PaymentReceipt(
        org_id=customer.org_id,
        number=unique_number(session, PaymentReceipt, customer.org_id, "PR", today),
        customer_id=customer.id,
        amount=amount,
        applied=plan.applied_total,
        to_balance=plan.to_balance,
        scope="all" if selected is None else "selected",
        proof_file=proof_file,
        proof_name=proof_name,
        note=note,
        user_id=getattr(user, "id", None),
    )
    session.add(receipt)
    session.flush()
    for item, part in plan.applied or ():
        if item.order_id is None:
            customer.opening_credit_unsettled -= part
    if plan.applied:
        _settle(session, receipt, plan)
        exchange_goods.paid_for(session, receipt.id)
    if plan.to_balance > 0:
        store_credit.add_lot(session, customer, plan.to_balance,
                             f"overpayment {receipt.number}")
    ledger.post(session, user, customer, doc_type="payment", doc_no=receipt.number,
                received=amount, credit_change=-plan.applied_total,
                balance_change=plan.to_balance, entry_date=today,
                note=_ledger_note(note, plan.to_balance))
    return receipt


def _ledger_note(typed: str | None, to_balance: Decimal) -> str | None:
    """What the staff typed on the payment (the ledger is where they look for it), and
    what went to the balance, one per line (each shown in the reader's words)."""
    ours = notes.PAID_TO_BALANCE.format(amount=notes.amount(to_balance)) \
        if to_balance > 0 else ""
    typed = " ".join((typed or "").split())[:LEDGER_NOTE - len(ours) - 1]
    return "\n".join(part for part in (typed, ours) if part) or None


LEDGER_NOTE = 300  # the ledger's note column


def _currency(session, row) -> str:
    return session.get(Organization, row.org_id).currency
