"""The demo's selling: credit customers, orders ending in every status, payments."""
from datetime import date, timedelta
from decimal import Decimal

from .amounts import local, rounded
from .data import ENDINGS, PATH
from ..models import utcnow
from ..rules.core import clock
from ..rules.core.errors import RuleError
from ..rules.credit import adjustments, payments, store_credit, terms
from ..rules.sales import cancellation, orders, status as order_status
from ..rules.sales.orders import LineInput
from ..rules.sales.pricing import price_for


def set_up_credit(session, main, org, customers, rnd, points=("1.00", "0.05")):
    """A third of the customers buy on credit; some start with credit or balance."""
    org.points_earn_rate, org.point_value = Decimal(points[0]), Decimal(points[1])
    today = date.today() - timedelta(days=121)
    for n, customer in enumerate(customers):
        if n % 3:
            continue
        terms.save_settings(
            session, main, customer, credit_allowed=True,
            order_types=["manual", "messenger"],
            account_period_days=rnd.choice([7, 15, 30, None]),
            credit_limit=rnd.choice([local(org, 2000), local(org, 5000), None]),
            opening_credit=local(org, rnd.randint(50, 400)) if n % 9 == 0 else None,
            opening_balance=local(org, rnd.randint(20, 100)) if n % 12 == 0 else None,
            today=today)
        if n % 6 == 0:  # promotional store credit, some of it expiring soon or expired
            adjustments.adjust_balance(session, main, customer.id,
                                       local(org, rnd.randint(10, 60)), "Welcome voucher",
                                       today + timedelta(days=rnd.choice([60, 130, 200])),
                                       today=today)


def place_orders(session, main, spec, stores, customers, skus, rnd, n_orders):
    endings = [e for e, weight in ENDINGS for _ in range(weight)]
    now = utcnow()
    dates = sorted(now - timedelta(days=rnd.uniform(0, 120)) for _ in range(n_orders))
    for i, when in enumerate(dates):
        ending = rnd.choice(endings)
        customer = rnd.choice(customers)
        on_credit = customer.credit_allowed
        order_type = "messenger" if ending == "pending" or rnd.random() < 0.15 else \
            rnd.choice(["manual", "manual"] if on_credit else ["platform", "manual",
                                                              "platform"])
        lines = [LineInput(sku=s, quantity=rnd.randint(1, 4))
                 for s in rnd.sample(skus, rnd.randint(1, 3))]
        method = "prepaid" if on_credit else rnd.choice(["cod", "prepaid", "prepaid"])
        payment = demo_payment(session, main.org, customer, lines, rnd, when) \
            if on_credit and order_type != "platform" else None
        order = orders.create_order(
            session, main, store=rnd.choice(stores), customer=customer, lines=lines,
            order_type=order_type, payment_method=method, order_date=when,
            number=f"{spec['domain'][:3].upper()}{when:%y%m%d}{i:04d}", payment=payment,
            today=when.date())
        try:
            if order.status == "pending" and ending != "pending":
                order_status.change_status(session, main, order, "approve")
            if ending == "cancelled":
                cancellation.cancel(session, main, order,
                                    cancellation.Revert() if i % 2 else None,
                                    today=when.date() + timedelta(days=1))
                continue
            for event in PATH.get(ending, []):
                order_status.change_status(session, main, order, event)
        except RuleError:
            continue
        if on_credit and rnd.random() < 0.35 and customer.total_credit > 0:
            amount = (customer.total_credit * Decimal(rnd.choice(["0.3", "0.6", "1.05"])))
            later = timedelta(days=rnd.randint(0, 5))  # never after today, though
            receipt = payments.receive(session, main, customer.id,
                                       rounded(main.org, amount), None,
                                       today=min(when.date() + later,
                                                 clock.today(session, main.org_id)))
            receipt.created_at = min(when + later, now)


def demo_payment(session, org, customer, lines, rnd, when):
    total = sum(line.quantity * price_for(session, customer, line.sku) for line in lines)
    share = Decimal(rnd.choice(["0", "0.3", "0.5", "1"]))
    balance = rounded(org, min(customer.total_balance, total * Decimal("0.2")))
    usable = store_credit.available(session, customer.id, when.date())
    balance = min(balance, usable)
    received = rounded(org, (total - balance) * share)
    owed_after = customer.total_credit + total - balance - received
    if customer.credit_limit is not None and owed_after > customer.credit_limit:
        received = total - balance  # a careful seller takes full payment here
    return terms.Payment(received=received, paid_with="bank_transfer",
                          balance=balance)


