"""Distribution (SPEC S6) over the API: a distributor's return records pushed to its
supplier (push, push again; recall is cancelling its own after-sales order), their
progress on the supplier's side, and the distributor's confirmation that the
supplier's bank refund arrived. The supplier works its side as ordinary after-sales
orders (stock-in, refund)."""
from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, Nested, String
from apiflask.validators import OneOf

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import (PUSH_STATUSES, AfterSalesOrder, DistributionReturn, Order,
                      PartnerWarehouse, RefundOrder, Warehouse)
from ..rules.distribution import fulfilment, pushing, refunds as distribution_refunds
from . import bp, shapes
from .order_shape import OrderOut, shape as order_shape
from .aftersales_shape import RefundOut, refund_shape
from ..views.access import allow_partners
from .auth import auth, user
from .calls import ok, write
from .paging import page
from .rows import may_read, row
from .schemas import ERRORS, Id, Instant, ListQuery, page_of, row_of

READ = ("distribution.manage",)


class PushOut(Schema):
    id = Integer()
    aftersales_id = Integer()
    status = String()
    progress = String(metadata={"description": "The supplier's side, in the caller's "
                                               "language"})
    attempts = Integer()
    fail_reason = String(allow_none=True)
    final = Boolean(metadata={"description": "A failure no push can fix"})
    supplier_aftersales_id = Integer(allow_none=True)
    allowed_events = List(String())
    supplier_refunds = List(Nested(row_of(RefundOut)), metadata={
        "description": "The supplier's refunds of this return: a bank refund waits for "
                       "the distributor's confirm-receipt"})
    created_at = Instant()
    pushed_at = Instant(allow_none=True)
    recalled_at = Instant(allow_none=True)


class PushQuery(ListQuery):
    status = String(validate=OneOf(list(PUSH_STATUSES)))


def push_shape(record: DistributionReturn) -> dict:
    """The record, with the supplier's side as its progress: the declared partner read
    (the organization gate lets the partners' rows load for it, as on the page)."""
    allow_partners()
    org = user().org
    return {"id": record.id, "aftersales_id": record.aftersales_id,
            "status": record.status, "progress": str(pushing.progress(record)),
            "attempts": record.attempts, "fail_reason": pushing.failure(record) or None,
            "final": record.final, "supplier_aftersales_id": record.supplier_aso_id,
            "allowed_events": pushing.allowed(user(), record),
            "supplier_refunds": [refund_shape(r) for r in record.supplier_aso.refunds]
            if pushing.is_pushed(record) else [],
            "created_at": shapes.instant(org, record.created_at),
            "pushed_at": shapes.instant(org, record.pushed_at),
            "recalled_at": shapes.instant(org, record.recalled_at)}


@bp.get("/distribution/returns")
@bp.auth_required(auth)
@bp.input(PushQuery, location="query")
@bp.output(page_of(PushOut, "PushPage"))
@bp.doc(tags=["Distribution"], responses=ERRORS)
def list_pushes(query_data):
    """The distributor's return records, newest first"""
    may_read(*READ)
    allow_partners()
    where = [DistributionReturn.org_id == user().org_id]
    if query_data.get("status"):
        where.append(DistributionReturn.status == query_data["status"])
    return ok(page(DistributionReturn, where, query_data, push_shape,
                   (joinedload(DistributionReturn.aftersales),
                    joinedload(DistributionReturn.supplier_aso).selectinload(
                        AfterSalesOrder.refunds))))


@bp.get("/distribution/returns/<int:record_id>")
@bp.auth_required(auth)
@bp.output(PushOut)
@bp.doc(tags=["Distribution"], responses=ERRORS)
def get_push(record_id):
    """One return record and its progress at the supplier"""
    may_read(*READ)
    allow_partners()
    return ok(push_shape(row(DistributionReturn, record_id)))


@bp.post("/distribution/returns/<int:record_id>/push")
@bp.auth_required(auth)
@bp.output(PushOut)
@bp.doc(tags=["Distribution"], responses=ERRORS)
def push(record_id):
    """Push the return to the supplier (again, after a failure that is not final)"""
    def pushed():
        record = row(DistributionReturn, record_id)
        pushing.push(db.session, user(), record)
        return record
    return write(pushed, push_shape, 200)


@bp.post("/distribution/returns/<int:record_id>/recall")
@bp.auth_required(auth)
@bp.output(PushOut)
@bp.doc(tags=["Distribution"], responses=ERRORS)
def recall(record_id):
    """Recall a pushed return: the distributor's after-sales order is cancelled, and the
    supplier's record with it while the supplier has not stocked it in"""
    def recalled():
        return pushing.recall(db.session, user(), row(DistributionReturn, record_id))
    return write(recalled, push_shape, 200)


@bp.post("/refunds/<int:refund_id>/confirm-receipt")
@bp.auth_required(auth)
@bp.output(RefundOut)
@bp.doc(tags=["Distribution"], responses=ERRORS)
def confirm_receipt(refund_id):
    """The distributor confirms that its supplier's bank refund arrived"""
    return write(lambda: distribution_refunds.confirm_receipt(
        db.session, user(), row(RefundOrder, refund_id, "confirm_receipt")),
        refund_shape, 200)


class ShipIn(Schema):
    warehouse_id = Id(required=True, metadata={
        "description": "Your warehouse of kind supplier, linked to the supplier's own "
                       "(POST /partnerships/{id}/warehouses)"})


@bp.post("/orders/<int:order_id>/ship-from-supplier")
@bp.auth_required(auth)
@bp.input(ShipIn, location="json")
@bp.output(OrderOut)
@bp.doc(tags=["Distribution"], responses=ERRORS)
def ship_from_supplier(order_id, json_data):
    """Ship a New or To Pickup order from the supplier warehouse linked to one of yours:
    the supplier's sale to you is made and its stock goes out, as on the order's page"""
    def ship():
        order = row(Order, order_id)
        mine = row(Warehouse, json_data["warehouse_id"])
        allow_partners()  # the link names the supplier's own warehouse
        link = db.session.execute(select(PartnerWarehouse).where(
            PartnerWarehouse.distributor_warehouse_id == mine.id)).scalar()
        fulfilment.ship_from_supplier(db.session, user(), order, link)
        return order
    return write(ship, order_shape, 200)
