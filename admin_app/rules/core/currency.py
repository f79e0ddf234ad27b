"""Each currency's minor units, from ISO 4217 as CLDR records them (through Babel):
VND 0, IDR 0, PHP 2, MYR 2, THB 2, SGD 2. An amount is rounded to its currency's places
and an entry with more decimals than the currency has is refused, never rounded
silently. The Money column keeps hundredths for every currency (rules/core has no
currency of three places: an organization cannot choose one), so a VND amount of
150000 is stored and read back as exactly 150000."""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.numbers import get_currency_precision, is_currency

from .errors import RuleError

STORED_PLACES = 2  # what the Money column keeps (hundredths)


def minor_units(currency: str) -> int:
    return get_currency_precision(currency) if currency else STORED_PLACES


def supported(currency: str) -> bool:
    """A real ISO 4217 code whose amounts the books can keep exactly."""
    return bool(currency) and is_currency(currency) and \
        minor_units(currency) <= STORED_PLACES


def quantize(amount, currency: str) -> Decimal:
    """Round half-up to the currency's minor units."""
    if isinstance(amount, float):
        raise TypeError("money must not be a float; pass a Decimal or a string")
    try:
        return Decimal(amount).quantize(Decimal(1).scaleb(-minor_units(currency)),
                                        rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:
        raise ValueError(f"not an amount: {amount!r}") from exc


def entered(amount: Decimal | None, currency: str, label: str = "Amount",
            field: str | None = None) -> Decimal | None:
    """An amount a person typed, in the currency's units: more decimals than the
    currency has is refused with a message."""
    if amount is None:
        return None
    places = minor_units(currency)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places and \
            amount != amount.quantize(Decimal(1).scaleb(-places)):
        raise RuleError("money.too_many_decimals" if places else "money.whole_units",
                        {"label": label, "amount": amount, "currency": currency,
                         "places": places}, field=field)
    return quantize(amount, currency)


def entered_for(session, org_id: int, amount, label: str = "Amount",
                field: str | None = None) -> Decimal | None:
    """entered() in the organization's currency."""
    from ...models import Organization
    return entered(None if amount is None else Decimal(amount),
                   session.get(Organization, org_id).currency, label, field)
