"""Cancelling an order (SPEC S4): the ledger entry, points taken back, and the revert
of store credit and points on a single manual cancellation (seed 004)."""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import object_session

from ..core import audit, clock, currency, notes
from ..credit import exchange_goods, ledger, order_money, points, store_credit
from ..core.errors import RuleError, TransitionError
from ..core.day_words import day_text
from ..core.messages import Later, Said, speaking, word
from ..core.messages._marker import _
from .orders import lock, move
from ...models import (
    AfterSalesOrder,
    Customer,
    LedgerEntry,
    LotUse,
    Order,
    Organization,
    Outbox,
    PointUse,
)
from ...money import ZERO, fmt
from ..core.usecase import use_case

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


# Later areas follow a cancellation once its money and goods went back: (session, user,
# order), in the same transaction (an exchange order's after-sales order opens again).
AFTER_CANCEL: list = []


@use_case("orders.manage")
def cancel(session, user, order: Order, revert: Revert | None = None,
           today: date | None = None) -> list[str]:
    """Cancel (or, for a cancelled order still Not reverted, revert again).

    `revert=None` is the bulk cancel: nothing is reverted. Returns what was done, for
    the page to show."""
    today = today or clock.today(session, order.org_id)
    done = []
    lock(session, order)
    if order.status == "cancelled":
        # Cancelling again offers the revert again, while anything is left to give back.
        if revert is None or not _left_to_revert(order, *used_pieces(session, order)):
            raise TransitionError("cancel.nothing_left_to_revert" if revert
                                  else "cancel.already_cancelled", {"number": order.number})
    else:
        _refuse_while_goods_pay_an_exchange(session, order)
        move(session, user, order, "cancel")
        done += _post_cancellation(session, user, order, today)
        for hook in AFTER_CANCEL:
            hook(session, user, order)
    lots, pts = used_pieces(session, order)
    if not lots and not pts:
        return done
    if revert is not None:
        done += _revert(session, user, order, lots, pts, revert, today)
    if order.revert_status != "reverted":
        # nothing that could still come back (refunds gave back what the store credit
        # and points paid): no revert is pending, and no list or button offers one
        order.revert_status = "not_reverted" if _left_to_revert(order, lots, pts) else None
    if revert is not None and revert.notify:
        _notify(session, order, done)
    return done


def _refuse_while_goods_pay_an_exchange(session, order: Order) -> None:
    """Value that pays a live exchange order stays where it is: the debt for goods
    still owed for, and the returned goods that paid an exchange order which are now
    paying an exchange order of their own (cancelling would let them go twice)."""
    backing = exchange_goods.on_credit(session, order)
    if backing > 0:
        raise RuleError("cancel.debt_backs_exchange", {"number": order.number,
                                                      "amount": fmt(backing)})
    passed_on = order.goods_received - order.back_goods - \
        order_money.available(order, "goods") if order.goods_received else ZERO
    if passed_on > 0:
        raise RuleError("cancel.goods_pay_exchange", {"number": order.number,
                                                     "amount": fmt(passed_on)})


def _post_cancellation(session, user, order, today):
    done = []
    customer = ledger.lock_customer(session, order.customer_id)
    goods = _goods_back_to_aftersales(session, user, order)
    currency = session.get(Organization, order.org_id).currency
    if goods:
        done.append(Said(_("{amount} {currency} of returned goods that paid for this order "
                           "went back to their after-sales order."),
                         amount=Later(fmt, goods), currency=currency))
    stays = money_staying(order)
    if stays:
        done.append(Said(_("{amount} {currency} paid for this order stays with it (the "
                           "order is not on the customer's account): refund it with a "
                           "Refund-Only after-sales order if it is owed back."),
                         amount=Later(fmt, stays), currency=currency))
    if order.on_ledger:
        unsettled = order.unsettled
        money_back = order_money.give_back(order, "cancel",
                                           order_money.cancellation_money(order),
                                           "Cancellation")
        if unsettled or money_back or goods:
            order.unsettled = ZERO
            if money_back > 0:
                store_credit.add_lot(session, customer, money_back,
                                     f"cancellation {order.number}")
            ledger.post(session, user, customer, doc_type="cancellation",
                        doc_no=order.number, receivable=-(unsettled + money_back + goods),
                        received=-(money_back + goods), credit_change=-unsettled,
                        balance_change=money_back, entry_date=today, order=order,
                        note=notes.GOODS_BACK.format(amount=notes.amount(goods)) if goods else None)
            if unsettled:  # said to the staff and, when asked, to the customer
                done.append(Said(_("{amount} {currency} still owed on this order is no "
                                   "longer owed."), amount=Later(fmt, unsettled),
                                 currency=currency))
            if money_back:
                done.append(Said(_("{amount} {currency} paid for this order is now in the "
                                   "account balance, as store credit."),
                                 amount=Later(fmt, money_back), currency=currency))
    taken = points.take_back(session, order, order.total, today)
    if taken:
        done.append(Said(_("{count} earned points taken back."), count=taken))
    return done


def _goods_back_to_aftersales(session, user, order):
    """An exchange order's part paid by returned goods goes back to its after-sales
    order (usable by a new exchange order or a refund), never to the balance."""
    goods = order_money.available(order, "goods")
    if not goods:
        return ZERO
    aso = session.execute(select(AfterSalesOrder).where(
        AfterSalesOrder.exchange_order_id == order.id)).scalar_one()
    original = session.get(Order, aso.order_id)
    lock(session, original)
    order_money.give_back(order, "goods", goods, "Cancellation")
    # the part paid by goods still owed for never left the original's money account
    order_money.take_back(original, "exchange", min(goods, original.back_exchange))
    audit.record(session, user, "aftersales.exchange_cancelled", aso, before={},
                 after={"exchange_order": order.number, "goods_back": str(goods)})
    return goods


def _revert(session, user, order, lots, pts, choice: Revert, today):
    if choice.extend_credit_days is not None and not \
            1 <= choice.extend_credit_days <= MAX_EXTEND_DAYS:
        raise RuleError(
            "cancel.extend_1_days", {"max_extend_days": MAX_EXTEND_DAYS}, field="extend_by"
        )
    done = []
    customer = ledger.lock_customer(session, order.customer_id)
    if choice.credit:
        done += _revert_credit(session, user, order, customer, lots, choice, today)
    if choice.points:
        before = order.points_reverted
        done += _revert_points(session, order, customer, pts, choice, today)
        recovered = points.recover(session, order, today, order.points_reverted - before)
        if recovered:
            done.append(Said(_("{count} of them went to the earned points not recovered "
                               "when the order was cancelled."), count=recovered))
    if done:
        if not _left_to_revert(order, lots, pts):
            order.revert_status = "reverted"
        audit.record(session, user, "order.revert", order, before={},
                     after={"reverted": [said.english() for said in done]})
    elif order_money.available(order, "credit") <= 0 and \
            order_money.available(order, "points") <= 0 and (lots or pts):
        done.append(Said(_("Nothing was reverted: refunds of this order already gave back "
                           "what the store credit and points paid.")))
    return done


def _left_to_revert(order, lots, pts) -> bool:
    """A piece not given back (expired and not extended, or not ticked) that could
    still come back, at least a cent of credit or a whole point: the order stays Not
    reverted, so its list and button find it, and cancelling again offers it."""
    return any(u.reverted_lot_id is None for u in lots) and \
        order_money.available(order, "credit") > 0 or \
        any(u.reverted_lot_id is None and _points_that_fit(order, u.points)[0] > 0
            for u in pts)


def _revert_credit(session, user, order, customer, lots, choice, today):
    done = []
    for use in lots:
        expiry = use.lot.expires_on
        if expiry is not None and expiry < today:
            if not choice.extend_credit_days:
                continue
            expiry = today + timedelta(days=choice.extend_credit_days)
        amount = min(use.amount, order_money.available(order, "credit"))
        if amount <= 0:
            continue
        order_money.give_back(order, "credit", amount, "Revert")
        lot = store_credit.add_lot(session, customer, amount, f"revert {order.number}",
                                   expiry)
        use.reverted_lot_id = lot.id
        ledger.post(session, user, customer, doc_type="cancellation",
                    doc_no=order.number, receivable=-amount, received=-amount,
                    balance_change=amount, entry_date=today, order=order,
                    note=notes.CREDIT_REVERTED.format(date=expiry) if expiry
                    else notes.CREDIT_REVERTED_NEVER)
        done.append(_back(_("Store credit {amount} back, expires {date}."),
                          _("Store credit {amount} back, never expires."), expiry,
                          amount=Later(fmt, amount)))
        if amount < use.amount:
            done.append(Said(_("({amount} had already been given back.)"),
                             amount=Later(fmt, use.amount - amount)))
    return done


def _revert_points(session, order, customer, pts, choice, today):
    done = []
    org = session.get(Organization, order.org_id)
    for use in pts:
        expiry = use.lot.expires_on
        if expiry is not None and expiry < today:
            if not choice.extend_points:
                continue
            expiry = points.next_annual_expiry(org, today)
        count, value = _points_that_fit(order, use.points)
        if count <= 0:
            continue
        order_money.give_back(order, "points", value, "Revert")
        order.points_reverted += count
        lot = points.add(session, customer, count, f"revert {order.number}", expiry,
                         "reverted", order)
        use.reverted_lot_id = lot.id
        done.append(_back(_("{amount} points back, expire {date}."),
                          _("{amount} points back, never expire."), expiry, amount=count))
        if count < use.points:
            done.append(Said(_("({amount} had already been given back.)"),
                             amount=use.points - count))
    return done


def _points_that_fit(order, wanted: int) -> tuple[int, object]:
    """How many of `wanted` points the order's account can still give back, and their
    value. Values are cumulative (every point reverted so far, at the order's value per
    point), so reverting all of them gives back exactly their points value."""
    session = object_session(order)
    assert session is not None  # a stored order's: its revert is being worked out
    code = session.execute(select(Organization.currency).where(
        Organization.id == order.org_id)).scalar_one()
    # in the currency's units (a dong shop's point of 1.5 is never worth 1.67 dong)

    def value_of(count):
        return currency.quantize(order.points_value * (order.points_reverted + count)
                                 / order.points_used, code) - order.back_points
    left = order_money.available(order, "points")
    low, high = 0, wanted  # value_of grows with count: the largest count that fits
    while low < high:
        mid = (low + high + 1) // 2
        low, high = (mid, high) if value_of(mid) <= left else (low, mid - 1)
    return low, value_of(low)


def _back(dated: str, undated: str, expiry, **params) -> Said:
    return Said(dated, date=Later(day_text, expiry), **params) if expiry \
        else Said(undated, **params)


def _notify(session, order, done):
    """The customer's update, in the customer's language (else the organization's)."""
    customer = session.get(Customer, order.customer_id)
    org = session.get(Organization, order.org_id)
    with speaking(customer.language or org.language):
        lines = "\n".join(map(str, done)) or word(_("Your order was cancelled."))
        subject = word(_("Order {number} was cancelled")).format(number=order.number)
        body = word(_("Dear {name},\n\nyour order {number} was cancelled.\n{lines}\n")
                    ).format(name=customer.name, number=order.number, lines=lines)
    session.add(Outbox(org_id=order.org_id, customer_id=customer.id,
                       to_address=customer.email, subject=subject, body=body))


def money_staying(order: Order):
    """What a cancellation leaves with the order: SPEC S4 moves money to the balance only
    for an order on the customer's account; a platform order's is the platform's to
    refund its own buyer (S12), so none is the shop's to give back by hand."""
    if order.on_ledger or order.order_type == "platform":
        return ZERO
    return order_money.cancellation_money(order)


def revertible_summary(session, order: Order, today: date | None = None) -> dict:
    """What the cancel form shows: each used piece and whether it has expired, what the
    cancellation would move to the balance, and whether refunds of this order already
    gave back part of what a revert would return."""
    today = today or clock.today(session, order.org_id)
    lots, pts = used_pieces(session, order)
    credit_left = order_money.available(order, "credit")
    return {
        "money_back": order_money.cancellation_money(order),
        "money_stays": money_staying(order),
        "credit_left": credit_left,
        "credit_capped": credit_left < sum((u.amount for u in lots), ZERO),
        "credit": [(u.amount, u.lot.expires_on,
                    u.lot.expires_on is not None and u.lot.expires_on < today) for u in lots],
        "points": [(u.points, u.lot.expires_on,
                    u.lot.expires_on is not None and u.lot.expires_on < today) for u in pts],
    }


def reopen_summary(session, order: Order) -> dict:
    """What the reopen page says before it happens (seed 004): reopening takes nothing
    back; what the cancellation gave back stays with the customer unless adjusted."""
    removed = -(session.execute(select(func.coalesce(func.sum(LedgerEntry.credit_change),
                                                     0)).where(
        LedgerEntry.order_id == order.id, LedgerEntry.doc_type == "cancellation"))
        .scalar() or ZERO)
    return {
        "to_status": "New" if order.payment_taken else "Pending (Waiting to Approve)",
        "money_to_balance": order.back_cancel,
        "credit_reverted": order.back_credit,
        "points_reverted": order.points_reverted,
        # earned on the order once completed, taken back when it was cancelled: not
        # earned again when it completes again (points.earn)
        "points_taken_back": order.points_taken_back,
        "credit_removed": removed,
        "payment_taken": bool(order.payment_taken),
    }


def is_cancelled(order: Order) -> bool:
    return order.status == "cancelled"


def revert_left(order: Order) -> bool:
    """Cancelled without reverting its store credit and points: cancelling again
    offers the revert."""
    return order.revert_status == "not_reverted"
