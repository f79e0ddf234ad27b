"""Supplier partnerships (SPEC S6) over the API, from either side, as on the
Partnerships page: propose, accept, terminate; the supplier's fees and the
distributor's auto-push; the distributor's warehouses at the supplier; the SKU mapping."""
from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, String
from apiflask.validators import Length, OneOf

from sqlalchemy import or_
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..models import FEE_MODES, Partnership
from ..rules.distribution import partnerships
from . import bp, shapes
from .auth import auth, user
from .calls import ok, write
from .inputs import amount
from .rows import may_read, row
from .paging import page
from .schemas import ERRORS, Amount, Id, ListQuery, page_of

PERMISSION = "distribution.manage"


class PartnershipOut(Schema):
    id = Integer()
    side = String(metadata={"description": "The caller's side: distributor or supplier"})
    partner = String(metadata={"description": "The other organization's name"})
    status = String()
    started_on = String(allow_none=True)
    ended_on = String(allow_none=True)
    fee_mode = String()
    handling_fee = String()
    distribution_fee = String()
    auto_push = Boolean()
    note = String(allow_none=True)
    allowed_events = List(String(), metadata={"description": "accept, terminate, "
                                              "link_warehouse, map_sku, settings"})


class PartnershipNew(Schema):
    partner = String(required=True, validate=Length(min=1, max=120),
                     metadata={"description": "The other organization's exact name"})
    we_are = String(required=True, validate=OneOf(["distributor", "supplier"]))
    note = String(load_default="", validate=Length(max=300))


class SettingsIn(Schema):
    fee_mode = String(validate=OneOf(list(FEE_MODES)),
                      metadata={"description": "The supplier's"})
    handling_fee = Amount()
    distribution_fee = Amount()
    auto_push = Boolean(metadata={"description": "The distributor's"})


class WarehouseLinkIn(Schema):
    warehouse_id = Id(required=True, metadata={"description": "Yours, of kind supplier"})
    supplier_warehouse_id = Id(required=True)


class SkuMapIn(Schema):
    sku = String(required=True, validate=Length(min=1, max=60))
    supplier_sku = String(required=True, validate=Length(min=1, max=60))


def shape(p: Partnership) -> dict:
    me = user().org_id
    side = p.side(me)
    partner = p.supplier if side == "distributor" else p.distributor
    code = p.supplier.currency  # the fees are on the supplier's books
    return {"id": p.id, "side": side, "partner": partner.name, "status": p.status,
            "started_on": shapes.day(p.started_on), "ended_on": shapes.day(p.ended_on),
            "fee_mode": p.fee_mode, "handling_fee": shapes.money(p.handling_fee, code),
            "distribution_fee": shapes.money(p.distribution_fee, code),
            "auto_push": p.auto_push, "note": p.note,
            "allowed_events": partnerships.allowed(user(), p)}


@bp.get("/partnerships")
@bp.auth_required(auth)
@bp.input(ListQuery, location="query")
@bp.output(page_of(PartnershipOut, "PartnershipPage"))
@bp.doc(tags=["Distribution"], responses=ERRORS)
def list_partnerships(query_data):
    """The caller's partnerships, as distributor and as supplier, newest first"""
    may_read(PERMISSION)
    me = user().org_id
    return ok(page(Partnership, [or_(Partnership.distributor_org_id == me,
                                     Partnership.supplier_org_id == me)],
                   query_data, shape,
                   (joinedload(Partnership.distributor), joinedload(Partnership.supplier))))


@bp.post("/partnerships")
@bp.auth_required(auth)
@bp.input(PartnershipNew, location="json")
@bp.output(PartnershipOut, status_code=201)
@bp.doc(tags=["Distribution"], responses=ERRORS)
def propose_partnership(json_data):
    """Propose a partnership; the other organization accepts it"""
    return write(lambda: partnerships.propose(db.session, user(), json_data["partner"],
                                              json_data["we_are"], json_data["note"]), shape)


@bp.post("/partnerships/<int:partnership_id>/events/<any(accept,terminate):step>")
@bp.auth_required(auth)
@bp.output(PartnershipOut)
@bp.doc(tags=["Distribution"], responses=ERRORS)
def partnership_event(partnership_id, step):
    """Accept a proposal (the other side's), or terminate"""
    def apply():
        p = row(Partnership, partnership_id)
        return getattr(partnerships, step)(db.session, user(), p)
    return write(apply, shape, 200)


@bp.patch("/partnerships/<int:partnership_id>")
@bp.auth_required(auth)
@bp.input(SettingsIn, location="json")
@bp.output(PartnershipOut)
@bp.doc(tags=["Distribution"], responses=ERRORS)
def partnership_settings(partnership_id, json_data):
    """The supplier's fees, or the distributor's auto-push (the other side's refused);
    what is not sent stays"""
    def save():
        return partnerships.update(
            db.session, user(), row(Partnership, partnership_id), partnerships.Settings(
                fee_mode=json_data.get("fee_mode"),
                handling_fee=amount(json_data.get("handling_fee"), "handling_fee"),
                distribution_fee=amount(json_data.get("distribution_fee"),
                                        "distribution_fee"),
                auto_push=json_data.get("auto_push")))
    return write(save, shape, 200)


@bp.post("/partnerships/<int:partnership_id>/warehouses")
@bp.auth_required(auth)
@bp.input(WarehouseLinkIn, location="json")
@bp.output(PartnershipOut, status_code=201)
@bp.doc(tags=["Distribution"], responses=ERRORS)
def link_warehouse(partnership_id, json_data):
    """The distributor links one of its supplier warehouses to the supplier's own"""
    def link():
        p = row(Partnership, partnership_id)
        partnerships.add_warehouse(db.session, user(), p, json_data["warehouse_id"],
                                   json_data["supplier_warehouse_id"])
        return p
    return write(link, shape)


@bp.post("/partnerships/<int:partnership_id>/sku-mappings")
@bp.auth_required(auth)
@bp.input(SkuMapIn, location="json")
@bp.output(PartnershipOut)
@bp.doc(tags=["Distribution"], responses=ERRORS)
def map_sku(partnership_id, json_data):
    """Map a distributor SKU code to the supplier's (again: the mapping changes)"""
    def mapped():
        p = row(Partnership, partnership_id)
        partnerships.map_sku(db.session, user(), p, json_data["sku"],
                             json_data["supplier_sku"])
        return p
    return write(mapped, shape, 200)
