"""The posting when a refund becomes final (SPEC S5 "Refund and credit").

With refund F and the original order's unsettled amount U: the refund first pays off
what is still owed (offset = min(F, U)); only the rest leaves as money, to the bank
account or into the customer's balance.
"""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from . import ledger, points, store_credit
from .errors import RuleError
from .orders import lock
from ..models import Order
from ..money import ZERO, fmt, quantize

METHODS = {"bank_transfer": "Bank transfer", "balance": "Customer balance"}


@dataclass
class RefundPosting:
    refund: Decimal
    offset: Decimal
    receivable: Decimal
    received: Decimal
    credit_change: Decimal
    balance_change: Decimal


def simulate(order: Order, amount, method: str) -> RefundPosting:
    """The entry a refund would post; the refund form shows it before confirming."""
    if method not in METHODS:
        raise RuleError("Refund method: bank transfer or customer balance.")
    refund = quantize(amount)
    if refund <= 0:
        raise RuleError("Refund amount: enter an amount above 0.")
    offset = min(refund, order.unsettled)
    return RefundPosting(
        refund=refund, offset=offset, receivable=-refund, received=-(refund - offset),
        credit_change=-offset,
        balance_change=(refund - offset) if method == "balance" else ZERO,
    )


def check_caps(order: Order, posting: RefundPosting, method: str) -> None:
    """The order's total caps all its refunds; money by bank is capped by the money
    received for the order (what was paid with store credit goes back to the balance)."""
    if order.refunded_total + posting.refund > order.total:
        raise RuleError(f"Refunds of order {order.number} would add up to "
                        f"{fmt(order.refunded_total + posting.refund)}, more than the order "
                        f"total {fmt(order.total)}.")
    if method == "bank_transfer":
        cash = posting.refund - posting.offset
        room = order.received + order.settled - order.bank_refunded
        if order.payment_method == "cod":
            room = order.total - order.bank_refunded  # collected in full on delivery
        if order.paid_with == "exchange":
            room -= order.received  # paid with returned goods, not money
        if cash > room:
            raise RuleError(
                f"By bank: at most {fmt(max(room, ZERO))} can be sent back for order "
                f"{order.number} (the money received for it, less earlier bank refunds); "
                "refund the rest to the customer's balance.")


def post_refund(session, user, order: Order, amount, method: str, doc_no: str,
                today: date | None = None):
    """Post the refund: the offset settles the order's credit, the rest is paid out."""
    today = today or date.today()
    lock(session, order)
    customer = ledger.lock_customer(session, order.customer_id)
    posting = simulate(order, amount, method)
    check_caps(order, posting, method)
    order.unsettled -= posting.offset
    order.credit_offset += posting.offset
    order.money_refunded += posting.refund - posting.offset
    order.refunded_total += posting.refund
    if method == "bank_transfer":
        order.bank_refunded += posting.refund - posting.offset
    if posting.balance_change > 0:
        store_credit.add_lot(session, customer, posting.balance_change, f"refund {doc_no}")
    entry = ledger.post(session, user, customer, doc_type="aftersales", doc_no=doc_no,
                        receivable=posting.receivable, received=posting.received,
                        credit_change=posting.credit_change,
                        balance_change=posting.balance_change, entry_date=today,
                        order=order, note=f"Refund of {order.number} "
                                         f"({METHODS[method].lower()})")
    points.take_back(session, order, order.refunded_total, today)
    return entry
