"""Platform after-sales (SPEC S12): a channel's connector sends each return or refund
request (or abnormal return) as it changes, under the platform's request id, unique per
store: 201 when it made the after-sales order, 200 when it brought one up to date. The
seller's answers are the after-sales events (accept), stock-in and evidence; disputes
and logistics claims have their own resource."""
from apiflask import Schema
from apiflask.fields import File, List, Nested, String
from apiflask.validators import Length, OneOf
from flask import request

from .. import uploads
from ..extensions import db
from ..models import (CLAIM_KINDS, CLAIM_STATUSES, EVIDENCE_STAGES, AfterSalesOrder, Order,
                      PlatformClaim, Store, Warehouse, utcnow)
from ..rules.aftersales.kinds import STATUSES
from ..rules.platforms import claims, deadlines, evidence, requests
from . import bp, shapes
from .aftersales import LOAD, ReturnIn, _return
from .aftersales_shape import AfterSalesOut, shape
from .auth import auth, user
from .calls import ok, write
from .inputs import amount, instant
from .paging import page, where_of
from .rows import may_read, row
from .schemas import ERRORS, Amount, Id, Instant, ListQuery, Money, When, page_of

READ = ("aftersales.manual", "aftersales.refund", "stock.return_in")
TAGS = ["Platform after-sales"]


class PlatformRequestIn(Schema):
    store_id = Id(required=True)
    request_id = String(required=True, validate=Length(min=1, max=80), metadata={
        "description": "The platform's own id, unique per store"})
    order_id = Id(metadata={"description": "Our order; or order_external_id"})
    order_external_id = String(validate=Length(min=1, max=80), metadata={
        "description": "The channel's order id, as the order was created with"})
    type = String(required=True, validate=OneOf(list(requests.TYPES)))
    platform_status = String(required=True, validate=Length(min=1, max=60), metadata={
        "description": "The platform's status, as its API words it (mapped per channel "
                       "in Settings > Platform deadlines)"})
    refund_amount = Amount(metadata={
        "description": "What the platform refunds its buyer; left out: 0 on a new "
                       "request, kept as it was on an update"})
    reason = String(load_default="", validate=Length(max=300))
    evidence_links = List(String(validate=Length(max=500)), load_default=list,
                          validate=Length(max=requests.MAX_LINKS))
    lines = List(Nested(ReturnIn), load_default=list, validate=Length(max=500), metadata={
        "description": "What the request is for; blank: everything still returnable"})
    warehouse_id = Id(metadata={"description": "Where returned goods come back to"})
    tracking_no = String(validate=Length(max=80))
    requested_at = When(metadata={"description": "When the buyer asked (default: now)"})
    due_at = When(metadata={"description": "The platform's own deadline for the step "
                                           "now running, if it sends one"})


class PlatformQuery(ListQuery):
    store_id = Id()
    status = String(validate=OneOf(list(STATUSES)))
    deadline = String(validate=OneOf(["due_24h", "overdue"]), metadata={
        "description": "The seller's deadlines due within 24 h, or passed"})


class ClaimNew(Schema):
    kind = String(required=True, validate=OneOf(list(CLAIM_KINDS)))
    reason = String(required=True, validate=Length(min=1, max=2000))
    claimed = Amount(required=True)


class ClaimDecision(Schema):
    outcome = String(required=True, validate=OneOf(["won", "partial", "lost"]))
    compensation = Amount(load_default=None, metadata={
        "description": "Won: the amount claimed (the default); partly won: less; lost: 0"})


class ClaimOut(Schema):
    id = Id()
    number = String()
    kind = String()
    status = String()
    aftersales_id = Id()
    order_id = Id()
    reason = String()
    claimed = Money()
    compensation = Money()
    currency = String()
    deadline_at = Instant(allow_none=True)
    opened_at = Instant()
    decided_at = Instant(allow_none=True)


class ClaimQuery(ListQuery):
    status = String(validate=OneOf(list(CLAIM_STATUSES)))
    kind = String(validate=OneOf(list(CLAIM_KINDS)))
    aftersales_id = Id()


class EvidenceIn(Schema):
    files = File(metadata={"description": "Photos (JPEG, PNG, WebP, 10 MB) or videos "
                                          "(MP4, MOV, WebM, 30 MB); several allowed"})
    stage = String(load_default="request", validate=OneOf(list(EVIDENCE_STAGES)))


def _request(data: dict) -> requests.PlatformRequest:
    store = row(Store, data["store_id"])
    if data.get("order_id") is not None:
        order = row(Order, data["order_id"])
    else:
        order = db.session.query(Order).filter_by(
            org_id=user().org_id, store_id=store.id,
            external_id=data.get("order_external_id") or "").one_or_none()
    warehouse = row(Warehouse, data["warehouse_id"]) \
        if data.get("warehouse_id") is not None else None
    return requests.PlatformRequest(
        store=store, request_id=data["request_id"], order=order, type=data["type"],
        platform_status=data["platform_status"],
        refund_amount=amount(data["refund_amount"], "refund_amount")
        if data.get("refund_amount") is not None else None,
        reason=data["reason"], evidence_links=data["evidence_links"],
        lines=[_return(line) for line in data["lines"]], warehouse=warehouse,
        tracking_no=data.get("tracking_no"), requested_at=instant(data.get("requested_at")),
        due_at=instant(data.get("due_at")))


@bp.post("/platform-aftersales")
@bp.auth_required(auth)
@bp.input(PlatformRequestIn, location="json")
@bp.output(AfterSalesOut, status_code=201)
@bp.doc(tags=TAGS, responses=[200, *ERRORS])
def receive_request(json_data):
    """Send a platform's request as it is now: 201 made, 200 brought up to date"""
    return write(lambda: requests.receive(db.session, user(), _request(json_data)),
                 lambda done: shape(done.aso), lambda done: 201 if done.created else 200)


@bp.get("/platform-aftersales")
@bp.auth_required(auth)
@bp.input(PlatformQuery, location="query")
@bp.output(page_of(AfterSalesOut, "PlatformAfterSalesPage"))
@bp.doc(tags=TAGS, responses=ERRORS)
def list_platform(query_data):
    """Platform after-sales orders, newest first (filter by the seller's deadlines)"""
    may_read(*READ)
    where = [*where_of(AfterSalesOrder, user().org_id, query_data, ("store_id", "status")),
             AfterSalesOrder.store_id.is_not(None)]
    if query_data.get("deadline"):
        where += deadlines.due_where(query_data["deadline"], utcnow())
    return ok(page(AfterSalesOrder, where, query_data, shape, LOAD))


@bp.post("/aftersales/<int:aftersales_id>/evidence")
@bp.auth_required(auth)
@bp.input(EvidenceIn, location="form_and_files")
@bp.output(AfterSalesOut)
@bp.doc(tags=TAGS, responses=ERRORS)
def add_evidence(aftersales_id, form_and_files_data):
    """Attach the seller's photos and videos (multipart: files, stage)"""
    def attach():
        aso = row(AfterSalesOrder, aftersales_id)
        stored = [uploads.accept_evidence(f, aso.org_id)
                  for f in request.files.getlist("files") if f.filename]
        evidence.add_files(db.session, user(), aso, stored, form_and_files_data["stage"])
        db.session.refresh(aso)
        return aso
    return write(attach, shape, 200)


def claim_shape(claim: PlatformClaim) -> dict:
    org, code = user().org, user().org.currency
    return {"id": claim.id, "number": claim.number, "kind": claim.kind,
            "status": claim.status, "aftersales_id": claim.aftersales_id,
            "order_id": claim.order_id, "reason": claim.reason,
            "claimed": shapes.money(claim.claimed, code),
            "compensation": shapes.money(claim.compensation, code), "currency": code,
            "deadline_at": shapes.instant(org, claim.deadline_at),
            "opened_at": shapes.instant(org, claim.opened_at),
            "decided_at": shapes.instant(org, claim.decided_at)}


@bp.post("/aftersales/<int:aftersales_id>/claims")
@bp.auth_required(auth)
@bp.input(ClaimNew, location="json")
@bp.output(ClaimOut, status_code=201)
@bp.doc(tags=TAGS, responses=ERRORS)
def open_claim(aftersales_id, json_data):
    """Open a dispute (appeal) or a logistics claim, within the channel's window"""
    return write(lambda: claims.open_claim(
        db.session, user(), row(AfterSalesOrder, aftersales_id), json_data["kind"],
        json_data["reason"], amount(json_data["claimed"], "claimed")), claim_shape)


@bp.get("/claims")
@bp.auth_required(auth)
@bp.input(ClaimQuery, location="query")
@bp.output(page_of(ClaimOut, "ClaimPage"))
@bp.doc(tags=TAGS, responses=ERRORS)
def list_claims(query_data):
    """Disputes and logistics claims, newest first"""
    may_read(*READ)
    where = where_of(PlatformClaim, user().org_id, query_data,
                     ("status", "kind", "aftersales_id"))
    return ok(page(PlatformClaim, where, query_data, claim_shape))


@bp.get("/claims/<int:claim_id>")
@bp.auth_required(auth)
@bp.output(ClaimOut)
@bp.doc(tags=TAGS, responses=ERRORS)
def get_claim(claim_id):
    """One dispute or logistics claim"""
    may_read(*READ)
    return ok(claim_shape(row(PlatformClaim, claim_id)))


@bp.post("/claims/<int:claim_id>/decision")
@bp.auth_required(auth)
@bp.input(ClaimDecision, location="json")
@bp.output(ClaimOut)
@bp.doc(tags=TAGS, responses=ERRORS)
def decide_claim(claim_id, json_data):
    """Record the platform's decision and the compensation it pays"""
    return write(lambda: claims.decide(
        db.session, user(), row(PlatformClaim, claim_id), json_data["outcome"],
        amount(json_data["compensation"], "compensation")), claim_shape, 200)
