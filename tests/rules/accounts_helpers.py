"""Builders for customer-account tests: a credit customer and orders paid in parts."""
from datetime import datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace

from admin_app.models import Customer, ReturnReason, Store, Warehouse
from admin_app.rules.credit import verification
from admin_app.rules.credit.terms import Payment
from admin_app.rules.sales.orders import LineInput, create_order

from .. import builders

D = Decimal
TODAY = builders.local_today()  # the shops' date (Manila), not the server's


def make_shop(session, limit=None, period=1, credit=True, points_rate="1.00",
              point_value="0.10", name="Books & Co"):
    org = builders.make_org(session, name)
    org.points_earn_rate = D(points_rate)
    org.point_value = D(point_value)
    slug = "".join(ch for ch in name.lower() if ch.isalnum())
    main = builders.make_user(session, org, f"owner@{slug}.test", main=True)
    store = Store(org_id=org.id, name="Counter", channel="Offline")
    customer = Customer(org_id=org.id, code="C1", name="Maria", credit_allowed=credit,
                        credit_order_types="manual messenger", account_period_days=period,
                        credit_limit=D(limit) if limit is not None else None)
    session.add_all([store, customer])
    session.flush()
    sku = builders.make_sku(session, org, "BOOK", "1.00")
    return SimpleNamespace(org=org, main=main, store=store, customer=customer, sku=sku,
                           session=session)


def make_returns_shop(session, **options):
    """A shop that takes returns: a return warehouse and a return reason."""
    s = make_shop(session, **{"limit": None, "period": 30, **options})
    s.wh = Warehouse(org_id=s.org.id, name="Returns", kind="own")
    s.reason = ReturnReason(org_id=s.org.id, name="Damaged")
    session.add_all([s.wh, s.reason])
    session.flush()
    return s


def order(shop, total, received="0", balance="0", points=0, kind="manual",
          method="prepaid", when=None, reason=None, user=None, paid_with="cash"):
    return create_order(
        shop.session, user or shop.main, store=shop.store, customer=shop.customer,
        lines=[LineInput(shop.sku, 1, D(total))], order_type=kind, payment_method=method,
        order_date=when or datetime.combine(TODAY, datetime.min.time()),
        payment=Payment(received=D(received), paid_with=paid_with, balance=D(balance),
                        points=points, override_reason=reason))


def days(n):
    return TODAY + timedelta(days=n)


def assert_books_balance(session):
    session.flush()
    checked, problems = verification.verify(session)
    assert problems == [], problems
    return checked
