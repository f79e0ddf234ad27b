"""verify-ledger's check of the platforms' money (SPEC S12): on every order, what the
platform took back (back_platform) is what its platform after-sales orders record as
refunded, and the compensation is what its decided claims paid; no claim pays more than
it claimed, none open or lost pays anything, no order records a refund above the
platform's amount. In SQL, per organization."""
from sqlalchemy import func, or_, select

from ..credit import verification
from ...models import AfterSalesOrder, Order, PlatformClaim
from ...money import ZERO


def check(session, org_id: int | None) -> list[str]:
    def scoped(query, model):
        return query.where(model.org_id == org_id) if org_id is not None else query

    refunded = scoped(select(AfterSalesOrder.order_id, func.sum(
        AfterSalesOrder.platform_refunded).label("total")), AfterSalesOrder).group_by(
        AfterSalesOrder.order_id).subquery()
    paid = scoped(select(PlatformClaim.order_id, func.sum(
        PlatformClaim.compensation).label("total")), PlatformClaim).group_by(
        PlatformClaim.order_id).subquery()
    rows = session.execute(scoped(select(
        Order.number, Order.back_platform, Order.compensation,
        func.coalesce(refunded.c.total, 0), func.coalesce(paid.c.total, 0))
        .outerjoin(refunded, refunded.c.order_id == Order.id)
        .outerjoin(paid, paid.c.order_id == Order.id)
        .where(or_(Order.back_platform != 0, Order.compensation != 0,
                   refunded.c.total != 0, paid.c.total != 0)), Order)).all()
    problems = []
    for number, back, compensation, refunds, claims in rows:
        if back != (refunds or ZERO):
            problems.append(f"order {number}: the platform took back {back} but its "
                            f"platform after-sales record {refunds}")
        if compensation != (claims or ZERO):
            problems.append(f"order {number}: compensation {compensation} but its "
                            f"decided claims paid {claims}")
    for number, status, claimed, compensation in session.execute(scoped(select(
            PlatformClaim.number, PlatformClaim.status, PlatformClaim.claimed,
            PlatformClaim.compensation).where(or_(
                PlatformClaim.compensation > PlatformClaim.claimed,
                (PlatformClaim.status.in_(("open", "lost"))) &
                (PlatformClaim.compensation != 0))), PlatformClaim)):
        problems.append(f"claim {number} ({status}): compensation {compensation} for "
                        f"{claimed} claimed")
    for (number,) in session.execute(scoped(select(AfterSalesOrder.number).where(
            AfterSalesOrder.platform_refunded > AfterSalesOrder.platform_refund),
            AfterSalesOrder)):
        problems.append(f"after-sales {number}: refunded by the platform beyond its amount")
    return problems


verification.CHECKS.append(check)
