"""The posting when a refund becomes final (SPEC S5 "Refund and credit").

With refund F and the original order's unsettled amount U: the refund first pays off
what is still owed (offset = min(F, U)); only the rest leaves as money, to the bank
account or into the customer's balance.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from ..core import clock, notes
from ..credit import exchange_goods, ledger, order_money, points, store_credit
from ..core.errors import RuleError
from ..sales.orders import lock
from ...models import Order
from ...money import ZERO, fmt, quantize

METHODS = {"bank_transfer": "Bank transfer", "balance": "Customer balance"}


@dataclass
class RefundPosting:
    refund: Decimal
    offset: Decimal
    receivable: Decimal
    received: Decimal
    credit_change: Decimal
    balance_change: Decimal


def simulate(order: Order, amount, method: str, held=ZERO) -> RefundPosting:
    """The entry a refund would post; the refund form shows it before confirming.
    `held`: the debt that stands for returned goods paying a live exchange order (SPEC
    S5: the goods pay min(R, E) even bought on credit), which no refund offsets."""
    if method not in METHODS:
        raise RuleError('refund.refund_method_bank_transfer', field='refund_method')
    refund = quantize(amount)
    if refund <= 0:
        raise RuleError('refund.refund_amount_enter_amount', field='refund_amount')
    offset = min(refund, max(ZERO, order.unsettled - held))
    return RefundPosting(
        refund=refund, offset=offset, receivable=-refund, received=-(refund - offset),
        credit_change=-offset,
        balance_change=(refund - offset) if method == "balance" else ZERO,
    )


def plan(session, order: Order, amount, method: str) -> RefundPosting:
    """simulate() with what the order's live exchange orders hold of its debt."""
    return simulate(order, amount, method, exchange_goods.on_credit(session, order))


def way_of(method: str) -> str:
    return "bank" if method == "bank_transfer" else "balance"


def check_caps(order: Order, posting: RefundPosting, method: str) -> None:
    """The order's total caps all its refunds; what leaves as money (beyond the credit
    offset) must still be there in the order's money account."""
    if order.refunded_total + posting.refund > order.total:
        raise RuleError(
            "refund.refunds_order_would_add",
            {
                "number": order.number,
                "value": fmt(order.refunded_total + posting.refund),
                "total": fmt(order.total),
            },
        )
    way = way_of(method)
    left = order_money.available(order, way)
    if posting.offset and posting.refund - posting.offset > left:
        # the offset settles debt, not money: name the whole refund that fits
        raise RuleError("refund.most_with_offset", {
            "most": fmt(posting.offset + left), "number": order.number,
            "offset": fmt(posting.offset), "left": fmt(left)}, field="refund_amount")
    order_money.check(order, way, posting.refund - posting.offset,
                      "By bank" if method == "bank_transfer" else "To the balance")


def post_refund(session, user, order: Order, amount, method: str, doc_no: str,
                today: date | None = None):
    """Post the refund: the offset settles the order's credit, the rest is paid out."""
    today = today or clock.today(session, order.org_id)
    lock(session, order)
    customer = ledger.lock_customer(session, order.customer_id)
    posting = plan(session, order, amount, method)
    check_caps(order, posting, method)
    order_money.give_back(order, way_of(method), posting.refund - posting.offset)
    order.unsettled -= posting.offset
    order.credit_offset += posting.offset
    order.refunded_total += posting.refund
    if posting.balance_change > 0:
        store_credit.add_lot(session, customer, posting.balance_change, f"refund {doc_no}")
    entry = ledger.post(session, user, customer, doc_type="aftersales", doc_no=doc_no,
                        receivable=posting.receivable, received=posting.received,
                        credit_change=posting.credit_change,
                        balance_change=posting.balance_change, entry_date=today,
                        order=order, note=(notes.REFUND_BY_BANK if method == "bank_transfer"
                                           else notes.REFUND_TO_BALANCE).format(
                                               number=order.number))
    points.take_back(session, order, points.refunded(order), today)
    return entry
