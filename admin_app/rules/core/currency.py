"""Each currency's minor units, from ISO 4217 as CLDR records them (through Babel):
VND 0, IDR 0, PHP 2, MYR 2, THB 2, SGD 2. An amount is rounded to its currency's places
and an entry with more decimals than the currency has is refused, never rounded
silently. The Money column keeps hundredths for every currency (rules/core has no
currency of three places: an organization cannot choose one), so a VND amount of
150000 is stored and read back as exactly 150000."""
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale
from babel.numbers import get_currency_precision, is_currency, parse_pattern

from .errors import RuleError
from .languages import LANGUAGES

STORED_PLACES = 2  # what the Money column keeps (hundredths)
FINEST_SHOWN = 4  # a computed rate shows at most this many decimals


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


def _nobody() -> tuple[str, str]:
    return "en", ""


# (language, currency) of whoever reads now: the app installs its own per request
# (admin_app/i18n.py); the CLI and the tests read English without a currency.
reader = _nobody


def text(amount, code: str | None = None, symbol: bool = False,
         language: str | None = None) -> str:
    """An amount as the reader's language writes it, with the currency's minor units
    (PHP 1,234.50; VND 1.234.567 in Vietnamese): `symbol` adds the currency's sign where
    the language puts it (₱1,234.50, 1.234.567 ₫). An amount finer than its currency
    (a rate per dong) keeps its own decimals: never rounded away on screen."""
    reading, org_code = reader()
    code = code or org_code
    language = language or reading
    # a zero (-0.00 too) is written 0.00, as Decimal(amount or 0) always did
    value = amount if type(amount) is Decimal and amount else Decimal(amount or 0)
    places, step = _places(code)
    if value.is_finite() and value != value.quantize(step):
        places, value = _finer(value)
    if not (symbol and code) and language in PLAIN_NUMBERS:
        return _plain_number(value, places, language)
    locale = babel_locale(language)
    pattern = parse_pattern(locale.currency_formats["standard"] if symbol and code
                            else "#,##0.##")
    pattern.frac_prec = (places, places)
    return pattern.apply(value, locale, currency=code or None, currency_digits=False)


def _finer(value: Decimal) -> tuple[int, Decimal]:
    """An amount finer than its currency: its own decimals (at most FINEST_SHOWN)."""
    exponent = value.as_tuple().exponent
    places = min(-exponent, FINEST_SHOWN) if isinstance(exponent, int) else 0
    return places, value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# the app's languages, whose plain numbers Python's formatting writes as Babel does
# (tests/unit/test_clock_and_currency.py compares them): groups of three, Latin digits
PLAIN_NUMBERS = frozenset(LANGUAGES)
_SYMBOLS: dict[str, tuple[str, str, str]] = {}
_STEPS: dict[str, tuple[int, Decimal]] = {}


def _places(code: str) -> tuple[int, Decimal]:
    """The currency's decimals and its smallest unit (0.01), remembered."""
    found = _STEPS.get(code)
    if found is None:
        places = minor_units(code)
        found = _STEPS[code] = (places, Decimal(1).scaleb(-places))
    return found


def _plain_number(value: Decimal, places: int, language: str) -> str:
    """What Babel's "#,##0.##" pattern with `places` decimals writes (groups of three,
    the language's separators and minus sign), by Python's own formatting: a list page
    writes hundreds of amounts, and the pattern machinery costs more than the page's
    query."""
    found = _SYMBOLS.get(language)
    if found is None:
        locale = babel_locale(language)
        symbols = locale.number_symbols.get("latn", locale.number_symbols)
        found = _SYMBOLS[language] = (symbols["group"], symbols["decimal"],
                                      symbols["minusSign"])
    group, point, minus = found
    digits = f"{abs(value):,.{places}f}"
    if (group, point) != (",", "."):
        digits = digits.replace(",", "\0").replace(".", point).replace("\0", group)
    return minus + digits if value.is_signed() else digits


def example() -> Decimal:
    """An amount to show as an example of typing one: with the reader's currency's
    decimals (12.50), or a round sum where it has none (125000 dong)."""
    return Decimal("12.50") if minor_units(reader()[1]) else Decimal("125000")


_LOCALES: dict[str, Locale] = {}


def babel_locale(language: str) -> Locale:
    if language not in _LOCALES:
        _LOCALES[language] = Locale.parse(language)
    return _LOCALES[language]


def plain(typed: str, code: str | None = None, language: str | None = None) -> str:
    """An amount typed the way the reader's language writes it, as plain digits with a
    point: "1.234.567" or "1.234,50" in Vietnamese or Indonesian, "1,234.50" in English.
    Plain digits with a point are always read as they are, except "1.234" where the
    language groups thousands with points: in a currency with decimals that could be
    either, so it is refused saying so; in one without, a point can only group. Text
    that is none of these comes back as it was (the form's own check refuses it)."""
    reading, org_code = reader()
    code = code or org_code
    locale = babel_locale(language or reading)
    symbols = locale.number_symbols.get("latn", locale.number_symbols)
    point, group = symbols["decimal"], symbols["group"]
    text = (typed or "").strip().replace("\u00a0", "").replace("\u202f", "")
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    if _PLAIN.fullmatch(digits):
        whole, _, decimals = digits.partition(".")
        if group == "." and len(decimals) == 3:
            if minor_units(code) == 0:
                return sign + whole + decimals
            raise RuleError("money.ambiguous", {"typed": typed.strip(),
                            "whole": whole + decimals, "decimal": f"{whole}{point}{decimals}"})
        return text
    grouped = re.fullmatch(r"[0-9]{1,3}(%s[0-9]{3})+(%s[0-9]+)?|[0-9]+%s[0-9]+" % (
        re.escape(group), re.escape(point), re.escape(point)), digits)
    if grouped and group != point:
        return sign + digits.replace(group, "").replace(point, ".")
    return text


_PLAIN = re.compile(r"[0-9]+(\.[0-9]+)?")
