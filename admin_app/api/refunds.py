"""Refund orders: create on an after-sales order (or a dry run of it), list, get,
confirm a bank refund (with its proof) and reject it with a reason."""
from apiflask import Schema
from apiflask.fields import Boolean, File, Nested, String
from apiflask.validators import Length, OneOf
from flask import request

from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import REFUND_METHODS, REFUND_STATUSES, AfterSalesOrder, RefundOrder
from ..rules.aftersales import refund_orders
from ..rules.aftersales.refund_orders import BankDetails
from .. import uploads
from . import bp, shapes
from .aftersales_shape import RefundOut, refund_shape
from .auth import auth, user
from .calls import ok, preview, write
from .inputs import amount
from .paging import page, where_of
from .rows import may_read, row
from .schemas import Id, ERRORS, Amount, ListQuery, Money, page_of

READ = ("aftersales.refund",)


class BankIn(Schema):
    bank_name = String(load_default="", validate=Length(max=120))
    account_name = String(load_default="", validate=Length(max=120))
    account_no = String(load_default="", validate=Length(max=60))


class RefundNew(Schema):
    amount = Amount(required=True)
    method = String(required=True, validate=OneOf(list(REFUND_METHODS)))
    bank = Nested(BankIn, metadata={"description": "Needed for a bank transfer"})
    payment_info = String(validate=Length(max=300))
    dry_run = Boolean(load_default=False, metadata={
        "description": "Check everything and answer what would be posted; keep nothing"})


class RefundPreview(Schema):
    dry_run = Boolean()
    amount = Money()
    currency = String()
    method = String()
    offsets_credit = Money(metadata={"description": "Taken off what the customer owes"})
    paid_back = Money(metadata={"description": "Paid back by bank or to the balance"})
    balance_change = Money()


class RefundQuery(ListQuery):
    status = String(validate=OneOf(list(REFUND_STATUSES)))
    aftersales_id = Id()


class ProofIn(Schema):
    proof = File(metadata={"description": "PNG, JPEG or PDF (optional)"})


class RejectIn(Schema):
    reason = String(required=True, validate=Length(min=1, max=2000))


@bp.post("/aftersales/<int:aftersales_id>/refunds")
@bp.auth_required(auth)
@bp.input(RefundNew, location="json")
@bp.output(RefundOut, status_code=201)
@bp.doc(tags=["Refunds"], responses={200: "The dry run's posting (RefundPreview)",
                                     **{code: "" for code in ERRORS}})
def create_refund(aftersales_id, json_data):
    """Create a refund order (to the balance: final at once), or a dry run of it"""
    bank = BankDetails(**json_data["bank"]) if json_data.get("bank") else None

    def inputs():
        return (row(AfterSalesOrder, aftersales_id),
                amount(json_data["amount"], "amount"), json_data["method"])
    if json_data["dry_run"]:
        return preview(lambda: refund_orders.rehearse(db.session, user(), *inputs(), bank),
                       lambda posting: _preview(posting, json_data["method"]))
    return write(lambda: refund_orders.create(db.session, user(), *inputs(), bank,
                                              json_data.get("payment_info")), refund_shape)


@bp.get("/refunds")
@bp.auth_required(auth)
@bp.input(RefundQuery, location="query")
@bp.output(page_of(RefundOut, "RefundPage"))
@bp.doc(tags=["Refunds"], responses=ERRORS)
def list_refunds(query_data):
    """Refund orders, newest first"""
    may_read(*READ)
    where = where_of(RefundOrder, user().org_id, query_data, ("status", "aftersales_id"))
    return ok(page(RefundOrder, where, query_data, refund_shape,
                   (joinedload(RefundOrder.aftersales),)))


@bp.get("/refunds/<int:refund_id>")
@bp.auth_required(auth)
@bp.output(RefundOut)
@bp.doc(tags=["Refunds"], responses=ERRORS)
def get_refund(refund_id):
    """One refund order"""
    may_read(*READ)
    return ok(refund_shape(row(RefundOrder, refund_id)))


@bp.post("/refunds/<int:refund_id>/confirm")
@bp.auth_required(auth)
@bp.input(ProofIn, location="files")
@bp.output(RefundOut)
@bp.doc(tags=["Refunds"], responses=ERRORS)
def confirm_refund(refund_id, files_data):
    """Confirm a bank refund, with its proof (multipart/form-data, optional)"""
    def confirm():
        refund = row(RefundOrder, refund_id)
        proof = uploads.accept_proof(request.files.get("proof"), user().org_id)
        names = (proof.stored, proof.original) if proof is not None else (None, None)
        return refund_orders.confirm(db.session, user(), refund, *names)
    return write(confirm, refund_shape, 200)


@bp.post("/refunds/<int:refund_id>/reject")
@bp.auth_required(auth)
@bp.input(RejectIn, location="json")
@bp.output(RefundOut)
@bp.doc(tags=["Refunds"], responses=ERRORS)
def reject_refund(refund_id, json_data):
    """Reject a bank refund, saying why (the next refund order shows it)"""
    return write(lambda: refund_orders.reject(
        db.session, user(), row(RefundOrder, refund_id), json_data["reason"]),
        refund_shape, 200)


def _preview(posting, method: str) -> dict:
    code = user().org.currency
    return {"dry_run": True, "amount": shapes.money(posting.refund, code),
            "currency": code, "method": method,
            "offsets_credit": shapes.money(posting.offset, code),
            "paid_back": shapes.money(posting.refund - posting.offset, code),
            "balance_change": shapes.money(posting.balance_change, code)}
