"""The after-sales row buttons and bulk actions (kinds.EVENTS with button "post"): one
rule per event, so views call `apply` instead of knowing which function moves what."""
from . import exchange, orders, refund_orders, services


def _confirm(session, user, aso):
    orders.confirm(session, user, aso, with_stock_in=False)


def _confirm_stock_in(session, user, aso):
    orders.confirm(session, user, aso, with_stock_in=True)


RULES = {
    "confirm": _confirm,
    "confirm_stock_in": _confirm_stock_in,
    "generate_exchange": exchange.generate,
    "complete": exchange.complete_without_refund,
    "cancel": orders.cancel,
    "ship_replacement": services.ship_replacement,
    "nothing_to_refund": refund_orders.complete_nothing_to_refund,
}


def apply(session, user, aso, event: str):
    return RULES[event](session, user, aso)
