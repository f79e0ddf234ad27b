"""A believable demo: a supplier and a distributor that buys from it (SPEC S1-S3)."""
import random
from datetime import date, timedelta
from decimal import Decimal

from .models import (Order, ReturnReason, Customer, CustomerLevel, Label, Organization, Role, Sku, ComboComponent,
                     Store, TierPrice, User, Warehouse, utcnow)
from .rules.accounts import users
from .rules.credit import adjustments, terms, payments, store_credit
from .rules.aftersales import orders as aftersales, exchange, refund_orders
from .rules.sales import cancellation, status as order_status, orders
from .rules.stock import movements
from .rules.core.errors import RuleError
from .rules.sales.pricing import price_for
from .rules.sales.orders import LineInput

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
            movements.move_stock(session, main, sku, wh, "qualified", rnd.randint(40, 400),
                             "Opening stock count", source_type="count")
        if rnd.random() < 0.3:
            movements.move_stock(session, main, sku, warehouses[0], "unqualified",
                             rnd.randint(1, 8), "Damaged in storage", source_type="count")

    _set_up_credit(session, main, org, customers, rnd)
    _place_orders(session, main, spec, stores, customers, list(skus.values()), rnd, n_orders)
    _after_sales(session, main, org, warehouses[0], list(skus.values()), rnd)
    return logins


def _set_up_credit(session, main, org, customers, rnd):
    """A third of the customers buy on credit; some start with credit or balance."""
    org.points_earn_rate = Decimal("1.00")
    org.point_value = Decimal("0.05")
    today = date.today() - timedelta(days=121)
    for n, customer in enumerate(customers):
        if n % 3:
            continue
        terms.save_settings(
            session, main, customer, credit_allowed=True,
            order_types=["manual", "messenger"],
            account_period_days=rnd.choice([7, 15, 30, None]),
            credit_limit=rnd.choice([Decimal("2000.00"), Decimal("5000.00"), None]),
            opening_credit=Decimal(rnd.randint(50, 400)) if n % 9 == 0 else None,
            opening_balance=Decimal(rnd.randint(20, 100)) if n % 12 == 0 else None,
            today=today)
        if n % 6 == 0:  # promotional store credit, some of it expiring soon or expired
            adjustments.adjust_balance(session, main, customer.id,
                                       Decimal(rnd.randint(10, 60)), "Welcome voucher",
                                       today + timedelta(days=rnd.choice([60, 130, 200])),
                                       today=today)


def _place_orders(session, main, spec, stores, customers, skus, rnd, n_orders):
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
        payment = _demo_payment(session, customer, lines, rnd, when) \
            if on_credit and order_type != "platform" else None
        order = orders.create_order(
            session, main, store=rnd.choice(stores), customer=customer, lines=lines,
            order_type=order_type, payment_method=method, order_date=when,
            number=f"{spec['domain'][:3].upper()}{when:%y%m%d}{i:04d}", payment=payment)
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
            receipt = payments.receive(session, main, customer.id,
                                       amount.quantize(Decimal("0.01")), None,
                                       today=when.date() + timedelta(days=rnd.randint(0, 5)))
            receipt.created_at = when + timedelta(days=rnd.randint(0, 5))


REASONS = ["Damaged", "Wrong item", "Not as described", "Changed mind"]
# For each type: the states its demo orders are left in.
AFTERSALES_DEMO = {
    "return_refund": ["to_confirm", "confirm_return", "received_return", "refund_processing",
                      "completed", "completed", "cancelled"],
    "refund_only": ["to_confirm", "confirm_refund", "refund_processing", "completed",
                    "cancelled"],
    "exchange": ["to_confirm", "confirm_exchange", "received_return", "refund_processing",
                 "completed", "cancelled"],
}


def _after_sales(session, main, org, warehouse, skus, rnd):
    """After-sales orders of every type in every state."""
    reasons = [ReturnReason(org_id=org.id, name=n) for n in REASONS]
    session.add_all(reasons)
    session.flush()
    # Orders paid outside the account (platform, COD) can be refunded by bank.
    shipped = session.query(Order).filter(
        Order.org_id == org.id, Order.status.in_(["shipped", "completed"]),
        Order.on_ledger.is_(False)).order_by(Order.id).all()
    rnd.shuffle(shipped)
    bank = refund_orders.BankDetails("Maybank", "Account holder", "5140-1234-5678")
    cheap = sorted((s for s in skus if not s.is_combo), key=lambda s: s.wholesale_price)
    for kind, states in AFTERSALES_DEMO.items():
        for state in states:
            o = shipped.pop()
            line = o.lines[0]
            exchanges = [aftersales.ExchangeInput(rnd.choice(cheap[:6]), 1)] \
                if kind == "exchange" else None
            aso = aftersales.create(
                session, main, o, kind, [aftersales.ReturnInput(
                    min(line.quantity, rnd.randint(1, 2)), order_line=line,
                    reason=rnd.choice(reasons))], exchanges,
                warehouse=warehouse, tracking_no=f"RT{rnd.randint(10**8, 10**9)}")
            _drive(session, main, aso, state, bank, rnd)


def _drive(session, main, aso, state, bank, rnd):
    if state == "to_confirm":
        return
    if state == "cancelled":
        aftersales.cancel(session, main, aso)
        return
    waiting = state in ("confirm_return", "confirm_refund", "confirm_exchange")
    aftersales.confirm(session, main, aso,
                       with_stock_in=not waiting and aso.kind != "refund_only")
    if aso.kind == "exchange" and state != "received_return":
        exchange.generate(session, main, aso)
    if waiting or state == "received_return":
        return
    amount = aftersales.refundable(aso)
    if amount <= 0:
        exchange.complete_without_refund(session, main, aso)
        return
    if state == "refund_processing":
        refund_orders.create(session, main, aso, amount, "bank_transfer", bank)
        return
    method = rnd.choice(["balance", "bank_transfer"])
    try:
        refund = refund_orders.create(session, main, aso, amount, method, bank)
    except RuleError:  # more than the money received: back to the balance instead
        refund = refund_orders.create(session, main, aso, amount, "balance")
    if refund.status == "pending":
        refund_orders.confirm(session, main, refund)


def _demo_payment(session, customer, lines, rnd, when):
    total = sum(line.quantity * price_for(session, customer, line.sku) for line in lines)
    share = Decimal(rnd.choice(["0", "0.3", "0.5", "1"]))
    balance = min(customer.total_balance, total * Decimal("0.2")).quantize(Decimal("0.01"))
    usable = store_credit.available(session, customer.id, when.date())
    balance = min(balance, usable)
    received = ((total - balance) * share).quantize(Decimal("0.01"))
    owed_after = customer.total_credit + total - balance - received
    if customer.credit_limit is not None and owed_after > customer.credit_limit:
        received = total - balance  # a careful seller takes full payment here
    return terms.Payment(received=received, paid_with="bank_transfer",
                          balance=balance)


def _link_distributor_as_customer(session):
    """The distributor is a customer in the supplier's customer file (SPEC S6)."""
    supplier = session.query(Organization).filter_by(name=ORGS[0]["name"]).one()
    wholesale = session.query(CustomerLevel).filter_by(org_id=supplier.id,
                                                       name="Wholesale").one()
    session.add(Customer(org_id=supplier.id, code="D00001", name=ORGS[1]["name"],
                         email="purchasing@distributor.demo", level=wholesale))
