"""Supplier partnerships (SPEC S6): one side proposes, the other accepts; the supplier
sets its fees, the distributor its auto-push; warehouses and the SKU mapping."""
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import or_, select

from ..core import audit, clock, currency
from ..core.errors import RuleError
from ..core.text import typed
from ...models import (FEE_MODES, PARTNERSHIP_STATUSES, Customer, Organization,
                       PartnerWarehouse, Partnership, Sku, SkuMapping, Store, Warehouse)
from ...money import MAX_AMOUNT, ZERO, quantize
from ..core.permissions import has_permission
from ..core.transitions import Lifecycle
from ..core.usecase import use_case

# A partnership: proposed by one side, active once the other accepts, terminated by
# either (frozen then: winding down only, require_not_ended).
PARTNERSHIP = Lifecycle("partnership", {
    "proposed": {"accept": "active", "terminate": "terminated"},
    "active": {"terminate": "terminated"},
    "terminated": {},
}, PARTNERSHIP_STATUSES, {"accept": "Accept", "terminate": "Terminate"})

STORE_NAME = "Distribution"


def of_org(org_id: int):
    """A query of the partnerships where `org_id` is on either side."""
    return select(Partnership).where(or_(Partnership.distributor_org_id == org_id,
                                         Partnership.supplier_org_id == org_id))


def partner_org_ids(session, org_id: int) -> set[int]:
    rows = session.execute(select(Partnership.distributor_org_id,
                                  Partnership.supplier_org_id).where(
        or_(Partnership.distributor_org_id == org_id,
            Partnership.supplier_org_id == org_id))).all()
    return {o for row in rows for o in row} - {org_id}


def _record(session, user, action, p, before=None, after=None):
    """A partnership's change is written to both organizations' audit trails."""
    for org_id in (p.distributor_org_id, p.supplier_org_id):
        audit.record(session, user, action, p, before=before, after=after, org_id=org_id)


@use_case("distribution.manage")
def propose(session, user, other_name: str, we_are: str, note: str = "") -> Partnership:
    if we_are not in ("distributor", "supplier"):
        raise RuleError('partnership.say_whether_your_organization')
    other = session.execute(select(Organization).where(
        Organization.name == (other_name or "").strip())).scalar()
    if other is None or other.id == user.org_id:
        raise RuleError('partnership.partner_enter_exact_name', field='partner')
    mine, theirs = user.org_id, other.id
    distributor, supplier = (mine, theirs) if we_are == "distributor" else (theirs, mine)
    if session.execute(select(Partnership.id).where(
            Partnership.distributor_org_id == distributor,
            Partnership.supplier_org_id == supplier)).first():
        raise RuleError('partnership.partnership_these_roles_already', {'name': other.name})
    p = Partnership(distributor_org_id=distributor, supplier_org_id=supplier,
                    proposed_by_org_id=mine, status="proposed",
                    note=typed(note, "Note", 300))
    session.add(p)
    session.flush()
    _record(session, user, "partnership.propose", p)
    return p


def _lock(session, p: Partnership) -> Partnership:
    session.flush()  # a refresh would drop changes not yet written
    session.refresh(p, with_for_update=True)
    return p


@use_case("distribution.manage")
def accept(session, user, p: Partnership, today: date | None = None) -> Partnership:
    _lock(session, p)
    if not PARTNERSHIP.can(p, "accept"):
        raise RuleError(
            "partnership.partnership_waiting_acceptance", {"status_label": p.status_label}
        )
    if p.proposed_by_org_id == user.org_id or p.side(user.org_id) is None:
        raise RuleError('partnership.other_organization_accepts_proposal')
    before = audit.snapshot(p)
    PARTNERSHIP.apply(p, "accept")
    p.started_on = today or min(_both_dates(session, p))
    p.customer = _distributor_as_customer(session, p)
    _record(session, user, "partnership.accept", p, before=before, after=audit.snapshot(p))
    return p


def _distributor_as_customer(session, p: Partnership) -> Customer:
    """The distributor in the supplier's customer file, buying on credit (SPEC S4)."""
    distributor = session.get(Organization, p.distributor_org_id)
    code = f"DIST-{p.distributor_org_id}"
    found = session.execute(select(Customer).where(
        Customer.org_id == p.supplier_org_id, Customer.code == code)).scalar()
    if found is not None:
        return found
    customer = Customer(org_id=p.supplier_org_id, code=code, name=distributor.name[:120],
                        credit_allowed=True, credit_order_types="distribution")
    session.add(customer)
    session.flush()
    return customer


def supplier_store(session, p: Partnership) -> Store:
    """Where the supplier's sales to its distributors are booked."""
    store = session.execute(select(Store).where(Store.org_id == p.supplier_org_id,
                                                Store.name == STORE_NAME)).scalar()
    if store is None:
        store = Store(org_id=p.supplier_org_id, name=STORE_NAME, channel="Offline")
        session.add(store)
        session.flush()
    return store


@use_case("distribution.manage")
def terminate(session, user, p: Partnership, today: date | None = None) -> Partnership:
    _lock(session, p)
    if p.side(user.org_id) is None or not PARTNERSHIP.can(p, "terminate"):
        raise RuleError('partnership.partnership_already_terminated')
    before = audit.snapshot(p)
    PARTNERSHIP.apply(p, "terminate")
    p.ended_on = today or max(_both_dates(session, p))
    _record(session, user, "partnership.terminate", p, before=before, after=audit.snapshot(p))
    return p


def _both_dates(session, p: Partnership) -> tuple[date, date]:
    """Today on each side's calendar: the period starts on the earlier and ends on the
    later, so an order either side dates from the moment it starts (to the moment it
    ends) is inside it, whichever side's time zone is ahead."""
    return (clock.today(session, p.distributor_org_id),
            clock.today(session, p.supplier_org_id))


def require_not_ended(p: Partnership) -> None:
    """A terminated partnership is frozen: winding down (pushing, stocking in and
    refunding the returns of orders from the cooperation period, recalling, confirming
    receipt) runs on the fees, warehouses and SKU mapping agreed while it lasted."""
    if ended(p):
        raise RuleError('partnership.partnership_ended_fees_auto', {'ended_on': p.ended_on})


def ended(p: Partnership) -> bool:
    return not PARTNERSHIP.next_events(p)


def in_force(p: Partnership) -> bool:
    """Accepted and not terminated: its warehouses fulfil, its terms can change."""
    return PARTNERSHIP.can(p, "terminate") and not PARTNERSHIP.can(p, "accept")


def why_not(user, p: Partnership, event: str) -> RuleError | None:
    """Why `user` cannot `event` the partnership now: "accept", "terminate", and the
    terms ("link_warehouse" for the distributor, "map_sku", "settings")."""
    if not has_permission(user, "distribution.manage"):
        return RuleError("access.not_permitted", {"names": '"Distribution"'})
    side = p.side(user.org_id)
    if event in PARTNERSHIP.events:
        if side is None or not PARTNERSHIP.can(p, event):
            return RuleError("partnership.partnership_waiting_acceptance",
                             {"status_label": p.status_label})
        if event == "accept" and p.proposed_by_org_id == user.org_id:
            return RuleError("partnership.other_organization_accepts_proposal")
        return None
    if ended(p):
        return RuleError("partnership.partnership_ended_fees_auto", {"ended_on": p.ended_on})
    if event != "settings" and not in_force(p):  # the fees can be set while proposed
        return RuleError("partnership.partnership_waiting_acceptance",
                         {"status_label": p.status_label})
    if event == "link_warehouse" and side != "distributor":
        return RuleError("partnership.distributor_links_warehouses_supplier")
    return None


TERMS = ("link_warehouse", "map_sku", "settings")


def allowed(user, p: Partnership) -> list[str]:
    return [e for e in (*PARTNERSHIP.events, *TERMS) if why_not(user, p, e) is None]


@dataclass
class Settings:
    fee_mode: str | None = None          # the supplier's
    handling_fee: Decimal | None = None
    distribution_fee: Decimal | None = None
    auto_push: bool | None = None        # the distributor's


@use_case("distribution.manage")
def update(session, user, p: Partnership, s: Settings) -> Partnership:
    _lock(session, p)
    require_not_ended(p)
    side = p.side(user.org_id)
    before = audit.snapshot(p)
    # each side sets its own terms; what is not given (None) stays as it is
    fees = (s.fee_mode, s.handling_fee, s.distribution_fee)
    if side == "supplier":
        if s.auto_push:
            raise RuleError("partnership.distributor_sets_auto_push", field="auto_push")
        _set_fees(session, user, p, *fees)
    elif side == "distributor":
        if any(value is not None for value in fees):
            raise RuleError("partnership.supplier_sets_fees", field="handling_fee")
        if s.auto_push is not None:
            p.auto_push = bool(s.auto_push)
    _record(session, user, "partnership.settings", p, before=before, after=audit.snapshot(p))
    return p


def _set_fees(session, user, p: Partnership, mode, handling, distribution) -> None:
    mode = p.fee_mode if mode is None else mode
    if mode not in FEE_MODES:
        raise RuleError('partnership.return_handling_fee_per', field='return_handling_fee')
    handling = p.handling_fee if handling is None else handling
    distribution = p.distribution_fee if distribution is None else distribution
    for label, value in (("Return handling fee", handling), ("Distribution fee", distribution)):
        if not ZERO <= quantize(value) <= MAX_AMOUNT:
            raise RuleError('partnership.amount_0', {'label': label, 'max_amount': MAX_AMOUNT})
        currency.entered_for(session, user.org_id, value, label)  # S9: VND in dong
    p.fee_mode, p.handling_fee = str(mode), quantize(handling)
    p.distribution_fee = quantize(distribution)


def _own(session, model, org_id: int, id_, what: str):
    row = session.get(model, id_) if id_ else None
    if row is None or row.org_id != org_id:
        raise RuleError('partnership.choose_one_organization_s', {'what': what})
    return row


@use_case("distribution.manage")
def add_warehouse(session, user, p: Partnership, distributor_warehouse_id,
                  supplier_warehouse_id) -> PartnerWarehouse:
    if p.side(user.org_id) != "distributor":
        raise RuleError('partnership.distributor_links_warehouses_supplier')
    _lock(session, p)
    require_not_ended(p)
    mine = _own(session, Warehouse, p.distributor_org_id, distributor_warehouse_id,
                "Your warehouse")
    if mine.kind != "supplier":
        raise RuleError('partnership.supplier_warehouse_set_kind', {'name': mine.name})
    theirs = _own(session, Warehouse, p.supplier_org_id, supplier_warehouse_id,
                  "Supplier warehouse")
    if session.execute(select(PartnerWarehouse.id).where(
            PartnerWarehouse.distributor_warehouse_id == mine.id)).first():
        raise RuleError('partnership.already_stands_supplier_warehouse', {'name': mine.name})
    link = PartnerWarehouse(partnership=p, distributor_warehouse_id=mine.id,
                            supplier_warehouse_id=theirs.id)
    session.add(link)
    session.flush()
    _record(session, user, "partnership.warehouse", p,
            after={"warehouse": mine.name, "supplier_warehouse": theirs.name})
    return link


@use_case("distribution.manage")
def map_sku(session, user, p: Partnership, distributor_code: str,
            supplier_code: str) -> SkuMapping:
    if p.side(user.org_id) is None:
        raise RuleError('partnership.two_partners_map_skus')
    _lock(session, p)
    require_not_ended(p)
    sku_of = {}
    for org_id, code, what in ((p.distributor_org_id, distributor_code, "Distributor SKU"),
                               (p.supplier_org_id, supplier_code, "Supplier SKU")):
        sku = session.execute(select(Sku).where(
            Sku.org_id == org_id, Sku.code == (code or "").strip())).scalar()
        if sku is None:
            raise RuleError('partnership.sku_code', {'what': what, 'strip': (code or '').strip()})
        sku_of[what] = sku
    if sku_of["Supplier SKU"].is_combo:
        raise RuleError('partnership.map_supplier_s_single')
    mapping = session.execute(select(SkuMapping).where(
        SkuMapping.partnership_id == p.id,
        SkuMapping.distributor_sku_id == sku_of["Distributor SKU"].id)).scalar()
    if mapping is None:
        mapping = SkuMapping(partnership=p, distributor_sku_id=sku_of["Distributor SKU"].id)
        session.add(mapping)
    mapping.supplier_sku_id = sku_of["Supplier SKU"].id
    session.flush()
    _record(session, user, "partnership.map_sku", p,
            after={"sku": distributor_code, "supplier_sku": supplier_code})
    return mapping


def mapped(session, p: Partnership) -> dict[int, Sku]:
    """distributor SKU id -> supplier SKU."""
    return {m.distributor_sku_id: m.supplier_sku for m in session.execute(
        select(SkuMapping).where(SkuMapping.partnership_id == p.id)).scalars()}


def in_period(p: Partnership, day: date) -> bool:
    """Inside the cooperation period (a terminated one keeps its period)."""
    return p.started_on is not None and p.started_on <= day and \
        (p.ended_on is None or day <= p.ended_on)
