"""Which organization's rows a user may touch (SPEC S1, S6): the one policy.

A user reads and changes the rows of their own organization. Two organizations meet
only through a supplier partnership (S6): the partnership itself (and its warehouses,
SKU mapping and distribution orders) belongs to both sides, and each side acts on the
other side's rows only through the partner actions declared in PARTNER_ACTIONS: who
does it, whether it writes, and on which rows. Everything else on another
organization's row is refused, whatever the page: views answer 404, rules raise
NotYours. Rules that write across the two books get the other side's identity only
from `act_as_partner`, which checks the action first.
"""
from dataclasses import dataclass

from sqlalchemy import select

from .errors import RuleError
from ...models import (AfterSalesOrder, DistributionReturn, Organization, Partnership,
                       RefundOrder)

DISTRIBUTOR, SUPPLIER = "distributor", "supplier"


@dataclass(frozen=True)
class PartnerAction:
    side: str      # who acts: the distributor or the supplier
    writes: bool   # False: it only reads the other side's rows
    what: str      # in words: the rows it touches and why (docs, the access test)


PARTNER_ACTIONS = {
    "follow_push": PartnerAction(
        DISTRIBUTOR, False, "read the progress of a return it pushed: the supplier's "
        "record of it, its refund orders and their proof"),
    "confirm_receipt": PartnerAction(
        DISTRIBUTOR, True, "confirm that the supplier's bank refund of a return it "
        "pushed arrived: the refund order is confirmed and the supplier's record completed"),
    "recall": PartnerAction(
        DISTRIBUTOR, True, "recall a pushed return by cancelling its own after-sales "
        "order: the supplier's record is cancelled with it, unless already stocked in"),
    "send_tracking": PartnerAction(
        DISTRIBUTOR, True, "give the supplier's record of a return it pushed the buyer's "
        "return tracking number entered after the push, until the supplier stocks it in"),
    "push": PartnerAction(
        DISTRIBUTOR, True, "push its own return stock-in record: the supplier's record "
        "of the return is created in After-Sales Orders - Distribution"),
    "ship": PartnerAction(
        DISTRIBUTOR, True, "ship its own order from a linked supplier warehouse: the "
        "supplier's stock-out and its sale to the distributor, on credit"),
    "read_pushed": PartnerAction(
        SUPPLIER, False, "read what a distributor pushed to it"),
    "follow_supplier": PartnerAction(
        SUPPLIER, True, "its stock-in of a pushed return moves the distributor's "
        "after-sales order to Received Return (and completes it when nothing is left "
        "to refund); its refunds show in the distributor's audit trail"),
}
READS = tuple(code for code, action in PARTNER_ACTIONS.items() if not action.writes)


class NotYours(RuleError):
    """Another organization's row, outside the declared partner actions: answered as if
    it did not exist (404), never with its data."""

    def __init__(self):
        super().__init__("access.not_found")


@dataclass(frozen=True)
class Acting:
    """A user acting on a partner's books through a declared partner action: that
    organization's rows, and no permission there (a credit-limit override, for one,
    stays the supplier's decision)."""
    id: int | None
    org_id: int
    action: str
    is_main: bool = False
    role: object = None
    is_authenticated: bool = True


def owners(row) -> tuple:
    """The organizations a row belongs to: a partnership and what hangs on it belong to
    both sides; any other business row to its own organization; () to none."""
    if isinstance(row, Organization):
        return (row.id,)
    p = row if isinstance(row, Partnership) else getattr(row, "partnership", None)
    if isinstance(p, Partnership):
        return (p.distributor_org_id, p.supplier_org_id)
    owner = getattr(row, "org_id", None)
    return (owner,) if owner is not None else ()


def may_touch(session, org_id: int, row, purpose: str = "read") -> bool:
    """Whether organization `org_id` may `purpose` `row`: "read" and "write" are its own
    rows (and its partnerships'); a partner action's name is that action's rows."""
    found = owners(row)
    if not found or org_id in found:
        return True
    if purpose == "read":
        return any(_partner_may(session, code, org_id, row) for code in READS)
    if purpose == "write":
        return False
    if purpose not in PARTNER_ACTIONS:
        raise ValueError(f"unknown purpose {purpose!r}")
    return _partner_may(session, purpose, org_id, row)


def require(session, user, row, purpose: str = "write") -> None:
    if row is not None and not may_touch(session, user.org_id, row, purpose):
        raise NotYours()


def act_as_partner(session, user, action: str, row) -> Acting:
    """The identity under which `user` changes `row` on the partner's books, once the
    declared partner `action` allows it; otherwise NotYours."""
    if action not in PARTNER_ACTIONS or not PARTNER_ACTIONS[action].writes:
        raise ValueError(f"{action!r} is not a partner action that writes")
    if not _partner_may(session, action, user.org_id, row):
        raise NotYours()
    return Acting(id=getattr(user, "id", None), org_id=row.org_id, action=action)


# --- which rows each partner action reaches ----------------------------------------------

def _pushed_record(session, row):
    """The distributor's record of a pushed return behind a supplier's row, or None."""
    if isinstance(row, RefundOrder):
        aso_id = row.aftersales_id
    elif isinstance(row, AfterSalesOrder) and row.kind == "distribution_return":
        aso_id = row.id
    else:
        return None
    return session.execute(select(DistributionReturn).where(
        DistributionReturn.supplier_aso_id == aso_id)).scalar()


def _partner_may(session, action: str, org_id: int, row) -> bool:
    if action in ("follow_push", "recall", "send_tracking"):
        record = _pushed_record(session, row)
        return record is not None and record.org_id == org_id and \
            (action == "follow_push" or isinstance(row, AfterSalesOrder))
    if action == "confirm_receipt":
        record = _pushed_record(session, row)
        return isinstance(row, RefundOrder) and record is not None and \
            record.org_id == org_id and row.method == "bank_transfer"
    if action == "read_pushed":
        return isinstance(row, DistributionReturn) and row.supplier_aso is not None and \
            row.supplier_aso.org_id == org_id
    if action == "follow_supplier":
        if not isinstance(row, AfterSalesOrder):
            return False
        record = session.execute(select(DistributionReturn).where(
            DistributionReturn.aftersales_id == row.id)).scalar()
        return record is not None and record.supplier_aso is not None and \
            record.supplier_aso.org_id == org_id
    if action in ("push", "ship"):
        return _partner_of(session, org_id, row.org_id)
    return False


def _partner_of(session, distributor_org_id: int, supplier_org_id: int) -> bool:
    """A push or a shipment writes on a supplier's books through a partnership (the
    rules check that it is the order's own partnership and that it is active)."""
    return session.execute(select(Partnership.id).where(
        Partnership.distributor_org_id == distributor_org_id,
        Partnership.supplier_org_id == supplier_org_id)).first() is not None
