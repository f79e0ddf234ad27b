"""A customer's money: the ledger (running totals, newest first) and payments received
against all open orders or chosen ones."""
from apiflask import Schema
from apiflask.fields import Integer, List, String
from apiflask.validators import Length

from ..extensions import db
from ..models import Customer, LedgerEntry, PaymentReceipt
from ..rules.credit import payments
from . import bp, shapes
from .auth import auth, user
from .calls import ok, write
from .inputs import amount
from .paging import page
from .rows import may_read, row
from .schemas import Id, ERRORS, Amount, Instant, ListQuery, Money, page_of

READ = ("reports.view", "credit.receive")


# what a ledger row moved and the customer's running totals after it
POSTING = ("receivable", "received", "credit_change", "balance_change", "total_credit",
           "total_balance")


class Posting(Schema):
    """A ledger row's amounts, in the ledger and on the statement alike."""
    entry_date = String(metadata={"format": "date"})
    doc_no = String()
    receivable = Money()
    received = Money()
    credit_change = Money()
    balance_change = Money()
    total_credit = Money()
    total_balance = Money()


class LedgerOut(Posting):
    id = Integer()
    doc_type = String()
    order_id = Integer(allow_none=True)
    currency = String()
    note = String(allow_none=True)
    created_at = Instant()


class PaymentIn(Schema):
    amount = Amount(required=True)
    order_ids = List(Id(), validate=Length(min=1, max=5000), metadata={
        "description": "Settle these orders only; none: all open orders, oldest first"})
    note = String(validate=Length(max=300))


class PaymentOut(Schema):
    id = Integer()
    number = String()
    customer_id = Integer()
    amount = Money()
    applied = Money(metadata={"description": "What settled open orders"})
    to_balance = Money(metadata={"description": "What was left, to the customer's balance"})
    currency = String()
    scope = String()
    created_at = Instant()


def ledger_shape(entry: LedgerEntry) -> dict:
    code = user().org.currency
    return {"id": entry.id, "entry_date": shapes.day(entry.entry_date),
            "doc_type": entry.doc_type, "doc_no": entry.doc_no, "order_id": entry.order_id,
            **{name: shapes.money(getattr(entry, name), code) for name in POSTING},
            "currency": code, "note": entry.note,
            "created_at": shapes.instant(user().org, entry.created_at)}


def payment_shape(receipt: PaymentReceipt) -> dict:
    code = user().org.currency
    return {"id": receipt.id, "number": receipt.number, "customer_id": receipt.customer_id,
            **{name: shapes.money(getattr(receipt, name), code)
               for name in ("amount", "applied", "to_balance")},
            "currency": code, "scope": receipt.scope,
            "created_at": shapes.instant(user().org, receipt.created_at)}


@bp.get("/customers/<int:customer_id>/ledger")
@bp.auth_required(auth)
@bp.input(ListQuery, location="query")
@bp.output(page_of(LedgerOut, "LedgerPage"))
@bp.doc(tags=["Credit"], responses=ERRORS)
def customer_ledger(customer_id, query_data):
    """A customer's ledger, newest entry first, each with its running totals"""
    may_read(*READ)
    customer = row(Customer, customer_id)
    return ok(page(LedgerEntry, [LedgerEntry.org_id == user().org_id,
                                 LedgerEntry.customer_id == customer.id],
                   query_data, ledger_shape))


@bp.post("/customers/<int:customer_id>/payments")
@bp.auth_required(auth)
@bp.input(PaymentIn, location="json")
@bp.output(PaymentOut, status_code=201)
@bp.doc(tags=["Credit"], responses=ERRORS)
def receive_payment(customer_id, json_data):
    """Receive a payment: it settles the open orders (all, oldest first, or those named);
    what is left goes to the customer's balance"""
    def receive():
        customer = row(Customer, customer_id)
        selected = {str(i) for i in json_data["order_ids"]} \
            if json_data.get("order_ids") else None
        return payments.receive(db.session, user(), customer.id,
                                amount(json_data["amount"], "amount"), selected,
                                note=json_data.get("note"))
    return write(receive, payment_shape)
