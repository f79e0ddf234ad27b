"""Real threads on PostgreSQL: orders, payments, refunds and cancellations for the same
few customers at once. No posting is lost, no total drifts, no limit is passed."""
import random
import threading
import time
from datetime import datetime
from decimal import Decimal

import pytest

from admin_app.extensions import db
from admin_app.models import Customer, LedgerEntry, Order, Sku, Store, User
from admin_app.rules.sales import cancellation
from admin_app.rules.credit import verification, payments
from admin_app.rules.credit.terms import Payment
from admin_app.rules.core.errors import RuleError
from admin_app.rules.sales.orders import LineInput, create_order

from .. import builders

pytestmark = pytest.mark.pg

THREADS, OPS = 8, 40
LIMIT = Decimal("500.00")


def test_concurrent_postings_for_the_same_customers_stay_exact(app, session):
    org = builders.make_org(session, "Busy Shop")
    main = builders.make_user(session, org, "owner@busy.test", main=True)
    store = Store(org_id=org.id, name="Counter", channel="Offline")
    session.add(store)
    customers = [Customer(org_id=org.id, code=f"C{i}", name=f"Hot {i}", credit_allowed=True,
                          credit_order_types="manual messenger", account_period_days=7,
                          credit_limit=LIMIT) for i in range(3)]
    session.add_all(customers)
    sku = builders.make_sku(session, org, "ITEM", "1.00")
    session.commit()
    ids = dict(user=main.id, store=store.id, sku=sku.id,
               customers=[c.id for c in customers])
    posted, refused, errors = [], [], []
    start = threading.Barrier(THREADS)

    def worker(seed):
        rnd = random.Random(seed)
        with app.app_context():
            s = db.session
            start.wait()
            for n in range(OPS):
                user = s.get(User, ids["user"])
                customer_id = rnd.choice(ids["customers"])
                kind = rnd.choice(["order", "order", "payment", "cancel"])
                try:
                    if kind == "order":
                        total = Decimal(rnd.randint(100, 9000)).scaleb(-2)
                        create_order(s, user, store=s.get(Store, ids["store"]),
                                     customer=s.get(Customer, customer_id),
                                     lines=[LineInput(s.get(Sku, ids["sku"]), 1, total)],
                                     order_date=datetime(2026, 11, 1),
                                     number=f"T{seed}-{n}",
                                     payment=Payment(received=Decimal("0")))
                    elif kind == "payment":
                        amount = Decimal(rnd.randint(100, 6000)).scaleb(-2)
                        shown = None
                        if rnd.random() < 0.5:
                            # As the Receive Payment page does: it shows the open orders
                            # (held until the response) before the posting locks the
                            # customer, in the same transaction.
                            shown = payments.open_items(s, s.get(Customer, customer_id))
                            time.sleep(rnd.random() / 100)
                        payments.receive(s, user, customer_id, amount, None)
                        del shown
                    else:
                        victim = s.query(Order).filter(Order.customer_id == customer_id,
                                                       Order.status == "new").order_by(
                            Order.id).first()
                        if victim is None:
                            s.rollback()
                            continue
                        cancellation.cancel(s, user, victim, revert=None)
                    s.commit()
                    posted.append(kind)
                except RuleError:
                    s.rollback()
                    refused.append(kind)
                except Exception as exc:  # noqa: BLE001 - any other failure fails the test
                    s.rollback()
                    errors.append(repr(exc))
            s.remove()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    session.expire_all()
    assert errors == []
    assert len(posted) + len(refused) > 250
    checked, problems = verification.verify(session, org_id=org.id)
    assert checked == 3 and problems == []
    assert session.query(LedgerEntry).filter_by(org_id=org.id).count() == len(posted)
    for c in session.query(Customer).filter_by(org_id=org.id):
        assert c.total_credit <= LIMIT
    print(f"concurrency: {THREADS} threads, {len(posted)} postings, "
          f"{len(refused)} refused by rules")
