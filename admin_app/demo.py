"""A believable demo: a supplier and a distributor that buys from it (SPEC S1-S3)."""
import random
from datetime import timedelta
from decimal import Decimal

from .models import (Customer, CustomerLevel, Label, Organization, Role, Sku, ComboComponent,
                     Store, TierPrice, User, Warehouse, utcnow)
from .rules import accounts, orders, stock
from .rules.orders import LineInput

DEMO_PASSWORD = "demo-password"

ORGS = [
    {
        "name": "Sunrise Supply Co.", "currency": "MYR", "domain": "supplier.demo",
        "stores": [("Sunrise Shopee", "Shopee"), ("Sunrise Lazada", "Lazada"),
                   ("Sunrise Wholesale", "Offline")],
        "warehouses": [("Shah Alam DC", "own"), ("Penang 3PL", "third_party")],
    },
    {
        "name": "Metro Gadgets", "currency": "MYR", "domain": "distributor.demo",
        "stores": [("Metro TikTok Shop", "TikTok"), ("Metro Shopify", "Shopify"),
                   ("Metro Shopee", "Shopee"), ("Metro Counter", "Offline")],
        "warehouses": [("Metro KL Store", "own"), ("Sunrise Shah Alam (supplier)",
                                                    "supplier")],
    },
]

ROLES = {
    "Warehouse clerk": "stock.return_in stock.adjust",
    "Customer service": "orders.manage aftersales.manual customers.manage",
    "Finance": "aftersales.refund credit.receive credit.override reports.view",
    "Manager": "reports.view",
}
SUB_ACCOUNTS = [("clerk", "Warehouse clerk"), ("service", "Customer service"),
                ("finance", "Finance"), ("manager", "Manager")]

PRODUCTS = [
    ("PB-10K", "Power bank 10,000 mAh", "59.90"), ("PB-20K", "Power bank 20,000 mAh", "89.00"),
    ("CBL-USBC-1M", "USB-C cable 1 m", "12.50"), ("CBL-USBC-2M", "USB-C cable 2 m", "15.90"),
    ("CHG-20W", "20 W wall charger", "29.90"), ("CHG-65W", "65 W GaN charger", "119.00"),
    ("EAR-BT5", "Bluetooth earbuds", "79.00"), ("EAR-WIRED", "Wired earphones", "19.90"),
    ("CASE-A15", "Phone case A15", "14.90"), ("CASE-S24", "Phone case S24", "24.90"),
    ("SCR-A15", "Screen protector A15", "9.90"), ("SCR-S24", "Screen protector S24", "12.90"),
    ("STAND-AL", "Aluminium phone stand", "34.00"), ("HUB-7IN1", "USB-C hub 7-in-1", "99.00"),
    ("MOUSE-W", "Wireless mouse", "39.90"), ("KB-MINI", "Mini keyboard", "69.00"),
]
COMBOS = [("SET-TRAVEL", "Travel set: power bank + cable + charger",
           [("PB-10K", 1), ("CBL-USBC-1M", 1), ("CHG-20W", 1)], "95.00"),
          ("SET-PROTECT", "Protection set: case + 2 screen protectors",
           [("CASE-A15", 1), ("SCR-A15", 2)], "29.90")]
LEVELS = [("Retail", None), ("Silver", Decimal("0.95")), ("Gold", Decimal("0.90")),
          ("Wholesale", Decimal("0.80"))]
FIRST = ["Aisyah", "Wei Ling", "Ravi", "Nurul", "Jason", "Siti", "Kumar", "Mei", "Hafiz",
         "Priya", "Daniel", "Farah", "Arjun", "Li Na", "Amir", "Grace", "Zul", "Kavitha"]
LAST = ["Tan", "Lim", "Rahman", "Wong", "Singh", "Abdullah", "Lee", "Ng", "Ismail", "Chong"]
LABELS = ["VIP", "Reseller", "Late payer", "Corporate", "New"]

# Where each demo order ends, and how often.
ENDINGS = [("new", 10), ("pending", 6), ("to_pickup", 12), ("shipped", 25),
           ("completed", 40), ("cancelled", 7)]
PATH = {"new": [], "pending": [], "to_pickup": ["to_pickup"], "shipped": ["to_pickup", "ship"],
        "completed": ["to_pickup", "ship", "complete"]}


def is_empty(session) -> bool:
    return session.query(Organization.id).first() is None


def load(session, orders_per_org: int = 220, seed: int = 7) -> list[tuple[str, str, str]]:
    """Fill an empty database; returns (organization, email, role) for each login."""
    rnd = random.Random(seed)
    logins = []
    for spec in ORGS:
        logins += _load_org(session, spec, rnd, orders_per_org)
    _link_distributor_as_customer(session)
    session.flush()
    return logins


def _load_org(session, spec, rnd, n_orders):
    org = Organization(name=spec["name"], currency=spec["currency"])
    session.add(org)
    session.flush()
    main = User(org_id=org.id, email=f"owner@{spec['domain']}", name="Owner", is_main=True,
                password_hash=accounts.hash_password(DEMO_PASSWORD))
    session.add(main)
    roles = {name: Role(org_id=org.id, name=name, permissions=perms)
             for name, perms in ROLES.items()}
    session.add_all(roles.values())
    logins = [(org.name, main.email, "main account")]
    for login, role in SUB_ACCOUNTS:
        user = User(org_id=org.id, email=f"{login}@{spec['domain']}", name=login.title(),
                    role=roles[role], password_hash=accounts.hash_password(DEMO_PASSWORD))
        session.add(user)
        logins.append((org.name, user.email, role))
    stores = [Store(org_id=org.id, name=n, channel=c) for n, c in spec["stores"]]
    warehouses = [Warehouse(org_id=org.id, name=n, kind=k) for n, k in spec["warehouses"]]
    session.add_all(stores + warehouses)

    skus = {}
    for code, name, price in PRODUCTS:
        wholesale = Decimal(price)
        skus[code] = Sku(org_id=org.id, code=code, name=name, wholesale_price=wholesale,
                         cost_price=(wholesale * Decimal("0.55")).quantize(Decimal("0.01")))
    for code, name, parts, price in COMBOS:
        combo = Sku(org_id=org.id, code=code, name=name, wholesale_price=Decimal(price),
                    is_combo=True)
        combo.components = [ComboComponent(org_id=org.id, component=skus[c], quantity=q)
                            for c, q in parts]
        skus[code] = combo
    session.add_all(skus.values())

    levels = [CustomerLevel(org_id=org.id, name=name) for name, _ in LEVELS]
    session.add_all(levels)
    session.flush()
    for level, (_, factor) in zip(levels, LEVELS):
        if factor is None:
            continue
        for sku in list(skus.values())[::2]:
            session.add(TierPrice(org_id=org.id, level_id=level.id, sku_id=sku.id,
                                  price=(sku.wholesale_price * factor).quantize(Decimal("0.01"))))
    labels = [Label(org_id=org.id, name=n) for n in LABELS]
    session.add_all(labels)

    customers = []
    for i in range(60):
        name = f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"
        customer = Customer(org_id=org.id, code=f"C{i + 1:05d}", name=name,
                            phone=f"+60 1{rnd.randint(0, 9)}-{rnd.randint(1000000, 9999999)}",
                            email=f"{name.lower().replace(' ', '.')}{i}@example.com",
                            level=rnd.choice(levels), blacklisted=(i % 29 == 28))
        customer.labels = rnd.sample(labels, rnd.randint(0, 2))
        customers.append(customer)
    session.add_all(customers)
    session.flush()

    for sku in skus.values():
        if sku.is_combo:
            continue
        for wh in warehouses:
            stock.move_stock(session, main, sku, wh, "qualified", rnd.randint(40, 400),
                             "Opening stock count", source_type="count")
        if rnd.random() < 0.3:
            stock.move_stock(session, main, sku, warehouses[0], "unqualified",
                             rnd.randint(1, 8), "Damaged in storage", source_type="count")

    sellable = [s for s in skus.values()]
    endings = [e for e, weight in ENDINGS for _ in range(weight)]
    now = utcnow()
    for i in range(n_orders):
        ending = rnd.choice(endings)
        when = now - timedelta(days=rnd.uniform(0, 120))
        order_type = "messenger" if ending == "pending" or rnd.random() < 0.15 else \
            rnd.choice(["platform", "manual", "platform"])
        lines = [LineInput(sku=s, quantity=rnd.randint(1, 4))
                 for s in rnd.sample(sellable, rnd.randint(1, 3))]
        order = orders.create_order(
            session, main, store=rnd.choice(stores), customer=rnd.choice(customers),
            lines=lines, order_type=order_type,
            payment_method=rnd.choice(["cod", "prepaid", "prepaid"]), order_date=when,
            number=f"{spec['domain'][:3].upper()}{when:%y%m%d}{i:04d}")
        if order.status == "pending" and ending != "pending":
            orders.change_status(session, main, order, "approve")
        if ending == "cancelled":
            if rnd.random() < 0.5 and order.status == "new":
                orders.change_status(session, main, order, "to_pickup")
            orders.change_status(session, main, order, "cancel")
            continue
        for event in PATH.get(ending, []):
            orders.change_status(session, main, order, event)
    return logins


def _link_distributor_as_customer(session):
    """The distributor is a customer in the supplier's customer file (SPEC S6)."""
    supplier = session.query(Organization).filter_by(name=ORGS[0]["name"]).one()
    wholesale = session.query(CustomerLevel).filter_by(org_id=supplier.id,
                                                       name="Wholesale").one()
    session.add(Customer(org_id=supplier.id, code="D00001", name=ORGS[1]["name"],
                         email="purchasing@distributor.demo", level=wholesale))
