"""The demo's organizations: users and roles, stores, warehouses, catalog, customers,
opening stock."""
from decimal import Decimal

from .data import (COMBOS, DEMO_PASSWORD, FIRST, LABELS, LAST, LEVELS, PRODUCTS, ROLES,
                   SUB_ACCOUNTS)
from ..models import (utcnow, ComboComponent, Customer, CustomerLevel, Label, Organization, Role,
                      Sku, Store, TierPrice, User, Warehouse)
from ..rules.accounts import users
from ..rules.stock import movements
from .amounts import local, rounded


def organization(session, spec):
    """The organization, its main account and sub-accounts; (org, main, logins)."""
    org = Organization(name=spec["name"], currency=spec["currency"],
                       timezone=spec["timezone"], language=spec.get("language", "en"))
    session.add(org)
    session.flush()
    main = User(org_id=org.id, email=f"owner@{spec['domain']}", name="Owner", is_main=True,
                password_hash=users.hash_password(DEMO_PASSWORD))
    session.add(main)
    roles = {name: Role(org_id=org.id, name=name, permissions=perms)
             for name, perms in ROLES.items()}
    session.add_all(roles.values())
    logins = [(org.name, main.email, "main account")]
    for login, role in SUB_ACCOUNTS:
        user = User(org_id=org.id, email=f"{login}@{spec['domain']}", name=login.title(),
                    role=roles[role], password_hash=users.hash_password(DEMO_PASSWORD))
        session.add(user)
        logins.append((org.name, user.email, role))
    return org, main, logins


def places(session, org, spec):
    """(stores, warehouses)"""
    stores = [Store(org_id=org.id, name=n, channel=c) for n, c in spec["stores"]]
    warehouses = [Warehouse(org_id=org.id, name=n, kind=k) for n, k in spec["warehouses"]]
    session.add_all(stores + warehouses)
    return stores, warehouses


def catalog(session, org) -> dict:
    """SKUs and combos by code, customer levels with tier prices."""
    skus = {}
    for code, name, price in PRODUCTS:
        wholesale = local(org, price)
        skus[code] = Sku(org_id=org.id, code=code, name=name, wholesale_price=wholesale,
                         cost_price=rounded(org, wholesale * Decimal("0.55")))
    for code, name, parts, price in COMBOS:
        combo = Sku(org_id=org.id, code=code, name=name, wholesale_price=local(org, price),
                    is_combo=True)
        combo.components = [ComboComponent(org_id=org.id, component=skus[c], quantity=q)
                            for c, q in parts]
        skus[code] = combo
    session.add_all(skus.values())
    return skus


def levels(session, org, skus) -> list:
    levels = [CustomerLevel(org_id=org.id, name=name) for name, _ in LEVELS]
    session.add_all(levels)
    session.flush()
    for level, (_, factor) in zip(levels, LEVELS):
        if factor is None:
            continue
        for sku in list(skus.values())[::2]:
            session.add(TierPrice(org_id=org.id, level_id=level.id, sku_id=sku.id,
                                  price=rounded(org, sku.wholesale_price * factor)))
    return levels


def customers(session, org, levels, rnd, spec=None) -> list:
    labels = [Label(org_id=org.id, name=n) for n in LABELS]
    session.add_all(labels)
    found, spec = [], spec or {}
    for i in range(60):
        name = f"{rnd.choice(spec.get('first', FIRST))} {rnd.choice(spec.get('last', LAST))}"
        phone = spec.get("phone", "+60 1{}-{}").format(rnd.randint(0, 9),
                                                       rnd.randint(1000000, 9999999))
        customer = Customer(org_id=org.id, code=f"C{i + 1:05d}", name=name, phone=phone,
                            email=f"customer{i}@{org.id}.example.com" if spec.get("first")
                            else f"{name.lower().replace(' ', '.')}{i}@example.com",
                            level=rnd.choice(levels), blacklisted=(i % 29 == 28),
                            blacklist_reason="Refused 3 COD parcels" if i % 29 == 28
                            else None, blacklisted_at=utcnow() if i % 29 == 28 else None)
        customer.labels = rnd.sample(labels, rnd.randint(0, 2))
        found.append(customer)
    session.add_all(found)
    session.flush()
    return found


def opening_stock(session, main, skus, warehouses, rnd) -> None:
    for sku in skus.values():
        if sku.is_combo:
            continue
        for wh in warehouses:
            movements.move_stock(session, main, sku, wh, "qualified", rnd.randint(40, 400),
                                 "Opening stock count", source_type="count")
        if rnd.random() < 0.3:
            movements.move_stock(session, main, sku, warehouses[0], "unqualified",
                                 rnd.randint(1, 8), "Damaged in storage",
                                 source_type="count")
