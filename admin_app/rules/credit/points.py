"""Member points (SPEC S4): earned on completion, spent, reverted, expired, taken back."""
import calendar
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from sqlalchemy import func, or_, select

from ..core import audit, currency
from ..core.errors import RuleError
from .ledger import lock_customer
from ...models import Order, Organization, PointLot, PointsEvent, PointUse
from ...money import MAX_RATE, RATE_PLACES, ZERO
from ..core.usecase import use_case


def next_annual_expiry(org, after: date) -> date:
    """The organization's yearly points expiry date that comes next after `after`."""
    for year in (after.year, after.year + 1):
        last = calendar.monthrange(year, org.points_expiry_month)[1]
        candidate = date(year, org.points_expiry_month, min(org.points_expiry_day, last))
        if candidate > after:
            return candidate
    raise AssertionError("unreachable")


@use_case("settings.manage")
def save_settings(session, user, org, data: dict) -> None:
    """Earn rate, point value and the yearly expiry date of the organization."""
    if data["points_expiry_day"] > calendar.monthrange(2024, data["points_expiry_month"])[1]:
        raise RuleError('points.expiry_day_month_fewer', field='expiry_day')
    rate = Decimal(data["points_earn_rate"])
    if not ZERO <= rate <= MAX_RATE or rate != rate.quantize(Decimal(1).scaleb(-RATE_PLACES)):
        raise RuleError("points.earn_rate_range", {"max": MAX_RATE, "places": RATE_PLACES},
                        field="points_earn_rate")
    data = {**data, "points_earn_rate": rate}
    before = audit.snapshot(org)
    for key, value in data.items():
        setattr(org, key, value)
    session.flush()
    audit.record(session, user, "organization.loyalty", org, before=before, org_id=org.id)


def value_of(org, points: int):
    return currency.quantize(org.point_value * points, org.currency)


def _event(session, customer, kind, points, order=None, expires_on=None, not_recovered=0):
    session.add(PointsEvent(org_id=customer.org_id, customer_id=customer.id, kind=kind,
                            points=points, order_id=getattr(order, "id", None),
                            expires_on=expires_on, not_recovered=not_recovered,
                            balance_after=customer.points))


def add(session, customer, points: int, source: str, expires_on: date | None,
        kind: str, order=None) -> PointLot:
    lot = PointLot(org_id=customer.org_id, customer_id=customer.id, points=points,
                   remaining=points, expires_on=expires_on, source=source[:60])
    session.add(lot)
    customer.points += points
    session.flush()
    _event(session, customer, kind, points, order, expires_on)
    return lot


def earn(session, order: Order, today: date) -> int:
    """Points for a completed order, at the organization's rate per 1.00 spent. An
    exchange order's part paid by the returned goods earned its points on the original
    order already: only what the customer paid beyond them earns."""
    org, customer = session.get(Organization, order.org_id), order.customer
    spent = max(order.total - order.goods_received, 0)
    earned = int((spent * org.points_earn_rate).to_integral_value(ROUND_FLOOR))
    if earned <= 0 or order.points_earned:
        return 0
    add(session, customer, earned, f"order {order.number}",
        next_annual_expiry(org, today), "earned", order)
    order.points_earned = earned
    # refunded before it was completed: the share refunded is taken back at once
    take_back(session, order, refunded(order), today)
    return earned


def refunded(order: Order):
    """What has gone back to the order's buyer: our refunds and the platform's."""
    return order.refunded_total + order.back_platform


def _usable(session, customer_id: int, today: date) -> list[PointLot]:
    never = PointLot.expires_on.is_(None)
    return session.execute(select(PointLot).where(
        PointLot.customer_id == customer_id, PointLot.remaining > 0,
        or_(PointLot.expires_on.is_(None), PointLot.expires_on >= today),
    ).order_by(never, PointLot.expires_on, PointLot.id).with_for_update()
        .execution_options(populate_existing=True)).scalars().all()


def _consume(session, customer, points: int, today: date, order=None) -> int:
    taken = 0
    for lot in _usable(session, customer.id, today):
        if taken == points:
            break
        part = min(lot.remaining, points - taken)
        lot.remaining -= part
        taken += part
        if order is not None:
            session.add(PointUse(org_id=customer.org_id, lot_id=lot.id, order_id=order.id,
                                 points=part))
    customer.points -= taken
    session.flush()
    return taken


def check_available(session, customer, points: int, today: date) -> None:
    have = sum(lot.remaining for lot in _usable(session, customer.id, today))
    if points > have:
        raise RuleError(
            "points.points_usable_points_were",
            {"name": customer.name, "have": have, "points": points},
            field="points",
        )


def spend(session, customer, points: int, order, today: date) -> None:
    check_available(session, customer, points, today)
    _consume(session, customer, points, today, order)
    _event(session, customer, "used", -points, order)


def take_back(session, order: Order, refunded_total, today: date) -> int:
    """Take back earned points in proportion to what has been refunded (all of it when
    cancelled). What was already spent is not taken below zero: shown as not recovered."""
    if not order.points_earned or order.total <= 0:
        return 0
    share = min(Decimal(1), Decimal(refunded_total) / order.total)
    due = int((order.points_earned * share).to_integral_value(ROUND_FLOOR))
    due -= order.points_taken_back
    if due <= 0:
        return 0
    customer = order.customer
    taken = _consume(session, customer, due, today)
    order.points_taken_back += due
    _event(session, customer, "taken_back", -taken, order, not_recovered=due - taken)
    return taken


def recover(session, order: Order, today: date, most: int) -> int:
    """Earned points of `order` its take-back could not recover (already spent), taken
    now from the `most` points of it just given back (its used points reverted):
    whichever ran first, a cancellation with revert ends the same. Points the customer
    earned elsewhere since are theirs. Recorded as a take-back whose not-recovered
    count goes down by what it took."""
    owed = session.execute(select(func.coalesce(func.sum(PointsEvent.not_recovered), 0))
                           .where(PointsEvent.order_id == order.id,
                                  PointsEvent.kind == "taken_back")).scalar_one()
    if owed <= 0 or most <= 0:
        return 0
    customer = order.customer
    taken = _consume(session, customer, min(owed, most), today)
    if taken:
        _event(session, customer, "taken_back", -taken, order, not_recovered=-taken)
    return taken


def expire(session, today: date, org_id: int | None = None) -> int:
    """Expire point lots past their date; safe to run twice. Customers are locked
    before their lots, as everywhere."""
    query = select(PointLot.customer_id).where(
        PointLot.remaining > 0, PointLot.expires_on.is_not(None), PointLot.expires_on < today)
    if org_id is not None:
        query = query.where(PointLot.org_id == org_id)
    count = 0
    for customer_id in sorted(set(session.execute(query).scalars())):
        customer = lock_customer(session, customer_id)
        count += _expire_lots(session, customer, today)
    session.flush()
    return count


def _expire_lots(session, customer, today: date) -> int:
    lots = session.execute(select(PointLot).where(
        PointLot.customer_id == customer.id, PointLot.remaining > 0,
        PointLot.expires_on.is_not(None), PointLot.expires_on < today).with_for_update()
        .execution_options(populate_existing=True)
    ).scalars().all()
    for lot in lots:
        points = lot.remaining
        lot.remaining = 0
        customer.points -= points
        _event(session, customer, "expired", -points, expires_on=lot.expires_on)
    return len(lots)
