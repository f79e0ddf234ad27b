"""The S4 invariants under random sequences of account events (hypothesis stateful)."""
import itertools
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

from admin_app.models import LedgerEntry
from admin_app.rules import (
    adjustments,
    cancellation,
    credit,
    ledger_check,
    payments,
    refunds,
)
from admin_app.rules.errors import RuleError
from admin_app.rules.orders import change_status

from .accounts_helpers import TODAY, D, make_shop, order

cents = st.integers(min_value=1, max_value=50_000).map(lambda c: D(c).scaleb(-2))
fractions = st.sampled_from([D(0), D("0.25"), D("0.5"), D("1")])
_serial = itertools.count()
STEPS = {"count": 0}


def test_ledger_invariants_hold_after_every_step(session):
    class Accounts(RuleBasedStateMachine):
        @initialize(limit=st.one_of(st.none(), cents.map(lambda a: a * 10)))
        def open_shop(self, limit):
            self.shop = make_shop(session, limit=limit, name=f"Shop {next(_serial)}")
            self.orders, self.day = [], 0

        def attempt(self, action):
            STEPS["count"] += 1
            try:
                with session.begin_nested():
                    action()
            except RuleError:
                pass

        @rule(total=cents, received=fractions, balance=fractions,
              kind=st.sampled_from(["manual", "messenger"]), approve=st.booleans())
        def place_order(self, total, received, balance, kind, approve):
            def act():
                have = self.shop.customer.total_balance
                use = min(have, (total * balance).quantize(D("0.01")))
                got = ((total - use) * received).quantize(D("0.01"))
                o = order(self.shop, str(total), received=str(got), balance=str(use),
                          kind=kind, when=datetime.combine(TODAY, datetime.min.time())
                          + timedelta(days=self.day))
                if kind == "messenger" and approve:
                    change_status(session, self.shop.main, o, "approve")
                self.orders.append(o)
            self.attempt(act)

        @rule(amount=cents, pick=st.sets(st.integers(0, 20), max_size=3), all_=st.booleans())
        def receive_payment(self, amount, pick, all_):
            def act():
                items = payments.open_items(session, self.shop.customer)
                selected = None if all_ or not items else {
                    items[i % len(items)].key for i in pick} or None
                payments.receive(session, self.shop.main, self.shop.customer.id, amount,
                                 selected)
            self.attempt(act)

        @precondition(lambda self: self.orders)
        @rule(i=st.integers(0, 50), revert=st.booleans(), extend=st.booleans())
        def cancel(self, i, revert, extend):
            o = self.orders[i % len(self.orders)]
            choice = cancellation.Revert(extend_credit_days=5 if extend else None,
                                         extend_points=extend) if revert else None
            self.attempt(lambda: cancellation.cancel(
                session, self.shop.main, o, choice, today=TODAY + timedelta(days=self.day)))

        @precondition(lambda self: self.orders)
        @rule(i=st.integers(0, 50), share=fractions, to_balance=st.booleans())
        def refund(self, i, share, to_balance):
            o = self.orders[i % len(self.orders)]

            def act():
                amount = (o.total * share).quantize(D("0.01"))
                refunds.post_refund(session, self.shop.main, o, amount,
                                    "balance" if to_balance else "bank_transfer",
                                    f"AS-{o.id}")
            self.attempt(act)

        @rule(amount=cents, days_valid=st.one_of(st.none(), st.integers(0, 10)),
              take=st.booleans())
        def adjust_balance(self, amount, days_valid, take):
            today = TODAY + timedelta(days=self.day)
            expiry = None if days_valid is None or take else today + timedelta(days=days_valid)
            self.attempt(lambda: adjustments.adjust_balance(
                session, self.shop.main, self.shop.customer.id, -amount if take else amount,
                "test", expiry, today=today))

        @rule(days=st.integers(1, 6))
        def time_passes_and_credits_expire(self, days):
            self.day += days
            from admin_app.rules import points, store_credit
            today = TODAY + timedelta(days=self.day)
            self.attempt(lambda: (store_credit.expire(session, None, today,
                                                      self.shop.org.id),
                                  points.expire(session, today, self.shop.org.id)))

        @rule(opening_credit=st.one_of(st.none(), cents), opening_balance=st.one_of(
            st.none(), cents))
        def opening_entries(self, opening_credit, opening_balance):
            c = self.shop.customer
            self.attempt(lambda: credit.save_settings(
                session, self.shop.main, c, credit_allowed=True,
                order_types=["manual", "messenger"], account_period_days=7,
                credit_limit=c.credit_limit, opening_credit=opening_credit,
                opening_balance=opening_balance))

        @invariant()
        def books_balance(self):
            if not hasattr(self, "shop"):
                return
            session.flush()
            _, problems = ledger_check.verify(session, org_id=self.shop.org.id)
            assert problems == []
            c = self.shop.customer
            assert c.total_credit >= 0 and c.total_balance >= 0 and c.points >= 0
            if c.credit_limit is not None:
                # nobody here overrides the limit: credit from orders never passes it
                assert c.total_credit - c.opening_credit_unsettled <= c.credit_limit
            last = session.query(LedgerEntry).filter_by(customer_id=c.id) \
                .order_by(LedgerEntry.seq.desc()).first()
            if last is not None:
                assert (last.total_credit, last.total_balance) == (c.total_credit,
                                                                   c.total_balance)

    run_state_machine_as_test(Accounts, settings=settings(
        max_examples=60, stateful_step_count=20, deadline=None,
        suppress_health_check=list(HealthCheck)))
    print(f"hypothesis: {STEPS['count']} account events over 60 examples")
    assert STEPS["count"] > 300
