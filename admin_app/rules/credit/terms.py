"""Credit terms (SPEC S4): settings, paying for an order, the limit, the due date."""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from ..core import audit, clock, currency
from . import ledger, points, store_credit
from ..core.errors import RuleError
from ..core.messages._marker import _
from ..core.text import typed
from ..core.permissions import has_permission
from ...models import PAID_WITH, Customer, Order, Organization
from ...money import MAX_AMOUNT, ZERO, fmt, quantize
from ..core.usecase import use_case

# POS, platform and imports: never on credit; a supplier's sale to its distributor is
CREDIT_ORDER_TYPES = ("manual", "messenger", "distribution")
MAX_PERIOD_DAYS = 3650


@dataclass
class Payment:
    """How an order is paid when it is created (or, for messenger orders, approved)."""
    received: Decimal = ZERO          # money taken now: bank transfer, card, cash
    paid_with: str | None = None
    balance: Decimal = ZERO           # from the customer's store credit
    points: int = 0
    override_reason: str | None = None
    goods: Decimal = ZERO             # returned goods paying an exchange order


# --- settings -----------------------------------------------------------------------

@use_case("customers.manage")
def save_settings(session, user, customer: Customer, *, credit_allowed: bool,
                  order_types, account_period_days, credit_limit, opening_credit,
                  opening_balance, today: date | None = None) -> None:
    """Change the credit settings; an opening credit or balance posts its entry once."""
    today = today or clock.today(session, customer.org_id)
    types = list(dict.fromkeys(t for t in (order_types or []) if t))  # each type once
    bad = [t for t in types if t not in CREDIT_ORDER_TYPES]
    if bad:
        raise RuleError('credit.order_types_credit_manual')
    if account_period_days is not None and not 0 <= account_period_days <= MAX_PERIOD_DAYS:
        raise RuleError(
            "credit.account_period_0_days",
            {"max_period_days": MAX_PERIOD_DAYS},
            field="account_period",
        )
    for label, value in (("Maximum credit limit", credit_limit),
                         ("Opening credit", opening_credit),
                         ("Opening balance", opening_balance)):
        if value is not None and not ZERO <= quantize(value) <= MAX_AMOUNT:
            raise RuleError('credit.0_blank', {'label': label, 'max_amount': MAX_AMOUNT})
        currency.entered_for(session, customer.org_id, value, label)  # VND: whole dong
    before = audit.snapshot(customer)
    customer.credit_allowed = bool(credit_allowed)
    customer.credit_order_types = " ".join(types)
    customer.account_period_days = account_period_days
    customer.credit_limit = quantize(credit_limit) if credit_limit is not None else None
    session.flush()
    _post_opening(session, user, customer, opening_credit, opening_balance, today)
    audit.record(session, user, "customer.credit_settings", customer, before=before)


def _post_opening(session, user, customer, opening_credit, opening_balance, today):
    locked = ledger.lock_customer(session, customer.id)
    for field, value in (("opening_credit", opening_credit),
                         ("opening_balance", opening_balance)):
        value = quantize(value) if value not in (None, "") else None
        current = getattr(locked, field)
        if current is not None:
            if value != current:
                raise RuleError(
                    "credit.already_posted_correct_adjustment",
                    {"field_label": "Opening credit" if field == "opening_credit"
                     else "Opening balance", "current": current},
                )
            continue
        if not value:
            continue
        if not has_permission(user, "credit.receive"):
            raise RuleError('credit.opening_credit_opening_balance')
        setattr(locked, field, value)
        if field == "opening_credit":
            if not locked.credit_allowed:
                raise RuleError('credit.opening_credit_allow_credit', field='opening_credit')
            locked.opening_credit_unsettled = value
            locked.opening_credit_date = today
            ledger.post(session, user, locked, doc_type="opening_credit",
                        doc_no=f"OC-{locked.code}", receivable=value, credit_change=value,
                        entry_date=today)
        else:
            store_credit.add_lot(session, locked, value, "opening balance")
            ledger.post(session, user, locked, doc_type="opening_balance",
                        doc_no=f"OB-{locked.code}", balance_change=value, entry_date=today)


# --- orders on credit -----------------------------------------------------------------

def allowed_for(customer: Customer, order_type: str) -> bool:
    return (bool(customer.credit_allowed) and order_type in CREDIT_ORDER_TYPES
            and order_type in customer.credit_types)


def due_date(customer: Customer, start: date) -> date | None:
    if customer.account_period_days is None:
        return None
    return start + timedelta(days=customer.account_period_days)


def check_limit(customer: Customer, new_credit: Decimal, user, reason: str | None) -> str | None:
    """Refuse credit above the limit unless a user with credit.override gives a reason.
    Returns the reason kept on the order when the limit was overridden."""
    if customer.credit_limit is None or new_credit <= 0:
        return None
    after = customer.total_credit + new_credit
    if after <= customer.credit_limit:
        return None
    over = after - customer.credit_limit
    if has_permission(user, "credit.override") and (reason or "").strip():
        return typed(reason, "Reason to accept over the limit", 300)
    code = "credit.over_limit_give_reason" if has_permission(user, "credit.override") \
        else "credit.over_limit"
    raise RuleError(code, {"name": customer.name, "limit": fmt(customer.credit_limit),
                           "after": fmt(after), "over": fmt(over)}, field="credit_limit")


def check_payment(order: Order, payment: Payment, org: Organization,
                  remainder_later: bool = False) -> Decimal:
    """Validate how the order is paid; return the credit it leaves. remainder_later:
    an exchange order waiting for approval may leave more than the customer's credit
    allows; the rest is paid when it is approved (SPEC S5 Decision)."""
    if order.payment_method == "cod":
        if payment.received or payment.balance or payment.points or payment.goods:
            raise RuleError('credit.cod_full_amount_paid', field='cod')
        return ZERO
    received = currency.entered(Decimal(payment.received or 0), org.currency,
                                _("Received")) or ZERO
    balance = currency.entered(Decimal(payment.balance or 0), org.currency,
                               _("Balance used")) or ZERO
    if received < 0 or balance < 0 or (payment.points or 0) < 0 or payment.goods < 0:
        raise RuleError('credit.payment_amounts_negative')
    if received > 0 and payment.paid_with not in set(PAID_WITH) - {"balance", "exchange"}:
        raise RuleError('credit.paid_choose_bank_transfer', field='paid_with')
    if (payment.points or 0) and org.point_value <= 0:
        raise RuleError('credit.points_your_organization_set', field='points')
    paid = received + balance + quantize(payment.goods) + \
        points.value_of(org, payment.points or 0)
    if paid > order.total:
        raise RuleError(
            "credit.payments_add_up_more", {"paid": fmt(paid), "total": fmt(order.total)}
        )
    credit = order.total - paid
    if credit > 0 and not remainder_later and not allowed_for(order.customer,
                                                              order.order_type):
        raise RuleError(
            "credit.no_credit_for_order_type",
            {
                "name": order.customer.name,
                "order_type": order.order_type,
                "credit": fmt(credit),
            },
        )
    return credit


def paid_in_full(order: Order) -> Payment:
    """An order paid outside the customer's account (platform, or COD on delivery)."""
    if order.payment_method == "cod":
        return Payment()
    return Payment(received=order.total, paid_with="external")


def planned(order: Order) -> Payment:
    """The payment entered on a messenger order, taken when the order is approved."""
    return Payment(received=order.received, paid_with=order.paid_with,
                   balance=order.balance_used, points=order.points_used,
                   override_reason=order.credit_override_reason,
                   goods=order.goods_received)


def plan(order: Order, payment: Payment) -> None:
    order.received = quantize(payment.received or 0)
    order.paid_with = payment.paid_with
    order.balance_used = quantize(payment.balance or 0)
    order.points_used = payment.points or 0
    order.goods_received = quantize(payment.goods)
    order.credit_override_reason = typed(payment.override_reason,
                                         "Reason to accept over the limit", 300)


def _check_spendable(session, customer, balance, wanted_points, spent_on: date) -> None:
    if balance > 0:
        have = store_credit.available(session, customer.id, spent_on)
        if balance > have:
            raise RuleError("credit.balance_unexpired_store_credit",
                            {"name": customer.name, "have": fmt(have), "start": spent_on,
                             "balance": fmt(balance)}, field="balance")
    if wanted_points:
        points.check_available(session, customer, wanted_points, spent_on)


def post_order(session, user, order: Order, payment: Payment, start: date,
               today: date | None = None) -> None:
    """Take the payment, the balance and the points, and post the order's entry."""
    org = session.get(Organization, order.org_id)
    customer = ledger.lock_customer(session, order.customer_id)
    credit = check_payment(order, payment, org)
    order.payment_taken = True
    if order.payment_method == "cod":
        return
    override = check_limit(customer, credit, user, payment.override_reason)
    balance = quantize(payment.balance or 0)
    # Credit and points are spent now, whatever the order's date: a lot that has expired
    # by the shop's today has left the balance (S4), even if the expiry job has not run.
    spent_on = today or clock.business_date(org)
    # Every check before the first change: a refusal leaves the order as it was.
    _check_spendable(session, customer, balance, payment.points, spent_on)
    order.credit_override_reason = override
    order.received = quantize(payment.received or 0)
    order.paid_with = payment.paid_with if order.received > 0 else (
        "balance" if balance > 0 else "exchange" if payment.goods > 0 else None)
    order.balance_used = balance
    order.points_used = payment.points or 0
    order.points_value = points.value_of(org, order.points_used)
    order.goods_received = quantize(payment.goods)
    order.credit_amount = credit
    order.unsettled = credit
    order.credit_due_date = due_date(customer, start) if credit > 0 else None
    session.flush()
    if balance > 0:
        store_credit.take(session, customer, balance, order, spent_on)
    if order.points_used:
        points.spend(session, customer, order.points_used, order, spent_on)
    order.on_ledger = allowed_for(customer, order.order_type) or balance > 0
    if order.on_ledger:
        # the balance is spent the day it is posted: an entry spending it is dated no
        # earlier, or a statement (in date order) would spend it before it was there
        dated = max(start, spent_on) if balance > 0 else start
        ledger.post(session, user, customer, doc_type="order", doc_no=order.number,
                    receivable=order.total, received=order.total - credit,
                    credit_change=credit, balance_change=-balance, entry_date=dated,
                    order=order)
