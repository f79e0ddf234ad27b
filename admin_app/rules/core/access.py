"""Which organization's rows a request may touch (SPEC S1, S6).

A user reads and changes the rows of their own organization. Another organization's row
may be touched only through a supplier partnership (S6), in this one function:
- a partnership (and its warehouses, SKU mapping, distribution orders) by its two sides;
- the supplier's record of a return the distributor pushed, and its refund orders, by
  that distributor (to follow it, see the proof and confirm a bank refund's receipt).
Every other request for another organization's row is refused (the views answer 404).
"""
from sqlalchemy import select

from ...models import AfterSalesOrder, DistributionReturn, Partnership, RefundOrder

PURPOSES = ("read", "write")


def may_touch(session, org_id: int, row, purpose: str = "read") -> bool:
    """Whether a request of organization `org_id` may `purpose` (read or write) `row`."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    partnership = row if isinstance(row, Partnership) else getattr(row, "partnership", None)
    if isinstance(partnership, Partnership):
        return org_id in (partnership.distributor_org_id, partnership.supplier_org_id)
    owner = getattr(row, "org_id", None)
    if owner is None or owner == org_id:
        return True
    return _pushed_by(session, org_id, row)


def _pushed_by(session, org_id: int, row) -> bool:
    """A supplier's row the distributor `org_id` follows: its pushed return's record."""
    if isinstance(row, RefundOrder):
        aso_id = row.aftersales_id
    elif isinstance(row, AfterSalesOrder) and row.kind == "distribution_return":
        aso_id = row.id
    else:
        return False
    return session.execute(select(DistributionReturn.id).where(
        DistributionReturn.org_id == org_id,
        DistributionReturn.supplier_aso_id == aso_id)).first() is not None
