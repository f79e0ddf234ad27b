"""The demo's amounts in each organization's currency: the catalog's figures are
ringgit; a shop in dong or baht multiplies them by SCALE and rounds to its currency's
units (whole dong), as its staff would type them."""
from decimal import Decimal

from ..rules.core import currency

SCALE = {"VND": 5000, "THB": 8}


def local(org, amount) -> Decimal:
    """A ringgit figure of the demo as this organization's amount."""
    return currency.quantize(Decimal(amount) * SCALE.get(org.currency, 1), org.currency)


def rounded(org, amount) -> Decimal:
    """A computed amount (a share, a discount) in the currency's units."""
    return currency.quantize(Decimal(amount), org.currency)
