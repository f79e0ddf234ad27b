"""The S4 invariants and the per-order money account under random sequences of every
path that moves money (hypothesis stateful): orders paid every way, approvals,
payments, cancellation with and without revert, reopening, after-sales of each type on
active and cancelled orders, refunds by bank and to the balance (confirmed and
rejected), exchange orders generated, approved, cancelled and generated again, balance
adjustments, opening entries and expiry.

After every step, verify-ledger must find nothing, and an oracle computed from the
ledger, the refund orders and the points history (not from the account's own columns)
must agree that no order gave back more than came in for it."""
import itertools
import os
from datetime import datetime, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import func, select

from admin_app.models import (AfterSalesOrder, LedgerEntry, Order, PointsEvent,
                              ReturnReason, Warehouse)
from admin_app.rules.credit import (
    adjustments,
    terms,
    verification,
    payments,
    points,
    store_credit,
)
from admin_app.rules.aftersales import orders as aftersales, exchange, refund_orders
from admin_app.rules.sales import cancellation
from admin_app.rules.credit.terms import Payment
from admin_app.rules.core.errors import RuleError
from admin_app.rules.sales.status import change_status
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.money import ZERO, quantize

from ... import builders
from ...conftest import IS_PG
from ..accounts_helpers import TODAY, D, make_shop

# The rules are the same on both databases; the SQLite lane explores them widely and the
# PostgreSQL lane checks the same sequences on its types and locks with fewer examples
# (each step costs it twice as much, and CI has 15 minutes). Locally (CI unset) a quick
# profile runs 10 examples: HYPOTHESIS_PROFILE=ci runs CI's size anywhere.
FULL = os.environ.get("CI") == "true" or os.environ.get("HYPOTHESIS_PROFILE") == "ci"
EXAMPLES, STEPS_PER_EXAMPLE = ((40 if IS_PG else 100) if FULL else 10), 30
cents = st.integers(min_value=1, max_value=50_000).map(lambda c: D(c).scaleb(-2))
fractions = st.sampled_from([D(0), D("0.25"), D("0.5"), D("1")])
PAID = st.sampled_from(["cash", "credit", "balance", "points", "cod", "platform",
                        "messenger"])
EVENTS = st.sampled_from(["approve", "to_pickup", "ship", "complete", "reopen"])
KINDS = st.sampled_from(["return_refund", "refund_only", "exchange"])
BANK = refund_orders.BankDetails("Maybank", "Maria", "1234")
_serial = itertools.count()
COUNT = {"steps": 0, "done": 0}


def money_oracle(session, org_id) -> list[str]:
    """Per order, from the ledger, refund orders and points history only: money-type
    value given back never exceeds the money, store credit and points that paid it, bank
    refunds never exceed the money, and with live exchange goods nothing exceeds all
    that came in."""
    problems = []
    paid_out = dict(session.execute(
        select(LedgerEntry.order_id, func.sum(LedgerEntry.balance_change))
        .where(LedgerEntry.org_id == org_id, LedgerEntry.order_id.is_not(None),
               LedgerEntry.doc_type.in_(("cancellation", "aftersales")))
        .group_by(LedgerEntry.order_id)).all())
    by_bank = dict(session.execute(
        select(LedgerEntry.order_id, -func.sum(LedgerEntry.received))
        .where(LedgerEntry.org_id == org_id, LedgerEntry.doc_type == "aftersales",
               LedgerEntry.note.like("%(bank transfer)"))
        .group_by(LedgerEntry.order_id)).all())
    reverted_points = dict(session.execute(
        select(PointsEvent.order_id, func.sum(PointsEvent.points))
        .where(PointsEvent.org_id == org_id, PointsEvent.kind == "reverted")
        .group_by(PointsEvent.order_id)).all())
    exchange_goods = {}
    for aso in session.execute(select(AfterSalesOrder).where(
            AfterSalesOrder.org_id == org_id,
            AfterSalesOrder.exchange_order_id.is_not(None))).scalars():
        if aso.exchange_order.status != "cancelled":
            exchange_goods[aso.order_id] = exchange_goods.get(aso.order_id, ZERO) + \
                aso.exchange_order.goods_received
    for o in session.execute(select(Order).where(Order.org_id == org_id)).scalars():
        if o.payment_method == "cod":
            money = o.total if o.shipped_at else ZERO
        else:
            money = o.received + o.settled if o.payment_taken else ZERO
        account = (o.balance_used + o.points_value) if o.payment_taken else ZERO
        points_back = (quantize(o.points_value * (reverted_points.get(o.id) or 0)
                                / o.points_used) if o.points_used else ZERO)
        money_back = (paid_out.get(o.id) or ZERO) + (by_bank.get(o.id) or ZERO) + points_back
        if money_back > money + account:
            problems.append(f"{o.number}: {money_back} back as money, {money + account} in")
        if (by_bank.get(o.id) or ZERO) > money:
            problems.append(f"{o.number}: {by_bank[o.id]} by bank, {money} money in")
        if money_back + exchange_goods.get(o.id, ZERO) > \
                money + account + o.goods_received:
            problems.append(f"{o.number}: more given back with exchange goods than came in")
    return problems


def test_books_and_order_money_hold_after_every_step(session):
    class Books(RuleBasedStateMachine):
        @initialize(limit=st.one_of(st.none(), cents.map(lambda a: a * 10)))
        def open_shop(self, limit):
            self.shop = make_shop(session, limit=limit, name=f"Shop {next(_serial)}")
            self.wh = Warehouse(org_id=self.shop.org.id, name="Returns", kind="own")
            self.reason = ReturnReason(org_id=self.shop.org.id, name="Damaged")
            session.add_all([self.wh, self.reason])
            self.gift = builders.make_sku(session, self.shop.org, "GIFT", "7.50")
            self.orders, self.asos, self.refunds, self.day = [], [], [], 0

        @property
        def today(self):
            return TODAY + timedelta(days=self.day)

        def attempt(self, action):
            COUNT["steps"] += 1
            try:
                with session.begin_nested():
                    action()
                COUNT["done"] += 1
            except RuleError:
                pass

        @rule(total=cents, qty=st.integers(1, 3), paid=PAID, share=fractions)
        def place_order(self, total, qty, paid, share):
            shop, c = self.shop, self.shop.customer
            payment, kind, method = Payment(), "manual", "prepaid"
            if paid == "cash":
                payment = Payment(received=(total * share).quantize(D("0.01")),
                                  paid_with="cash")
            elif paid == "credit":
                payment = Payment()
            elif paid == "balance":
                use = min(c.total_balance, (total * share).quantize(D("0.01")))
                payment = Payment(received=total - use, paid_with="card", balance=use)
            elif paid == "points":
                use = min(c.points, int(total * 10 * share))
                payment = Payment(received=total - points.value_of(shop.org, use),
                                  paid_with="bank_transfer", points=use)
            elif paid == "cod":
                payment, method = None, "cod"
            elif paid == "platform":
                payment, kind = None, "platform"
            else:
                kind = "messenger"
                payment = Payment(received=(total * share).quantize(D("0.01")),
                                  paid_with="cash")

            def act():
                o = create_order(session, shop.main, store=shop.store, customer=c,
                                 lines=[LineInput(shop.sku, qty, total / qty)],
                                 order_type=kind, payment_method=method, payment=payment,
                                 order_date=datetime.combine(self.today,
                                                             datetime.min.time()))
                self.orders.append(o)
            self.attempt(act)

        @precondition(lambda self: self.orders)
        @rule(i=st.integers(0, 99), event=EVENTS)
        def move_order(self, i, event):
            o = self.orders[i % len(self.orders)]
            self.attempt(lambda: change_status(session, self.shop.main, o, event))

        @rule(amount=cents, pick=st.sets(st.integers(0, 20), max_size=3), all_=st.booleans())
        def receive_payment(self, amount, pick, all_):
            def act():
                items = payments.open_items(session, self.shop.customer)
                selected = None if all_ or not items else {
                    items[i % len(items)].key for i in pick} or None
                payments.receive(session, self.shop.main, self.shop.customer.id, amount,
                                 selected, today=self.today)
            self.attempt(act)

        @precondition(lambda self: self.orders)
        @rule(i=st.integers(0, 99), revert=st.booleans(), extend=st.booleans())
        def cancel(self, i, revert, extend):
            o = self.orders[i % len(self.orders)]
            choice = cancellation.Revert(extend_credit_days=5 if extend else None,
                                         extend_points=extend) if revert else None
            self.attempt(lambda: cancellation.cancel(session, self.shop.main, o, choice,
                                                     today=self.today))

        @precondition(lambda self: self.orders)
        @rule(i=st.integers(0, 99), kind=KINDS, qty=st.integers(1, 2), share=fractions,
              stock_in=st.booleans())
        def after_sales(self, i, kind, qty, share, stock_in):
            o = self.orders[i % len(self.orders)]

            def act():
                line = o.lines[0]
                amount = (line.unit_price * qty * (share or 1)).quantize(D("0.01"))
                extra = [aftersales.ExchangeInput(self.gift, 1 + qty)] \
                    if kind == "exchange" else None
                aso = aftersales.create(session, self.shop.main, o, kind, [
                    aftersales.ReturnInput(qty, order_line=line, amount=amount,
                                           reason=self.reason)], extra, warehouse=self.wh)
                aftersales.confirm(session, self.shop.main, aso,
                                   with_stock_in=stock_in and kind != "refund_only")
                self.asos.append(aso)
            self.attempt(act)

        @precondition(lambda self: self.asos)
        @rule(j=st.integers(0, 99))
        def stock_in(self, j):
            aso = self.asos[j % len(self.asos)]
            self.attempt(lambda: aftersales.stock_in(
                session, self.shop.main, aso,
                {line.id: aftersales.Receipt(line.quantity) for line in aso.return_lines}))

        @precondition(lambda self: self.asos)
        @rule(j=st.integers(0, 99), share=fractions, to_balance=st.booleans())
        def refund(self, j, share, to_balance):
            aso = self.asos[j % len(self.asos)]

            def act():
                amount = max(D("0.01"), (aftersales.refundable(aso) * (share or 1))
                             .quantize(D("0.01")))
                refund = refund_orders.create(
                    session, self.shop.main, aso, amount,
                    "balance" if to_balance else "bank_transfer", BANK)
                if refund.status == "pending":
                    self.refunds.append(refund)
            self.attempt(act)

        @precondition(lambda self: self.refunds)
        @rule(k=st.integers(0, 99), confirm=st.booleans())
        def decide_refund(self, k, confirm):
            refund = self.refunds[k % len(self.refunds)]
            self.attempt(lambda: refund_orders.confirm(session, self.shop.main, refund)
                         if confirm else refund_orders.reject(session, self.shop.main,
                                                              refund, "wrong account"))

        @precondition(lambda self: self.asos)
        @rule(j=st.integers(0, 99))
        def generate_exchange(self, j):
            aso = self.asos[j % len(self.asos)]

            def act():
                self.orders.append(exchange.generate(session, self.shop.main, aso))
            self.attempt(act)

        @precondition(lambda self: self.asos)
        @rule(j=st.integers(0, 99), complete=st.booleans())
        def close_aftersales(self, j, complete):
            aso = self.asos[j % len(self.asos)]
            self.attempt(lambda: exchange.complete_without_refund(
                session, self.shop.main, aso) if complete else aftersales.cancel(
                session, self.shop.main, aso))

        @rule(amount=cents, days_valid=st.one_of(st.none(), st.integers(0, 10)),
              take=st.booleans())
        def adjust_balance(self, amount, days_valid, take):
            expiry = None if days_valid is None or take else \
                self.today + timedelta(days=days_valid)
            self.attempt(lambda: adjustments.adjust_balance(
                session, self.shop.main, self.shop.customer.id, -amount if take else amount,
                "test", expiry, today=self.today))

        @rule(days=st.integers(1, 6))
        def time_passes_and_credits_expire(self, days):
            self.day += days
            self.attempt(lambda: (store_credit.expire(session, None, self.today,
                                                      self.shop.org.id),
                                  points.expire(session, self.today, self.shop.org.id)))

        @rule(opening_credit=st.one_of(st.none(), cents), opening_balance=st.one_of(
            st.none(), cents))
        def opening_entries(self, opening_credit, opening_balance):
            c = self.shop.customer
            self.attempt(lambda: terms.save_settings(
                session, self.shop.main, c, credit_allowed=True,
                order_types=["manual", "messenger"], account_period_days=7,
                credit_limit=c.credit_limit, opening_credit=opening_credit,
                opening_balance=opening_balance))

        @invariant()
        def books_prove_out(self):
            if not hasattr(self, "shop"):
                return
            session.flush()
            assert money_oracle(session, self.shop.org.id) == []
            _, problems = verification.verify(session, org_id=self.shop.org.id)
            assert problems == [], problems
            c = self.shop.customer
            if c.credit_limit is not None:
                # nobody here overrides the limit: credit from orders never passes it
                assert c.total_credit - c.opening_credit_unsettled <= c.credit_limit

    run_state_machine_as_test(Books, settings=settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS_PER_EXAMPLE, deadline=None,
        suppress_health_check=list(HealthCheck)))
    print(f"hypothesis: {COUNT['steps']} steps ({COUNT['done']} applied, the rest "
          f"refused by rules) over {EXAMPLES} examples of {STEPS_PER_EXAMPLE} steps")
    assert COUNT["done"] > EXAMPLES * 3
