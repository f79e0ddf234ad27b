"""Orders: list, get, create (manual, messenger, a channel's with its external id),
status events and cancel with the revert choices."""
from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range

from ..extensions import db
from ..money import ZERO
from sqlalchemy.orm import joinedload, selectinload

from ..models import OrderLine
from ..models import ORDER_STATUSES, ORDER_TYPES, PAID_WITH, PAYMENT_METHODS, Order, Sku, Store
from ..rules.core.access import NotYours
from ..rules.credit.terms import Payment
from ..rules.sales import cancellation, customers, orders, status
from ..rules.sales.orders import LineInput
from . import bp
from .auth import auth, user
from .calls import ok, write
from .inputs import amount, wall
from .order_shape import OrderOut, shape
from .paging import page, where_of
from .rows import may_read, row
from .schemas import When, Id, ERRORS, Amount, ListQuery, page_of

READ = ("orders.manage",)
LOAD = (joinedload(Order.store), joinedload(Order.customer),
        selectinload(Order.lines).joinedload(OrderLine.sku))


class LineIn(Schema):
    sku_id = Id()
    sku_code = String(validate=Length(max=60))
    quantity = Integer(required=True, validate=Range(min=1, max=orders.MAX_LINE_QUANTITY))
    unit_price = Amount(metadata={"description": "Blank: the customer's price"})


class OrderBuyerIn(Schema):
    buyer_id = String(required=True, validate=Length(min=1, max=80))
    name = String(load_default="", validate=Length(max=120))


class PaymentIn(Schema):
    received = Amount(load_default="0")
    paid_with = String(validate=OneOf([k for k in PAID_WITH if k != "balance"]))
    balance = Amount(load_default="0", metadata={"description": "From store credit"})
    points = Integer(load_default=0, validate=Range(min=0, max=10**9))
    override_reason = String(validate=Length(max=300), metadata={
        "description": "Above the customer's credit limit: why it is accepted (needs the "
                       "credit.override permission; kept on the order)"})


class OrderNew(Schema):
    store_id = Id(required=True)
    customer_id = Id(metadata={"description": "Or `buyer`: the store's channel buyer"})
    buyer = Nested(OrderBuyerIn)
    order_type = String(load_default="manual",
                        validate=OneOf(["manual", "messenger", "platform"]))
    payment_method = String(load_default="prepaid", validate=OneOf(list(PAYMENT_METHODS)))
    external_id = String(validate=Length(min=1, max=80), metadata={
        "description": "The channel's order id: sent twice, the first order answers"})
    number = String(validate=Length(max=40))
    order_date = When(metadata={
        "description": "Default: now on the organization's clock; an offset given is "
                       "converted to it (years 2000 to 2100)"})
    note = String(validate=Length(max=500))
    lines = List(Nested(LineIn), required=True, validate=Length(min=1, max=orders.MAX_LINES))
    payment = Nested(PaymentIn, metadata={"description": "Default: paid in full"})
    blacklist_acknowledged = Boolean(load_default=False, metadata={
        "description": "A new order for a blacklisted customer is refused without it; a "
                       "channel's order (external_id) was placed already: it is taken and "
                       "flagged (customer.blacklisted)"})
    remainder_later = Boolean(load_default=False, metadata={
        "description": "A messenger order: what the payment leaves open is settled when "
                       "it is approved"})


class OrderQuery(ListQuery):
    status = String(validate=OneOf(list(ORDER_STATUSES)))
    order_type = String(validate=OneOf(list(ORDER_TYPES)))
    store_id = Id()
    customer_id = Id()
    number = String(validate=Length(max=40))
    external_id = String(validate=Length(max=80))


class CancelIn(Schema):
    revert_credit = Boolean(load_default=True)
    extend_credit_days = Integer(allow_none=True, validate=Range(min=1, max=3650))
    revert_points = Boolean(load_default=True)
    extend_points = Boolean(load_default=False)
    notify = Boolean(load_default=False)


@bp.get("/orders")
@bp.auth_required(auth)
@bp.input(OrderQuery, location="query")
@bp.output(page_of(OrderOut, "OrderPage"))
@bp.doc(tags=["Orders"], responses=ERRORS)
def list_orders(query_data):
    """Orders, newest first"""
    may_read(*READ)
    where = where_of(Order, user().org_id, query_data,
                     ("status", "order_type", "store_id", "customer_id", "number", "external_id"))
    return ok(page(Order, where, query_data, shape, LOAD))


@bp.get("/orders/<int:order_id>")
@bp.auth_required(auth)
@bp.output(OrderOut)
@bp.doc(tags=["Orders"], responses=ERRORS)
def get_order(order_id):
    """One order, its lines, money and the events it allows"""
    may_read(*READ)
    return ok(shape(row(Order, order_id)))


@bp.post("/orders")
@bp.auth_required(auth)
@bp.input(OrderNew, location="json")
@bp.output(OrderOut, status_code=201)
@bp.doc(tags=["Orders"], responses=ERRORS)
def create_order(json_data):
    """Create an order (a channel's external id once per store)"""
    return write(lambda: _create(json_data), shape)


class OrderEdit(Schema):
    lines = List(Nested(LineIn), required=True, validate=Length(min=1, max=orders.MAX_LINES))
    note = String(validate=Length(max=500), allow_none=True)


@bp.patch("/orders/<int:order_id>")
@bp.auth_required(auth)
@bp.input(OrderEdit, location="json")
@bp.output(OrderOut)
@bp.doc(tags=["Orders"], responses=ERRORS)
def edit_order(order_id, json_data):
    """Change an order's lines (and note) while it is Pending or New, as its edit page
    does: not one on the customer's account or whose payment is taken"""
    def edit():
        order = row(Order, order_id)
        return orders.update_order(db.session, user(), order, lines=_lines(json_data["lines"]),
                                   note=json_data.get("note", order.note))
    return write(edit, shape, 200)


@bp.post("/orders/<int:order_id>/events/<any(to_pickup,ship,complete,reopen):event>")
@bp.auth_required(auth)
@bp.output(OrderOut)
@bp.doc(tags=["Orders"], responses=ERRORS)
def order_event(order_id, event):
    """Mark to pickup, shipped, completed, or reopen (approve: /approve)"""
    return write(lambda: _moved(row(Order, order_id), event), shape, 200)


class ApproveIn(Schema):
    received = Amount(load_default="0", metadata={
        "description": "Taken now towards what the order's planned payment leaves open"})
    paid_with = String(validate=OneOf([k for k in PAID_WITH if k != "balance"]))


@bp.post("/orders/<int:order_id>/approve")
@bp.auth_required(auth)
@bp.input(ApproveIn, location="json")
@bp.output(OrderOut)
@bp.doc(tags=["Orders"], responses=ERRORS)
def approve_order(order_id, json_data):
    """Approve a pending (messenger) order, taking a payment now if one came"""
    def approve():
        order = row(Order, order_id)
        orders.approve(db.session, user(), order, amount(json_data["received"], "received")
                       or ZERO, json_data.get("paid_with"))
        return order
    return write(approve, shape, 200)


@bp.post("/orders/<int:order_id>/cancel")
@bp.auth_required(auth)
@bp.input(CancelIn, location="json")
@bp.output(OrderOut)
@bp.doc(tags=["Orders"], responses=ERRORS)
def cancel_order(order_id, json_data):
    """Cancel, giving back store credit and points as chosen"""
    def cancel():
        order = row(Order, order_id)
        cancellation.cancel(db.session, user(), order, cancellation.Revert(
            credit=json_data["revert_credit"],
            extend_credit_days=json_data.get("extend_credit_days"),
            points=json_data["revert_points"], extend_points=json_data["extend_points"],
            notify=json_data["notify"]))
        return order
    return write(cancel, shape, 200)


def _moved(order: Order, event: str) -> Order:
    status.change_status(db.session, user(), order, event)
    return order


def _create(data: dict) -> Order:
    session, acting = db.session, user()
    store = row(Store, data["store_id"])
    if data.get("external_id"):  # a connector's retry: the order it made the first time
        sent = orders.sent_before(session, acting, store, data["external_id"])
        if sent is not None:
            return sent
    customer = row_or_none(data.get("customer_id"))
    buyer = data.get("buyer") or {}
    customer = customers.customer_of_new_order(
        session, acting, customer, store, buyer.get("buyer_id"), buyer.get("name"),
        data["blacklist_acknowledged"],
        placed_on_channel=data["order_type"] == "platform" and
        bool((data.get("external_id") or "").strip()))
    fields = dict(store=store, customer=customer, lines=_lines(data["lines"]),
                  order_type=data["order_type"], payment_method=data["payment_method"],
                  order_date=wall(data.get("order_date")), number=data.get("number"),
                  note=data.get("note"), payment=_payment(data.get("payment")),
                  remainder_later=data["remainder_later"])
    if data.get("external_id"):
        order, _ = orders.create_channel_order(session, acting,
                                               external_id=data["external_id"], **fields)
        return order
    return orders.create_order(session, acting, **fields)


def row_or_none(customer_id):
    from ..models import Customer
    return row(Customer, customer_id) if customer_id is not None else None


def _lines(lines: list[dict]) -> list[LineInput]:
    out = []
    for line in lines:
        sku = _sku(line)
        price = line.get("unit_price")
        out.append(LineInput(sku, line["quantity"], None if price is None else
                             amount(price, "unit_price")))
    return out


def _sku(line: dict) -> Sku:
    if line.get("sku_id") is not None:
        return row(Sku, line["sku_id"])
    found = db.session.query(Sku).filter_by(org_id=user().org_id,
                                            code=line.get("sku_code") or "").first()
    if found is None:
        raise NotYours()
    return found


def _payment(data: dict | None) -> Payment | None:
    if data is None:
        return None
    return Payment(received=amount(data["received"], "received") or ZERO,
                   paid_with=data.get("paid_with"),
                   balance=amount(data["balance"], "balance") or ZERO, points=data["points"],
                   override_reason=data.get("override_reason"))


