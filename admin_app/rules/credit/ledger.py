"""The customer ledger (SPEC S4): append-only entries with running totals.

Every posting locks the customer row first (SELECT ... FOR UPDATE), so concurrent
postings for one customer serialize on PostgreSQL and no total is computed from a stale
read. Callers lock before they read any amount they will post.
"""
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select

from ..core import access, audit, clock
from ..core.errors import RuleError
from ...models import DOC_TYPES, Customer, LedgerEntry
from ...money import ZERO, quantize


def lock_customer(session, customer_id: int) -> Customer:
    return session.execute(
        select(Customer).where(Customer.id == customer_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def lock_own_customer(session, user, customer_id) -> Customer:
    """The customer a use case was given by id, locked: the user's organization's, or
    NotYours (as if it did not exist)."""
    customer = session.execute(
        select(Customer).where(Customer.id == customer_id, Customer.org_id == user.org_id)
        .with_for_update().execution_options(populate_existing=True)).scalar()
    if customer is None:
        raise access.NotYours()
    return customer


def post(session, user, customer: Customer, *, doc_type: str, doc_no: str,
         receivable=ZERO, received=ZERO, credit_change=ZERO, balance_change=ZERO,
         entry_date: date | None = None, order=None, note: str | None = None) -> LedgerEntry:
    """Append one entry and move the customer's totals by its changes."""
    if doc_type not in DOC_TYPES:
        raise ValueError(f"unknown document type {doc_type}")
    credit_change, balance_change = quantize(credit_change), quantize(balance_change)
    new_credit = customer.total_credit + credit_change
    new_balance = customer.total_balance + balance_change
    if new_credit < 0:
        raise RuleError("ledger.owes_credit_drop", {
            "name": customer.name, "total_credit": customer.total_credit,
            "value": -credit_change})
    if new_balance < 0:
        raise RuleError("ledger.holds_balance_drop", {
            "name": customer.name, "total_balance": customer.total_balance,
            "value": -balance_change})
    last = session.query(func.max(LedgerEntry.seq)).filter(
        LedgerEntry.customer_id == customer.id).scalar() or 0
    entry = LedgerEntry(
        org_id=customer.org_id, customer_id=customer.id, seq=last + 1,
        entry_date=entry_date or clock.today(session, customer.org_id),
        doc_type=doc_type, doc_no=doc_no, receivable=quantize(receivable),
        received=quantize(received), credit_change=credit_change,
        balance_change=balance_change, total_credit=new_credit, total_balance=new_balance,
        order_id=getattr(order, "id", None), note=note, user_id=getattr(user, "id", None))
    customer.total_credit = new_credit
    customer.total_balance = new_balance
    session.add(entry)
    session.flush()
    audit.record(session, user, f"ledger.{doc_type}", entry)
    return entry


def is_zero(*amounts: Decimal) -> bool:
    return all(quantize(a) == 0 for a in amounts)
