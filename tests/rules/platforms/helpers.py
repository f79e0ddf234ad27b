"""A seller with a store on each platform, and its shipped platform orders."""
from datetime import datetime, timedelta
from decimal import Decimal as D

from admin_app.models import Store
from admin_app.rules.platforms.requests import PlatformRequest, receive
from admin_app.rules.sales.orders import LineInput, create_order
from admin_app.rules.sales.status import change_status
from admin_app.rules.stock import movements

from ..accounts_helpers import make_returns_shop


def make_platform_shop(session, **options):
    shop = make_returns_shop(session, **options)
    shop.stores = {}
    for channel in ("Shopee", "Lazada", "TikTok"):
        shop.stores[channel] = Store(org_id=shop.org.id, name=f"{channel} shop",
                                     channel=channel)
        session.add(shop.stores[channel])
    session.flush()
    movements.move_stock(session, shop.main, shop.sku, shop.wh, "qualified", 10, "opening")
    return shop


def shipped(session, shop, channel="Shopee", qty=2, price="50.00", method="prepaid"):
    order = create_order(session, shop.main, store=shop.stores[channel],
                         customer=shop.customer, order_type="platform",
                         payment_method=method, lines=[LineInput(shop.sku, qty, D(price))])
    for event in ("to_pickup", "ship"):
        change_status(session, shop.main, order, event)
    return order


def request(session, shop, order, request_id="RR-1", status="REQUESTED",
            kind="return_refund", refund="100.00", at=None, user=None, **extra):
    return receive(session, user or shop.main, PlatformRequest(
        store=order.store, request_id=request_id, order=order, type=kind,
        platform_status=status, refund_amount=D(refund), warehouse=shop.wh,
        requested_at=at, **extra))


def hours(n):
    return timedelta(hours=n)


def at(text):
    return datetime.fromisoformat(text)
