"""Prices of items added by hand (SPEC S2)."""
from decimal import Decimal

from ...models import TierPrice
from ...money import ZERO


def price_for(session, customer, sku) -> Decimal:
    """The customer's level price for the SKU, else its wholesale price, else 0."""
    if customer is not None and customer.level_id is not None:
        tier = session.query(TierPrice.price).filter(
            TierPrice.level_id == customer.level_id, TierPrice.sku_id == sku.id
        ).scalar()
        if tier is not None:
            return tier
    return sku.wholesale_price if sku.wholesale_price is not None else ZERO
