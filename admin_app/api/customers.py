"""Customers: list, get, create, change, and find-or-create a channel's buyer."""
from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, String
from apiflask.validators import Length, OneOf, Range

from ..extensions import db
from ..models import CHANNELS, Customer
from ..rules.core import currency, languages
from ..rules.credit import terms
from ..rules.sales import customers
from . import bp, shapes
from .auth import auth, user
from .calls import ok, write
from .paging import page, where_of
from .rows import may_read, row
from .schemas import ERRORS, Amount, Instant, ListQuery, Money, page_of

READ = ("customers.manage",)
CREDIT = ("credit_allowed", "credit_order_types", "account_period_days", "credit_limit",
          "opening_credit", "opening_balance")


class CustomerIn(Schema):
    code = String(validate=Length(max=40), metadata={"description": "Blank: numbered."})
    name = String(validate=Length(min=1, max=120))
    phone = String(validate=Length(max=40), allow_none=True)
    email = String(validate=Length(max=254), allow_none=True)
    language = String(validate=OneOf(list(languages.LANGUAGES)), allow_none=True)
    channel = String(validate=OneOf(CHANNELS), allow_none=True)
    buyer_id = String(validate=Length(max=80), allow_none=True)
    active = Boolean()
    credit_allowed = Boolean()
    credit_order_types = List(String(validate=OneOf(["manual", "messenger"])))
    account_period_days = Integer(allow_none=True, validate=Range(min=0, max=3650))
    credit_limit = Amount(allow_none=True)
    opening_credit = Amount(allow_none=True, metadata={
        "description": "Posted once to the ledger; needs credit.receive"})
    opening_balance = Amount(allow_none=True, metadata={
        "description": "Posted once as store credit; needs credit.receive"})


class CustomerNew(CustomerIn):
    name = String(required=True, validate=Length(min=1, max=120))


class CustomerOut(Schema):
    id = Integer()
    code = String()
    name = String()
    phone = String(allow_none=True)
    email = String(allow_none=True)
    language = String(allow_none=True)
    channel = String(allow_none=True)
    buyer_id = String(allow_none=True)
    active = Boolean()
    blacklisted = Boolean()
    blacklist_reason = String(allow_none=True)
    currency = String()
    credit_allowed = Boolean()
    credit_order_types = List(String())
    account_period_days = Integer(allow_none=True)
    credit_limit = Money(allow_none=True)
    total_credit = Money()
    total_balance = Money()
    points = Integer()
    created_at = Instant()


class CustomerQuery(ListQuery):
    channel = String(validate=OneOf(CHANNELS))
    buyer_id = String(validate=Length(max=80))
    code = String(validate=Length(max=40))


class BuyerIn(Schema):
    channel = String(required=True, validate=OneOf(CHANNELS))
    buyer_id = String(required=True, validate=Length(min=1, max=80))
    name = String(load_default="", validate=Length(max=120))


def shape(c: Customer) -> dict:
    code = user().org.currency
    return {"id": c.id, "code": c.code, "name": c.name, "phone": c.phone, "email": c.email,
            "language": c.language, "channel": c.channel, "buyer_id": c.buyer_id,
            "active": c.active, "blacklisted": c.blacklisted,
            "blacklist_reason": c.blacklist_reason, "currency": code,
            "credit_allowed": c.credit_allowed,
            "credit_order_types": (c.credit_order_types or "").split(),
            "account_period_days": c.account_period_days,
            "credit_limit": shapes.money(c.credit_limit, code),
            "total_credit": shapes.money(c.total_credit, code),
            "total_balance": shapes.money(c.total_balance, code),
            "points": c.points, "created_at": shapes.instant(user().org, c.created_at)}




@bp.get("/customers")
@bp.auth_required(auth)
@bp.input(CustomerQuery, location="query")
@bp.output(page_of(CustomerOut, "CustomerPage"))
@bp.doc(tags=["Customers"], responses=ERRORS)
def list_customers(query_data):
    """Customers, newest first"""
    may_read(*READ)
    where = where_of(Customer, user().org_id, query_data, ("channel", "buyer_id", "code"))
    return ok(page(Customer, where, query_data, shape))


@bp.get("/customers/<int:customer_id>")
@bp.auth_required(auth)
@bp.output(CustomerOut)
@bp.doc(tags=["Customers"], responses=ERRORS)
def get_customer(customer_id):
    """One customer"""
    may_read(*READ)
    return ok(shape(row(Customer, customer_id)))


@bp.post("/customers")
@bp.auth_required(auth)
@bp.input(CustomerNew, location="json")
@bp.output(CustomerOut, status_code=201)
@bp.doc(tags=["Customers"], responses=ERRORS)
def create_customer(json_data):
    """Create a customer (credit settings too; opening amounts need credit.receive)"""
    return write(lambda: _save(None, json_data), shape)


@bp.patch("/customers/<int:customer_id>")
@bp.auth_required(auth)
@bp.input(CustomerIn, location="json")
@bp.output(CustomerOut)
@bp.doc(tags=["Customers"], responses=ERRORS)
def update_customer(customer_id, json_data):
    """Change a customer's contact fields or credit settings"""
    return write(lambda: _save(row(Customer, customer_id), json_data), shape, 200)


class BlacklistIn(Schema):
    blacklisted = Boolean(required=True)
    reason = String(load_default="", validate=Length(max=300),
                    metadata={"description": "Needed to add: staff see it on new orders"})


@bp.post("/customers/<int:customer_id>/blacklist")
@bp.auth_required(auth)
@bp.input(BlacklistIn, location="json")
@bp.output(CustomerOut)
@bp.doc(tags=["Customers"], responses=ERRORS)
def blacklist(customer_id, json_data):
    """Add a customer to the blacklist (with the reason) or take them off it"""
    def apply():
        customer = row(Customer, customer_id)
        customers.set_blacklisted(db.session, user(), customer, json_data["blacklisted"],
                                  json_data["reason"])
        return customer
    return write(apply, shape, 200)


@bp.post("/customers/find-or-create")
@bp.auth_required(auth)
@bp.input(BuyerIn, location="json")
@bp.output(CustomerOut)
@bp.doc(tags=["Customers"], responses=ERRORS)
def find_or_create(json_data):
    """The customer of a channel's buyer: found by (channel, buyer id), else created"""
    return write(lambda: customers.find_or_create_buyer(
        db.session, user(), json_data["channel"], json_data["buyer_id"],
        json_data["name"]), shape, 200)


def _save(customer: Customer | None, data: dict) -> Customer:
    contact = {k: v for k, v in data.items() if k in customers.CONTACT_FIELDS}
    saved = customers.save_contact(db.session, user(), customer, contact)
    if any(name in data for name in CREDIT):
        terms.save_settings(
            db.session, user(), saved,
            credit_allowed=data.get("credit_allowed", saved.credit_allowed),
            order_types=data.get("credit_order_types", saved.credit_types),
            account_period_days=data.get("account_period_days", saved.account_period_days),
            credit_limit=_amount(data, "credit_limit", saved.credit_limit),
            opening_credit=_amount(data, "opening_credit", saved.opening_credit),
            opening_balance=_amount(data, "opening_balance", saved.opening_balance))
    return saved


def _amount(data: dict, name: str, current):
    if name not in data:
        return current
    return currency.entered_for(db.session, user().org_id, data[name], name) \
        if data[name] not in (None, "") else None
