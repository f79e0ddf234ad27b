"""A believable demo: a supplier and a distributor that buys from it (SPEC S1-S7).
`flask --app wsgi demo` (or quickstart) loads it into an empty database."""
import random

from . import (aftersales, campaigns, distribution, platforms, sales, services, setup,
               stock_documents)
from .data import DEMO_PASSWORD, ORGS, REGIONAL_ORGS, RETIRED_SKU
from ..models import Organization, User
from ..rules.core import usage

__all__ = ["DEMO_PASSWORD", "is_empty", "load", "logins"]


def is_empty(session) -> bool:
    return session.query(Organization.id).first() is None


def logins(session) -> list[tuple[str, str, str]]:
    """(organization, email, role) of the demo's accounts in this database (none in a
    database without the demo): the login page and the quick start list them."""
    rows = session.query(User, Organization).join(Organization).filter(
        User.email.like("%.demo")).order_by(Organization.id, User.id).all()
    return [(org.name, user.email, "main account" if user.is_main else
             (user.role.name if user.role else "")) for user, org in rows]


def load(session, orders_per_org: int = 220, seed: int = 7) -> list[tuple[str, str, str]]:
    """Fill an empty database; returns (organization, email, role) for each login."""
    rnd = random.Random(seed)
    logins = []
    for spec in ORGS:
        logins += _load_org(session, spec, rnd, orders_per_org)
    logins += distribution.partnerships_demo(session)
    for spec in REGIONAL_ORGS:
        logins += _load_org(session, spec, rnd, orders_per_org // 2)
    session.flush()
    return logins


def _load_org(session, spec, rnd, n_orders):
    org, main, logins = setup.organization(session, spec)
    stores, warehouses = setup.places(session, org, spec)
    skus = setup.catalog(session, org)
    levels = setup.levels(session, org, skus)
    customers = setup.customers(session, org, levels, rnd, spec)
    setup.opening_stock(session, main, skus, warehouses, rnd)
    sales.set_up_credit(session, main, org, customers, rnd, spec.get("points", ("1.00", "0.05")))
    sales.place_orders(session, main, spec, stores, customers, list(skus.values()), rnd,
                       n_orders)
    aftersales.after_sales(session, main, org, warehouses[0], list(skus.values()), rnd)
    services.after_sales_services(session, main, org, warehouses[0])
    platforms.platform_after_sales(session, main, org, warehouses[0])
    stock_documents.stock_documents(session, main, warehouses[0], skus)
    campaigns.email_campaigns(session, main, org)
    # Sold before, no longer sold: kept on its orders, gone from the pickers.
    usage.set_active(session, main, skus[RETIRED_SKU], False)
    return logins

