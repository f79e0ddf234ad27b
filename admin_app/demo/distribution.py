"""The demo's distribution (SPEC S6): the distributor buys from the supplier through an
active partnership, with returns pushed, failed, recalled, stocked in and refunded; and
a partnership with a second supplier that has ended."""
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select

from .data import DEMO_PASSWORD, ORGS
from ..models import (Customer, CustomerLevel, DistributionReturn, Organization, Sku, Store, User,
                      Warehouse)
from ..rules.accounts import users
from ..rules.core import clock
from ..rules.aftersales import orders as aftersales, refund_orders
from ..rules.credit import payments
from ..rules.distribution import fulfilment, partnerships, pushing, refunds
from ..rules.sales.orders import LineInput, create_order

FORMER_SUPPLIER = {"name": "Harbour Trading", "domain": "harbour.demo"}


def partnerships_demo(session) -> list[tuple[str, str, str]]:
    """Returns the logins it adds."""
    supplier, distributor = (_org(session, spec["name"]) for spec in ORGS)
    s_main, d_main = _main(session, supplier), _main(session, distributor)
    p = _active(session, s_main, d_main)
    link = partnerships.add_warehouse(
        session, d_main, p, _warehouse(session, distributor, "supplier").id,
        _warehouse(session, supplier, "own").id)
    for sku in _skus(session, distributor):
        if not sku.is_combo:
            partnerships.map_sku(session, d_main, p, sku.code, sku.code)
    _returns(session, s_main, d_main, p, link)
    return [_ended(session, d_main)]


def _org(session, name):
    return session.execute(select(Organization).where(Organization.name == name)).scalar_one()


def _main(session, org):
    return session.execute(select(User).where(User.org_id == org.id,
                                              User.is_main.is_(True))).scalar_one()


def _warehouse(session, org, kind):
    return session.execute(select(Warehouse).where(
        Warehouse.org_id == org.id, Warehouse.kind == kind).order_by(Warehouse.id)).scalar()


def _skus(session, org):
    return session.execute(select(Sku).where(Sku.org_id == org.id, Sku.active.is_(True))
                           .order_by(Sku.id)).scalars().all()


def _active(session, s_main, d_main):
    p = partnerships.propose(session, d_main, s_main.org.name, "distributor",
                             "We resell your accessories on TikTok and Shopify.")
    partnerships.accept(session, s_main, p, today=date.today() - timedelta(days=150))
    partnerships.update(session, s_main, p, partnerships.Settings(
        "per_unit", Decimal("2.00"), Decimal("3.50")))
    p.customer.level = session.execute(select(CustomerLevel).where(
        CustomerLevel.org_id == s_main.org_id, CustomerLevel.name == "Wholesale")).scalar()
    p.customer.email = "purchasing@distributor.demo"
    return p


def _shipped(session, d_main, link, code, qty, days_ago):
    skus = {s.code: s for s in _skus(session, d_main.org)}
    store = session.execute(select(Store).where(Store.org_id == d_main.org_id,
                                                Store.channel == "TikTok")).scalar()
    buyer = session.execute(select(Customer).where(
        Customer.org_id == d_main.org_id, Customer.credit_allowed.is_(False))
        .order_by(Customer.id).offset(days_ago % 7)).scalars().first()
    order = create_order(session, d_main, store=store, customer=buyer,
                         lines=[LineInput(skus[code], qty)],
                         order_date=clock.wall_clock(session, d_main.org_id)
                         - timedelta(days=days_ago),
                         note="Fulfilled by Sunrise from Shah Alam")
    return fulfilment.ship_from_supplier(session, d_main, order, link)


def _returned(session, d_main, shipped, qty=1):
    order = shipped.distributor_order
    aso = aftersales.create(session, d_main, order, "return_refund",
                            [aftersales.ReturnInput(qty, order_line=order.lines[0])],
                            warehouse=shipped.partner_warehouse.distributor_warehouse,
                            tracking_no=f"DR{order.id:08d}")
    return session.execute(select(DistributionReturn).where(
        DistributionReturn.aftersales_id == aso.id)).scalar_one()


def _returns(session, s_main, d_main, p, link):
    orders = {name: _shipped(session, d_main, link, code, qty, days)
              for name, code, qty, days in [
                  ("waiting", "PB-10K", 2, 12), ("to_balance", "EAR-BT5", 3, 20),
                  ("by_bank", "CHG-65W", 2, 25), ("confirmed", "HUB-7IN1", 1, 30),
                  ("combo", "SET-TRAVEL", 2, 8), ("recalled", "MOUSE-W", 2, 15),
                  ("old", "CHG-20W", 2, 120), ("before_period", "KB-MINI", 1, 170),
                  ("to_push", "STAND-AL", 2, 3), ("kept", "PB-20K", 4, 6)]}
    # The distributor paid for everything but the last order: refunds are not eaten
    # by debt (except what the last order leaves open).
    paid = sum((o.supplier_order.total for k, o in orders.items() if k != "kept"), Decimal(0))
    payments.receive(session, s_main, p.customer_id, paid, None,
                     note="Monthly settlement by bank transfer")
    records = {name: _returned(session, d_main, shipped) for name, shipped in orders.items()}
    for name, record in records.items():
        if name != "to_push":
            pushing.push(session, d_main, record)
    aftersales.cancel(session, d_main, records["recalled"].aftersales)
    bank = refund_orders.BankDetails("CIMB", "Metro Gadgets Sdn Bhd", "8001-2233-4455")
    for name in ("to_balance", "by_bank", "confirmed"):
        theirs = records[name].supplier_aso
        aftersales.stock_in(session, s_main, theirs,
                            {line.id: aftersales.Receipt(line.quantity)
                             for line in theirs.lines}, note="Box opened, goods fine")
        amount = refunds.figures(theirs).refundable
        method = "balance" if name == "to_balance" else "bank_transfer"
        refund = refund_orders.create(session, s_main, theirs, amount, method, bank)
        if name == "confirmed":
            refunds.confirm_receipt(session, d_main, refund)


def _ended(session, d_main):
    """A supplier the distributor worked with last year: the partnership has ended."""
    org = Organization(name=FORMER_SUPPLIER["name"], currency="MYR",
                       timezone="Asia/Kuala_Lumpur")
    session.add(org)
    session.flush()
    owner = User(org_id=org.id, email=f"owner@{FORMER_SUPPLIER['domain']}", name="Owner",
                 is_main=True, password_hash=users.hash_password(DEMO_PASSWORD))
    session.add(owner)
    session.flush()
    p = partnerships.propose(session, d_main, org.name, "distributor")
    partnerships.accept(session, owner, p, today=date.today() - timedelta(days=400))
    partnerships.terminate(session, owner, p, today=date.today() - timedelta(days=45))
    return org.name, owner.email, "main account"

