"""The demo's after-sales orders: every kind left in every state."""
from .data import AFTERSALES_DEMO, REASONS
from ..models import Order, ReturnReason
from ..rules.aftersales import exchange, orders as aftersales, refund_orders
from ..rules.aftersales.kinds import KINDS, kind_of
from ..rules.core.errors import RuleError


def after_sales(session, main, org, warehouse, skus, rnd):
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
            if not shipped:
                return  # a small demo (--orders) has fewer shipped orders to return
            o = shipped.pop()
            line = o.lines[0]
            exchanges = [aftersales.ExchangeInput(rnd.choice(cheap[:6]), 1)] \
                if KINDS[kind].exchange_lines else None
            aso = aftersales.create(
                session, main, o, kind, [aftersales.ReturnInput(
                    min(line.quantity, rnd.randint(1, 2)), order_line=line,
                    reason=rnd.choice(reasons))], exchanges,
                warehouse=warehouse, tracking_no=f"RT{rnd.randint(10**8, 10**9)}")
            _drive(session, main, aso, state, bank, rnd)
    cash = [o for o in shipped if o.customer is not None and not o.customer.credit_allowed]
    if cash:
        _exchange_paid_at_approval(session, main, cash[0], skus, warehouse)


def _exchange_paid_at_approval(session, main, order, skus, warehouse):
    """An exchange for dearer goods: its exchange order waits in Pending for the
    difference, paid (or put on credit) when it is approved."""
    dear = max((s for s in skus if not s.is_combo and s.active), key=lambda s: s.wholesale_price)
    line = order.lines[0]
    aso = aftersales.create(session, main, order, "exchange",
                            [aftersales.ReturnInput(1, order_line=line)],
                            [aftersales.ExchangeInput(dear, 1)], warehouse=warehouse,
                            note="Customer wants the bigger model and pays the difference")
    aftersales.confirm(session, main, aso, with_stock_in=True)
    exchange.generate(session, main, aso)


def _drive(session, main, aso, state, bank, rnd):
    if state == "to_confirm":
        return
    if state == "cancelled":
        aftersales.cancel(session, main, aso)
        return
    waiting = state in ("confirm_return", "confirm_refund", "confirm_exchange")
    aftersales.confirm(session, main, aso,
                       with_stock_in=not waiting and kind_of(aso).warehouse)
    if kind_of(aso).exchange_lines and state != "received_return":
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
    if state == "refund_rejected":  # the next refund order starts from these bank details
        refund = refund_orders.create(session, main, aso, amount, "bank_transfer", bank)
        refund_orders.reject(session, main, refund, "The account number does not match "
                                                    "the holder's name")
        return
    method = rnd.choice(["balance", "bank_transfer"])
    try:
        refund = refund_orders.create(session, main, aso, amount, method, bank)
    except RuleError:  # more than the money received: back to the balance instead
        refund = refund_orders.create(session, main, aso, amount, "balance")
    if refund.status == "pending":
        refund_orders.confirm(session, main, refund)


