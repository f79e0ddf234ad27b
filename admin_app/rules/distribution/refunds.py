"""The supplier's refund to its distributor (SPEC S6). The refund order itself is the
after-sales refund of S5 (the credit offset on the supplier's ledger for the
distributor); what differs is its figures, and that a bank refund is confirmed by the
distributor, who received the money."""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from ..aftersales import refund_orders
from ..core.errors import RuleError
from ..core import access
from ...models import DistributionReturn, RefundOrder
from ...money import ZERO
from ..core.usecase import use_case


@dataclass(frozen=True)
class Figures:
    return_amount: Decimal   # unit price at the original shipment x quantity
    handling_fee: Decimal
    distribution_fee: Decimal  # charged on the stock-out; an abnormal return's is kept
    stock_out_amount: Decimal  # an abnormal return's goods as charged, with that fee
    estimated: Decimal       # what the refund comes to
    unsettled: Decimal       # still owed on the original distribution order
    exchange: Decimal
    refundable: Decimal      # what leaves as money once the debt is offset


def estimated_refund(return_amount, handling_fee, abnormal: bool = False,
                     stock_out_amount=ZERO, distribution_fee=ZERO) -> Decimal:
    """Seed 001: an abnormal return order (the parcel came back undelivered) is the
    stock-out amount less the distribution fee and the handling fee; a platform or
    manual after-sales order is the unit price at shipment x quantity less the fee."""
    if abnormal:
        return max(ZERO, stock_out_amount - distribution_fee - handling_fee)
    return max(ZERO, return_amount - handling_fee)


def figures(aso) -> Figures:
    """The stock-out amount holds the distribution fee the supplier charged with the
    goods, so keeping that fee back leaves the goods less the handling fee: the
    distributor does not pay the fee twice, and refundable follows the spec's formula."""
    r, fee, kept = aso.returned_amount, aso.handling_fee, aso.distribution_fee
    unsettled = aso.order.unsettled
    return Figures(return_amount=r, handling_fee=fee, distribution_fee=kept,
                   stock_out_amount=r + kept,
                   estimated=estimated_refund(r, fee, abnormal=kept > 0,
                                              stock_out_amount=r + kept, distribution_fee=kept),
                   unsettled=unsettled, exchange=ZERO,
                   refundable=max(ZERO, r - unsettled - ZERO - fee))


def pending_for(session, distributor_org_id: int):
    """The supplier bank refunds waiting for this distributor to confirm receipt."""
    return select(RefundOrder).join(
        DistributionReturn, DistributionReturn.supplier_aso_id == RefundOrder.aftersales_id
    ).where(DistributionReturn.org_id == distributor_org_id,
            RefundOrder.status == "pending").order_by(RefundOrder.id)


@use_case("aftersales.refund", partner="confirm_receipt")
def confirm_receipt(session, user, refund: RefundOrder) -> RefundOrder:
    """The distributor confirms the supplier's bank transfer arrived."""
    record = session.execute(select(DistributionReturn).where(
        DistributionReturn.supplier_aso_id == refund.aftersales_id)).scalar()
    if record is None or record.org_id != user.org_id:
        raise RuleError('refund.distributor_who_pushed_return')
    supplier = access.act_as_partner(session, user, "confirm_receipt", refund)
    refund_orders.confirm(session, supplier, refund)
    return refund
