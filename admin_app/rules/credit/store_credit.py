"""Store credit held in lots (SPEC S4, seed 004): spent soonest-expiry first."""
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, or_, select

from . import ledger
from ..core import clock, notes
from ..core.errors import RuleError
from ...models import CreditLot, Customer, LotUse, utcnow
from ...money import ZERO, quantize


def add_lot(session, customer: Customer, amount: Decimal, source: str,
            expires_on: date | None = None) -> CreditLot:
    amount = quantize(amount)
    lot = CreditLot(org_id=customer.org_id, customer_id=customer.id, amount=amount,
                    remaining=amount, expires_on=expires_on, source=source[:60])
    session.add(lot)
    session.flush()
    return lot


def _usable_lots(session, customer_id: int, today: date) -> list[CreditLot]:
    expiry_order = CreditLot.expires_on.is_(None)  # never-expiring lots last
    return session.execute(
        select(CreditLot).where(
            CreditLot.customer_id == customer_id, CreditLot.remaining > 0,
            or_(CreditLot.expires_on.is_(None), CreditLot.expires_on >= today),
        ).order_by(expiry_order, CreditLot.expires_on, CreditLot.id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalars().all()


def available(session, customer_id: int, today: date | None = None) -> Decimal:
    return sum((lot.remaining for lot in _usable_lots(session, customer_id,
                                                      today or _today(session, customer_id))), ZERO)


def take(session, customer: Customer, amount: Decimal, order=None,
         today: date | None = None) -> list[LotUse]:
    """Use `amount` of the balance, soonest-expiring lots first; record who paid what."""
    amount = quantize(amount)
    lots = _usable_lots(session, customer.id,
                        today or clock.today(session, customer.org_id))
    have = sum((lot.remaining for lot in lots), ZERO)
    if amount > have:
        raise RuleError(
            "store_credit.balance_unexpired_store_credit",
            {"name": customer.name, "have": have, "amount": amount},
            field="balance",
        )
    uses, left = [], amount
    for lot in lots:
        if left <= 0:
            break
        part = min(lot.remaining, left)
        lot.remaining -= part
        left -= part
        if order is not None:
            use = LotUse(org_id=customer.org_id, lot_id=lot.id, order_id=order.id,
                         amount=part)
            session.add(use)
            uses.append(use)
    session.flush()
    return uses


def expire(session, user, today: date, org_id: int | None = None) -> int:
    """Remove what is left of every lot past its expiry; safe to run twice."""
    query = select(CreditLot.id, CreditLot.customer_id).where(
        CreditLot.remaining > 0, CreditLot.expires_on.is_not(None),
        CreditLot.expires_on < today)
    if org_id is not None:
        query = query.where(CreditLot.org_id == org_id)
    by_customer: dict[int, list[int]] = {}
    for lot_id, customer_id in session.execute(query):
        by_customer.setdefault(customer_id, []).append(lot_id)
    count = 0
    for customer_id, lot_ids in sorted(by_customer.items()):
        customer = ledger.lock_customer(session, customer_id)
        lots = session.execute(select(CreditLot).where(
            and_(CreditLot.id.in_(lot_ids), CreditLot.remaining > 0)).with_for_update()
            .execution_options(populate_existing=True)
        ).scalars().all()
        for lot in lots:
            amount = lot.remaining
            lot.remaining = ZERO
            lot.expired_at = utcnow()
            ledger.post(session, user, customer, doc_type="expiry", doc_no=f"LOT-{lot.id}",
                        balance_change=-amount, entry_date=today,
                        note=notes.CREDIT_EXPIRED.format(date=lot.expires_on))
            count += 1
    return count


def _today(session, customer_id: int) -> date:
    customer = session.get(Customer, customer_id)
    return clock.today(session, customer.org_id)
