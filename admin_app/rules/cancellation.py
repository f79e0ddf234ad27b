"""Cancelling an order (SPEC S4): the ledger entry, points taken back, and the revert
of store credit and points on a single manual cancellation (seed 004)."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from . import audit, ledger, points, store_credit
from .errors import RuleError, TransitionError
from .orders import lock, move
from ..models import Customer, LotUse, Order, Organization, Outbox, PointUse
from ..money import ZERO, fmt

MAX_EXTEND_DAYS = 3650


@dataclass
class Revert:
    """What the user chose in the single-order cancel form."""
    credit: bool = True
    extend_credit_days: int | None = None   # for lots that have expired
    points: bool = True
    extend_points: bool = False             # expired points: to the next annual date
    notify: bool = False


def used_pieces(session, order: Order):
    """The store-credit and points pieces this order used and has not had back."""
    lots = session.execute(select(LotUse).where(LotUse.order_id == order.id,
                                                LotUse.reverted_lot_id.is_(None))
                           .order_by(LotUse.id)).scalars().all()
    pts = session.execute(select(PointUse).where(PointUse.order_id == order.id,
                                                 PointUse.reverted_lot_id.is_(None))
                          .order_by(PointUse.id)).scalars().all()
    return lots, pts


def cancel(session, user, order: Order, revert: Revert | None = None,
           today: date | None = None) -> list[str]:
    """Cancel (or, for a cancelled order still Not reverted, revert again).

    `revert=None` is the bulk cancel: nothing is reverted. Returns what was done, for
    the page to show."""
    today = today or date.today()
    done = []
    lock(session, order)
    if order.status == "cancelled":
        # Cancelling again offers the revert again, while anything is left to give back.
        if revert is None or not any(used_pieces(session, order)):
            raise TransitionError(f"Order {order.number} is already Cancelled"
                                  + (" and has nothing left to revert." if revert else "."))
    else:
        move(session, user, order, "cancel")
        done += _post_cancellation(session, user, order, today)
    lots, pts = used_pieces(session, order)
    if not lots and not pts:
        return done
    if revert is not None:
        done += _revert(session, user, order, lots, pts, revert, today)
    if order.revert_status != "reverted":
        order.revert_status = "not_reverted"
    if revert is not None and revert.notify:
        _notify(session, order, done)
    return done


def _post_cancellation(session, user, order, today):
    done = []
    customer = ledger.lock_customer(session, order.customer_id)
    if order.on_ledger:
        unsettled = order.unsettled
        money_back = max(ZERO, order.received + order.settled - order.money_refunded)
        if unsettled or money_back:
            order.unsettled = ZERO
            order.money_refunded += money_back
            if money_back > 0:
                store_credit.add_lot(session, customer, money_back,
                                     f"cancellation {order.number}")
            ledger.post(session, user, customer, doc_type="cancellation",
                        doc_no=order.number, receivable=-(unsettled + money_back),
                        received=-money_back, credit_change=-unsettled,
                        balance_change=money_back, entry_date=today, order=order)
            done.append(f"Credit removed: {fmt(unsettled)}; paid money to balance: "
                        f"{fmt(money_back)}.")
    taken = points.take_back(session, order, order.total, today)
    if taken:
        done.append(f"{taken} earned points taken back.")
    return done


def _revert(session, user, order, lots, pts, choice: Revert, today):
    if choice.extend_credit_days is not None and not \
            1 <= choice.extend_credit_days <= MAX_EXTEND_DAYS:
        raise RuleError(f"Extend by: from 1 to {MAX_EXTEND_DAYS} days.")
    done = []
    customer = ledger.lock_customer(session, order.customer_id)
    if choice.credit:
        for use in lots:
            expiry = use.lot.expires_on
            if expiry is not None and expiry < today:
                if not choice.extend_credit_days:
                    continue
                expiry = today + timedelta(days=choice.extend_credit_days)
            lot = store_credit.add_lot(session, customer, use.amount,
                                       f"revert {order.number}", expiry)
            use.reverted_lot_id = lot.id
            ledger.post(session, user, customer, doc_type="cancellation",
                        doc_no=order.number, receivable=-use.amount, received=-use.amount,
                        balance_change=use.amount, entry_date=today, order=order,
                        note=f"Store credit reverted, expires {expiry or 'never'}")
            done.append(f"Store credit {fmt(use.amount)} back, expires {expiry or 'never'}.")
    if choice.points:
        org = session.get(Organization, order.org_id)
        for use in pts:
            expiry = use.lot.expires_on
            if expiry is not None and expiry < today:
                if not choice.extend_points:
                    continue
                expiry = points.next_annual_expiry(org, today)
            lot = points.add(session, customer, use.points, f"revert {order.number}", expiry,
                             "reverted", order)
            use.reverted_lot_id = lot.id
            done.append(f"{use.points} points back, expire {expiry or 'never'}.")
    if done:
        order.revert_status = "reverted"
        audit.record(session, user, "order.revert", order, before={},
                     after={"reverted": done})
    return done


def _notify(session, order, done):
    customer = session.get(Customer, order.customer_id)
    lines = "\n".join(done) or "Your order was cancelled."
    session.add(Outbox(org_id=order.org_id, customer_id=customer.id,
                       to_address=customer.email,
                       subject=f"Order {order.number} was cancelled",
                       body=f"Dear {customer.name},\n\nyour order {order.number} was "
                            f"cancelled.\n{lines}\n"))


def revertible_summary(session, order: Order, today: date | None = None) -> dict:
    """What the cancel form shows: each used piece and whether it has expired."""
    today = today or date.today()
    lots, pts = used_pieces(session, order)
    return {
        "credit": [(u.amount, u.lot.expires_on,
                    u.lot.expires_on is not None and u.lot.expires_on < today) for u in lots],
        "points": [(u.points, u.lot.expires_on,
                    u.lot.expires_on is not None and u.lot.expires_on < today) for u in pts],
    }
