"""A customer's account beyond the ledger: the statement of a period (opening, rows with
their running totals, closing), store-credit lots and point lots, and balance
adjustments."""
from apiflask import Schema
from apiflask.fields import Date, Integer, List, Nested, String
from apiflask.validators import Length, Regexp

from ..extensions import db
from ..models import CreditLot, Customer, LedgerEntry, PointLot
from ..reports import statement as statements
from ..rules.core import clock
from ..rules.core.errors import RuleError
from ..rules.credit import adjustments
from . import bp, shapes
from .auth import auth, user
from .calls import ok, write
from .credit import POSTING, READ, LedgerOut, Posting, ledger_shape
from .inputs import amount
from .paging import page
from .rows import may_read, row
from .schemas import ERRORS, Instant, ListQuery, Money, page_of

LONGEST = 3660  # days a statement may cover


class StatementQuery(Schema):
    start = Date(required=True)
    end = Date(metadata={"description": "Default: the organization's today"})


class StatementRowOut(Posting):
    document = String()


class StatementOut(Schema):
    customer_id = Integer()
    start = String(metadata={"format": "date"})
    end = String(metadata={"format": "date"})
    currency = String()
    order = String(metadata={"description": "The rows' order: document date, then posting"})
    opening_credit = Money()
    opening_balance = Money()
    rows = List(Nested(StatementRowOut))
    closing_credit = Money()
    closing_balance = Money()


class LotOut(Schema):
    id = Integer()
    amount = String(metadata={"description": "Money for store credit, points for points"})
    remaining = String()
    expires_on = String(allow_none=True, metadata={"format": "date"})
    source = String()
    created_at = Instant()


class AdjustIn(Schema):
    amount = String(required=True, validate=Regexp(
        r"^-?[0-9]{1,13}(\.[0-9]{1,6})?$", error="Write an amount: 25.00 or -10.00"),
        metadata={"description": "Store credit added (\"25.00\") or taken (\"-10.00\")"})
    reason = String(required=True, validate=Length(min=1, max=300))
    expires_on = Date(metadata={"description": "For credit added: when it expires"})


@bp.get("/customers/<int:customer_id>/statement")
@bp.auth_required(auth)
@bp.input(StatementQuery, location="query")
@bp.output(StatementOut)
@bp.doc(tags=["Credit"], responses=ERRORS)
def customer_statement(customer_id, query_data):
    """The customer's statement of a period: what the printed one says"""
    may_read(*READ)
    customer = row(Customer, customer_id)
    start, end = query_data["start"], query_data.get("end") or \
        clock.today(db.session, user().org_id)
    if end < start or (end - start).days > LONGEST:
        raise RuleError("api.period_invalid", {"days": LONGEST}, field="end")
    return ok(statement_shape(statements.statement(db.session, customer, start, end)))


def statement_shape(stmt) -> dict:
    code = user().org.currency
    return {"customer_id": stmt.customer.id, "start": shapes.day(stmt.start),
            "end": shapes.day(stmt.end), "currency": code,
            "order": str(statements.order_note()),
            "opening_credit": shapes.money(stmt.opening_credit, code),
            "opening_balance": shapes.money(stmt.opening_balance, code),
            "rows": [{"entry_date": shapes.day(r.entry_date), "document": str(r.document),
                      "doc_no": r.doc_no,
                      **{n: shapes.money(getattr(r, n), code) for n in POSTING}}
                     for r in stmt.rows],
            "closing_credit": shapes.money(stmt.closing_credit, code),
            "closing_balance": shapes.money(stmt.closing_balance, code)}


def _lots(model, customer_id: int, query: dict, money: bool):
    may_read(*READ)
    customer = row(Customer, customer_id)
    code = user().org.currency

    def shape(lot) -> dict:
        value = (lambda v: shapes.money(v, code)) if money else str
        return {"id": lot.id, "amount": value(lot.amount if money else lot.points),
                "remaining": value(lot.remaining), "expires_on": shapes.day(lot.expires_on),
                "source": lot.source, "created_at": shapes.instant(user().org, lot.created_at)}
    return ok(page(model, [model.org_id == user().org_id, model.customer_id == customer.id],
                   query, shape))


@bp.get("/customers/<int:customer_id>/credit-lots")
@bp.auth_required(auth)
@bp.input(ListQuery, location="query")
@bp.output(page_of(LotOut, "LotPage"))
@bp.doc(tags=["Credit"], responses=ERRORS)
def credit_lots(customer_id, query_data):
    """The customer's store-credit lots (what is left of each, and when it expires)"""
    return _lots(CreditLot, customer_id, query_data, money=True)


@bp.get("/customers/<int:customer_id>/point-lots")
@bp.auth_required(auth)
@bp.input(ListQuery, location="query")
@bp.output(page_of(LotOut, "PointLotPage"))
@bp.doc(tags=["Credit"], responses=ERRORS)
def point_lots(customer_id, query_data):
    """The customer's member points, by lot"""
    return _lots(PointLot, customer_id, query_data, money=False)


@bp.post("/customers/<int:customer_id>/adjustments")
@bp.auth_required(auth)
@bp.input(AdjustIn, location="json")
@bp.output(LedgerOut, status_code=201)
@bp.doc(tags=["Credit"], responses=ERRORS)
def adjust_balance(customer_id, json_data):
    """Add store credit to the customer's balance or take it away, saying why"""
    def adjust() -> LedgerEntry:
        customer = row(Customer, customer_id)
        return adjustments.adjust_balance(
            db.session, user(), customer.id, _signed(json_data["amount"]),
            json_data["reason"], json_data.get("expires_on"))
    return write(adjust, ledger_shape)


def _signed(text: str):
    """The schema checked its form; the currency's decimals are the rule's to check."""
    value = amount(text.lstrip("-"), "amount")
    return -value if text.startswith("-") and value is not None else value
