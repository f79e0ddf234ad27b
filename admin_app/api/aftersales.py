"""After-sales orders of every kind: list, get, create, the events a person sends
(confirm, confirm with stock-in, generate exchange, complete, cancel, ship replacement)
and return stock-in by lines; each answer says which events are allowed next."""
from apiflask import Schema
from apiflask.fields import Date, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range

from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import AfterSalesLine, AfterSalesOrder, OrderLine, ReturnReason, Sku, Warehouse
from ..models import Order
from ..rules import wiring  # noqa: F401  (the events of later areas: accept)
from ..rules.aftersales import actions, orders as aftersales, services
from ..rules.aftersales.kinds import KINDS, STATUSES
from ..rules.aftersales.orders import ExchangeInput, Receipt, ReturnInput
from . import bp
from .aftersales_shape import AfterSalesOut, shape
from .auth import auth, user
from .calls import ok, write
from .inputs import amount
from .paging import page, where_of
from .rows import may_read, row
from .schemas import Id, ERRORS, Amount, ListQuery, page_of

READ = ("aftersales.manual", "aftersales.refund", "stock.return_in")
LOAD = (selectinload(AfterSalesOrder.lines).joinedload(AfterSalesLine.sku),
        selectinload(AfterSalesOrder.refunds), joinedload(AfterSalesOrder.order),
        selectinload(AfterSalesOrder.evidence), joinedload(AfterSalesOrder.store))
QTY = Range(min=1, max=aftersales.MAX_QTY)


class ReturnIn(Schema):
    order_line_id = Id(metadata={"description": "A line of the order; or sku_id"})
    sku_id = Id()
    quantity = Integer(required=True, validate=QTY)
    amount = Amount(metadata={"description": "Blank: quantity x the line's unit price"})
    reason_id = Id()


class ExchangeIn(Schema):
    sku_id = Id(required=True)
    quantity = Integer(required=True, validate=QTY)
    unit_price = Amount(metadata={"description": "Blank: the customer's price"})
    amount = Amount(metadata={"description": "Blank: quantity x unit price; at most that"})


class AfterSalesNew(Schema):
    order_id = Id(required=True)
    kind = String(required=True, validate=OneOf([k for k, v in KINDS.items()
                                                 if not v.partner and not v.platform]))
    returns = List(Nested(ReturnIn), load_default=list, validate=Length(max=500))
    exchanges = List(Nested(ExchangeIn), load_default=list, validate=Length(max=500))
    warehouse_id = Id()
    tracking_no = String(validate=Length(max=80))
    note = String(validate=Length(max=500))


class ReceiptIn(Schema):
    line_id = Id(required=True)
    qualified = Integer(required=True, validate=Range(min=0, max=aftersales.MAX_QTY))
    unqualified = Integer(load_default=0, validate=Range(min=0, max=aftersales.MAX_QTY))
    missing = Integer(load_default=0, validate=Range(min=0, max=aftersales.MAX_QTY))


class StockInIn(Schema):
    lines = List(Nested(ReceiptIn), required=True, validate=Length(min=1, max=500))
    note = String(load_default="", validate=Length(max=500))


class AfterSalesQuery(ListQuery):
    kind = String(validate=OneOf(list(KINDS)))
    status = String(validate=OneOf(list(STATUSES)))
    order_id = Id()
    customer_id = Id()


@bp.get("/aftersales")
@bp.auth_required(auth)
@bp.input(AfterSalesQuery, location="query")
@bp.output(page_of(AfterSalesOut, "AfterSalesPage"))
@bp.doc(tags=["After-sales"], responses=ERRORS)
def list_aftersales(query_data):
    """After-sales orders, newest first"""
    may_read(*READ)
    where = where_of(AfterSalesOrder, user().org_id, query_data,
                     ("kind", "status", "order_id", "customer_id"))
    return ok(page(AfterSalesOrder, where, query_data, shape, LOAD))


@bp.get("/aftersales/<int:aftersales_id>")
@bp.auth_required(auth)
@bp.output(AfterSalesOut)
@bp.doc(tags=["After-sales"], responses=ERRORS)
def get_aftersales(aftersales_id):
    """One after-sales order, its lines, refunds and allowed events"""
    may_read(*READ)
    return ok(shape(row(AfterSalesOrder, aftersales_id)))


@bp.post("/aftersales")
@bp.auth_required(auth)
@bp.input(AfterSalesNew, location="json")
@bp.output(AfterSalesOut, status_code=201)
@bp.doc(tags=["After-sales"], responses=ERRORS)
def create_aftersales(json_data):
    """Create an after-sales order (return & refund, refund only, exchange, services)"""
    def create():
        order = row(Order, json_data["order_id"])
        warehouse = row(Warehouse, json_data["warehouse_id"]) \
            if json_data.get("warehouse_id") is not None else None
        return aftersales.create(
            db.session, user(), order, json_data["kind"],
            [_return(line) for line in json_data["returns"]],
            [_exchange(line) for line in json_data["exchanges"]], warehouse,
            json_data.get("tracking_no"), json_data.get("note"))
    return write(create, shape)


EVENTS = sorted(actions.RULES)


@bp.post(f"/aftersales/<int:aftersales_id>/events/<any({','.join(EVENTS)}):event>")
@bp.auth_required(auth)
@bp.output(AfterSalesOut)
@bp.doc(tags=["After-sales"], responses=ERRORS)
def aftersales_event(aftersales_id, event):
    """Send an event: confirm, confirm_stock_in, generate_exchange, complete, cancel,
    ship_replacement, nothing_to_refund"""
    def apply():
        aso = row(AfterSalesOrder, aftersales_id)
        actions.apply(db.session, user(), aso, event)
        return aso
    return write(apply, shape, 200)


@bp.post("/aftersales/<int:aftersales_id>/stock-in")
@bp.auth_required(auth)
@bp.input(StockInIn, location="json")
@bp.output(AfterSalesOut)
@bp.doc(tags=["After-sales"], responses=ERRORS)
def stock_in(aftersales_id, json_data):
    """Returned goods back in: each return line split into qualified, unqualified and
    missing"""
    def receive():
        aso = row(AfterSalesOrder, aftersales_id)
        receipts = {}
        for got in json_data["lines"]:
            line = row(AfterSalesLine, got["line_id"])
            receipts[line.id] = Receipt(got["qualified"], got["unqualified"], got["missing"])
        aftersales.stock_in(db.session, user(), aso, receipts, json_data["note"])
        return aso
    return write(receive, shape, 200)


class TrackingIn(Schema):
    tracking_no = String(required=True, validate=Length(min=1, max=80))


@bp.post("/aftersales/<int:aftersales_id>/tracking")
@bp.auth_required(auth)
@bp.input(TrackingIn, location="json")
@bp.output(AfterSalesOut)
@bp.doc(tags=["After-sales"], responses=ERRORS)
def set_tracking(aftersales_id, json_data):
    """The return's tracking number (before its goods are stocked in)"""
    def apply():
        aso = row(AfterSalesOrder, aftersales_id)
        return aftersales.set_tracking(db.session, user(), aso, json_data["tracking_no"])
    return write(apply, shape, 200)


class RepairDoneIn(Schema):
    shipped_on = Date(required=True, metadata={"description": "The shop's date it went "
                                                              "back to the buyer"})
    waybill = String(required=True, validate=Length(min=1, max=80))


@bp.post("/aftersales/<int:aftersales_id>/repair-completed")
@bp.auth_required(auth)
@bp.input(RepairDoneIn, location="json")
@bp.output(AfterSalesOut)
@bp.doc(tags=["After-sales"], responses=ERRORS)
def repair_completed(aftersales_id, json_data):
    """A repair service's goods went back to the buyer: In repairing -> Repair completed"""
    def apply():
        aso = row(AfterSalesOrder, aftersales_id)
        return services.complete_repair(db.session, user(), aso, json_data["shipped_on"],
                                        json_data["waybill"])
    return write(apply, shape, 200)


def _return(line: dict) -> ReturnInput:
    return ReturnInput(
        quantity=line["quantity"],
        order_line=row(OrderLine, line["order_line_id"])
        if line.get("order_line_id") is not None else None,
        sku=row(Sku, line["sku_id"]) if line.get("sku_id") is not None else None,
        amount=amount(line.get("amount"), "amount"),
        reason=row(ReturnReason, line["reason_id"])
        if line.get("reason_id") is not None else None)


def _exchange(line: dict) -> ExchangeInput:
    return ExchangeInput(sku=row(Sku, line["sku_id"]), quantity=line["quantity"],
                         unit_price=amount(line.get("unit_price"), "unit_price"),
                         amount=amount(line.get("amount"), "amount"))
