"""Builds a big, consistent dataset in memory, organization by organization.

Everything the app's rules would write is computed here the same way (credit = total -
received, payments oldest first, refunds offsetting credit first, running ledger totals),
so `flask verify-ledger` passes on the result; only the speed of writing differs."""
import random
from collections import defaultdict, deque
from datetime import date, datetime, timedelta
from decimal import Decimal

from admin_app.rules.accounts import users

D = Decimal
CENT = D("0.01")
CHANNELS = ["Shopee", "Lazada", "TikTok", "Shopify", "Offline"]
HOT_EVERY = 500
KINDS = ["return_refund", "refund_only", "exchange"]
ASO_STATES = {
    "return_refund": ["to_confirm", "confirm_return", "received_return", "refund_processing",
                      "completed", "completed", "completed", "cancelled"],
    "refund_only": ["to_confirm", "confirm_refund", "refund_processing", "completed",
                    "completed", "cancelled"],
    "exchange": ["to_confirm", "confirm_exchange", "received_return", "completed",
                 "cancelled"],
}


class Ids:
    def __init__(self):
        self.next = defaultdict(lambda: 1)

    def __call__(self, table):
        value = self.next[table]
        self.next[table] += 1
        return value


def build(org_name, n_orders, n_customers, n_aftersales, ids, rnd, today, out):
    """Append rows per table name to `out` (a dict of lists) for one organization."""
    org_id = ids("organization")
    out["organization"].append(dict(id=org_id, name=org_name, currency="PHP"))
    password = users.hash_password("bench-password")
    user_id = ids("app_user")
    out["app_user"].append(dict(id=user_id, org_id=org_id, email=f"owner@{org_id}.bench",
                                name="Owner", password_hash=password, is_main=True))
    stores = []
    for ch in CHANNELS:
        sid = ids("store")
        stores.append((sid, ch))
        out["store"].append(dict(id=sid, org_id=org_id, name=f"{ch} store", channel=ch))
    warehouses = [ids("warehouse") for _ in range(2)]
    for n, wid in enumerate(warehouses):
        out["warehouse"].append(dict(id=wid, org_id=org_id, name=f"Warehouse {n + 1}"))
    skus = []
    for n in range(2000):
        sid, price = ids("sku"), D(rnd.randint(500, 50000)) * CENT
        skus.append((sid, price))
        out["sku"].append(dict(id=sid, org_id=org_id, code=f"SKU{n:05d}",
                               name=f"Product {n}", wholesale_price=price,
                               cost_price=(price * D("0.6")).quantize(CENT)))
    stock = defaultdict(int)
    for sid, _ in skus:
        for wid in warehouses:
            stock[(sid, wid, "qualified")] += 1000
            out["stock_movement"].append(dict(
                org_id=org_id, sku_id=sid, warehouse_id=wid, quality="qualified",
                quantity=1000, reason="Opening count", source_type="count",
                user_id=user_id, created_at=datetime(2024, 1, 1)))

    customers = []
    for n in range(n_customers):
        cid = ids("customer")
        credit = n % 3 == 0
        customers.append(dict(id=cid, org_id=org_id, code=f"C{n:07d}", name=f"Customer {n}",
                              # most buyers left an address (campaigns reach them)
                              email=f"c{n}@{org_id}.bench" if n % 10 else None,
                              credit_allowed=credit, credit_order_types="manual messenger",
                              account_period_days=30 if credit else None,
                              total_credit=D(0), total_balance=D(0)))
    events = defaultdict(list)   # customer id -> [(date, order, kind, payload)]
    open_orders = defaultdict(deque)
    start = today - timedelta(days=730)
    shipped_plain = []
    for i in range(n_orders):
        when = datetime.combine(start, datetime.min.time()) + timedelta(
            seconds=int(730 * 86400 * i / n_orders) + rnd.randint(0, 3000))
        # A few wholesale accounts buy far more than anyone: customer 0 never pays (Receive
        # Payment over 1,000+ open orders), customers 3, 6, 9 are the load test's hot ones.
        hot = i % HOT_EVERY
        c = customers[3 * hot] if hot < 4 else customers[rnd.randrange(n_customers)]
        oid = ids("sales_order")
        total = D(0)
        for _ in range(rnd.choice([1, 2, 2, 3, 3, 4])):
            sid, price = skus[rnd.randrange(len(skus))]
            qty = rnd.randint(1, 3)
            amount = price * qty
            total += amount
            out["order_line"].append(dict(id=ids("order_line"), org_id=org_id, order_id=oid,
                                          sku_id=sid, quantity=qty, unit_price=price,
                                          amount=amount))
        age = (today - when.date()).days
        status = rnd.choice(["completed"] * 8 + ["shipped", "cancelled"]) if age > 20 else \
            rnd.choice(["new", "to_pickup", "shipped", "completed", "pending"])
        store_id, channel = stores[rnd.randrange(len(stores))]
        row = dict(id=oid, org_id=org_id, number=f"SO{oid:09d}", store_id=store_id,
                   customer_id=c["id"], order_date=when, created_at=when, total=total,
                   status=status, payment_method="prepaid", paid_with="external",
                   received=total, order_type="platform",
                   # taken at order time (pending ones take it when approved): the
                   # order's money account, which caps its refunds, counts it
                   payment_taken=status != "pending")
        if c["credit_allowed"] and status not in ("cancelled", "pending"):
            received = (total * D(rnd.choice(["0", "0.3", "0.5", "1"]))).quantize(CENT)
            credit = total - received
            row.update(order_type="manual", received=received, paid_with="cash",
                       credit_amount=credit, unsettled=credit, on_ledger=True,
                       credit_due_date=when.date() + timedelta(days=30))
            events[c["id"]].append((when, 0, "order", row))
            if credit > 0:
                open_orders[c["id"]].append(row)
            if c["id"] != customers[0]["id"] and rnd.random() < 0.3:
                _payment(row, c, open_orders[c["id"]], rnd, when, ids, org_id, user_id,
                         events, out)
        elif status not in ("cancelled", "pending") and rnd.random() < 0.8:
            shipped_plain.append(row)
        if status == "pending":
            row.update(order_type="messenger")
        out["sales_order"].append(row)

    _aftersales(shipped_plain, n_aftersales, rnd, ids, org_id, user_id, warehouses, stock,
                events, out, today)
    _levels(org_id, stock, out)
    _ledger(customers, events, org_id, user_id, out)
    out["customer"].extend(customers)
    return org_id


def _payment(order, c, queue, rnd, when, ids, org_id, user_id, events, out):
    owed = sum((o["unsettled"] for o in queue), D(0))
    if owed <= 0:
        return
    amount = (owed * D(rnd.choice(["0.3", "0.6", "1", "1.05"]))).quantize(CENT)
    if amount <= 0:
        return
    rid = ids("payment_receipt")
    left, applied = amount, D(0)
    while queue and left > 0:
        o = queue[0]
        part = min(left, o["unsettled"])
        o["unsettled"] -= part
        o["settled"] = o.get("settled", D(0)) + part
        left -= part
        applied += part
        out["payment_allocation"].append(dict(org_id=org_id, receipt_id=rid,
                                              order_id=o["id"], amount=part))
        if o["unsettled"] == 0:
            queue.popleft()
    out["payment_receipt"].append(dict(
        id=rid, org_id=org_id, number=f"PR{rid:09d}", customer_id=c["id"], amount=amount,
        applied=applied, to_balance=left, scope="all", user_id=user_id, created_at=when))
    events[c["id"]].append((when, 1, "payment", dict(number=f"PR{rid:09d}", amount=amount,
                                                     applied=applied, to_balance=left)))


def _aftersales(candidates, n, rnd, ids, org_id, user_id, warehouses, stock, events, out,
                today):
    rnd.shuffle(candidates)
    lines_by_order = defaultdict(list)
    for line in out["order_line"]:
        lines_by_order[line["order_id"]].append(line)
    for order in candidates[:n]:
        kind = rnd.choice(KINDS)
        state = rnd.choice(ASO_STATES[kind])
        line = lines_by_order[order["id"]][0]
        aid = ids("aftersales_order")
        created = order["order_date"] + timedelta(days=rnd.randint(3, 15))
        amount = line["amount"]
        exchange_amount = (amount * D("0.5")).quantize(CENT) if kind == "exchange" else D(0)
        received = state in ("received_return", "refund_processing", "completed") and \
            kind != "refund_only"
        wid = warehouses[0]
        aso = dict(id=aid, org_id=org_id, number=f"AS{aid:09d}", kind=kind, status=state,
                   order_id=order["id"], customer_id=order["customer_id"],
                   warehouse_id=None if kind == "refund_only" else wid,
                   return_tracking_no=f"RT{aid:010d}", returned_amount=amount,
                   exchange_amount=exchange_amount, created_at=created,
                   received_at=created if received else None)
        out["aftersales_line"].append(dict(
            org_id=org_id, aftersales_id=aid, kind="return", order_line_id=line["id"],
            sku_id=line["sku_id"], quantity=line["quantity"], unit_price=line["unit_price"],
            amount=amount, qualified_qty=line["quantity"] if received else 0))
        if kind == "exchange":
            out["aftersales_line"].append(dict(
                org_id=org_id, aftersales_id=aid, kind="exchange", sku_id=line["sku_id"],
                quantity=1, unit_price=exchange_amount, amount=exchange_amount))
        if received:
            stock[(line["sku_id"], wid, "qualified")] += line["quantity"]
            out["stock_movement"].append(dict(
                org_id=org_id, sku_id=line["sku_id"], warehouse_id=wid, quality="qualified",
                quantity=line["quantity"], reason=f"Return stock-in AS{aid:09d}",
                source_type="aftersales", source_ref=f"AS{aid:09d}", user_id=user_id,
                created_at=created))
        refund = amount - exchange_amount
        if state in ("refund_processing", "completed") and refund > 0:
            confirmed = state == "completed"
            method = rnd.choice(["bank_transfer", "bank_transfer", "balance"]) \
                if confirmed else "bank_transfer"
            rid = ids("refund_order")
            out["refund_order"].append(dict(
                id=rid, org_id=org_id, number=f"RF{rid:09d}", aftersales_id=aid,
                amount=refund, method=method,
                from_status="confirm_refund" if kind == "refund_only" else "received_return",
                status="confirmed" if confirmed else "pending", bank_name="Bank",
                account_name="Buyer", account_no="000", created_by=user_id,
                created_at=created, decided_at=created if confirmed else None))
            if confirmed:
                aso.update(refunded=refund, completed_at=created)
                order["refunded_total"] = refund
                order["money_refunded"] = refund
                if method == "bank_transfer":
                    order["bank_refunded"] = refund
                events[order["customer_id"]].append(
                    (created, 2, "refund", dict(number=aso["number"], amount=refund,
                                                method=method, order_id=order["id"])))
        elif state == "completed":
            aso.update(completed_at=created)
        out["aftersales_order"].append(aso)


def _levels(org_id, stock, out):
    levels = defaultdict(lambda: [0, 0])
    for (sid, wid, quality), qty in stock.items():
        levels[(sid, wid)][0 if quality == "qualified" else 1] += qty
    for (sid, wid), (q, u) in levels.items():
        out["stock_level"].append(dict(org_id=org_id, sku_id=sid, warehouse_id=wid,
                                       qualified=q, unqualified=u))


def _ledger(customers, events, org_id, user_id, out):
    """Each customer's events in date order, with running totals (SPEC S4)."""
    for c in customers:
        credit = balance = D(0)
        for seq, (when, _, kind, e) in enumerate(sorted(events.get(c["id"], ()),
                                                        key=lambda x: (x[0], x[1])), 1):
            entry = dict(org_id=org_id, customer_id=c["id"], seq=seq, entry_date=when.date(),
                         user_id=user_id, created_at=when)
            if kind == "order":
                change = e["credit_amount"]
                entry.update(doc_type="order", doc_no=e["number"], order_id=e["id"],
                             receivable=e["total"], received=e["total"] - change,
                             credit_change=change)
                credit += change
            elif kind == "payment":
                entry.update(doc_type="payment", doc_no=e["number"], received=e["amount"],
                             credit_change=-e["applied"], balance_change=e["to_balance"])
                credit -= e["applied"]
                balance += e["to_balance"]
                if e["to_balance"] > 0:
                    out["credit_lot"].append(dict(
                        org_id=org_id, customer_id=c["id"], amount=e["to_balance"],
                        remaining=e["to_balance"], source=f"overpayment {e['number']}",
                        created_at=when))
            else:  # a refund of an order paid in full: no credit to offset
                to_balance = e["amount"] if e["method"] == "balance" else D(0)
                entry.update(doc_type="aftersales", doc_no=e["number"], order_id=e["order_id"],
                             receivable=-e["amount"], received=-e["amount"],
                             balance_change=to_balance)
                balance += to_balance
                if to_balance:
                    out["credit_lot"].append(dict(
                        org_id=org_id, customer_id=c["id"], amount=to_balance,
                        remaining=to_balance, source=f"refund {e['number']}",
                        created_at=when))
            entry.update(total_credit=credit, total_balance=balance)
            out["ledger_entry"].append(entry)
        c["total_credit"], c["total_balance"] = credit, balance
