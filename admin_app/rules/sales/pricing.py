"""Prices of items added by hand (SPEC S2)."""
from decimal import Decimal

from ...models import TierPrice
from ...money import ZERO


def price_for(session, customer, sku) -> Decimal:
    """The customer's level price for the SKU, else its wholesale price, else 0."""
    return priced(session, customer, sku)[0]


def priced(session, customer, sku) -> tuple[Decimal, str]:
    """The price an item added by hand gets, and where it comes from: "level",
    "wholesale", or "none" (0: the user types one)."""
    if customer is not None and customer.level_id is not None:
        tier = session.query(TierPrice.price).filter(
            TierPrice.level_id == customer.level_id, TierPrice.sku_id == sku.id
        ).scalar()
        if tier is not None:
            return tier, "level"
    if sku.wholesale_price is not None:
        return sku.wholesale_price, "wholesale"
    return ZERO, "none"
