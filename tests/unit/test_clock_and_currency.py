"""The organization's calendar and its currency's minor units, without a database."""
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, strategies as st

from admin_app.models import Organization
from admin_app.rules.core import clock, currency
from tests.refusals import refused

MANILA = Organization(name="M", currency="PHP", timezone="Asia/Manila")


def test_an_event_at_23_30_utc_is_the_next_day_in_manila():
    assert clock.business_date(MANILA, datetime(2026, 12, 6, 23, 30)) == date(2026, 12, 7)
    assert clock.business_date(MANILA, datetime(2026, 12, 6, 15, 59)) == date(2026, 12, 6)


def test_a_manila_day_starts_at_16_00_utc_the_day_before():
    assert clock.day_start_utc("Asia/Manila", date(2026, 12, 7)) == datetime(2026, 12, 6, 16)
    assert clock.day_start_utc("Asia/Kuala_Lumpur", date(2026, 12, 7)) == \
        datetime(2026, 12, 6, 16)
    assert clock.day_start_utc("Asia/Bangkok", date(2026, 12, 7)) == datetime(2026, 12, 6, 17)


def test_instants_are_shown_on_the_organizations_clock():
    shown = clock.local_time(MANILA, datetime(2026, 12, 6, 23, 30))
    assert (shown.day, shown.hour, shown.minute) == (7, 7, 30)


def test_time_zone_names_are_checked():
    assert clock.is_zone("Asia/Ho_Chi_Minh") and not clock.is_zone("Asia/Atlantis")


@pytest.mark.parametrize("code, places", [("VND", 0), ("IDR", 0), ("PHP", 2), ("MYR", 2),
                                          ("THB", 2), ("SGD", 2)])
def test_minor_units_come_from_the_currency(code, places):
    assert currency.minor_units(code) == places
    assert currency.supported(code)


def test_a_currency_with_three_decimals_is_not_one_the_books_keep():
    assert not currency.supported("KWD") and not currency.supported("XYZ")


def test_vnd_takes_whole_amounts_and_refuses_a_half_dong():
    assert currency.entered(Decimal("150000"), "VND") == Decimal("150000")
    assert currency.entered(Decimal("150000.00"), "VND") == Decimal("150000")
    with refused("money.whole_units", currency="VND", places=0):
        currency.entered(Decimal("150000.5"), "VND")


def test_php_refuses_a_third_decimal_and_rounds_half_up():
    with refused("money.too_many_decimals", places=2):
        currency.entered(Decimal("12.345"), "PHP")
    assert currency.quantize(Decimal("0.125"), "PHP") == Decimal("0.13")
    assert currency.quantize(Decimal("2.5"), "VND") == Decimal("3")


@given(st.sampled_from(["VND", "IDR", "PHP", "THB"]),
       st.integers(min_value=-10**12, max_value=10**12))
def test_an_amount_in_the_currencys_units_is_kept_exactly(code, minor):
    amount = Decimal(minor).scaleb(-currency.minor_units(code))
    assert currency.entered(amount, code) == amount


@given(st.decimals(min_value=Decimal("-1e14"), max_value=Decimal("1e14"), places=4,
                   allow_nan=False, allow_infinity=False),
       st.sampled_from(sorted(currency.PLAIN_NUMBERS)), st.sampled_from([0, 2, 4]))
def test_amounts_are_written_as_babel_writes_them_in_every_language(value, language, places):
    """The list pages' fast writing of amounts is Babel's "#,##0.##" to the letter."""
    from babel.numbers import parse_pattern
    value = value.quantize(Decimal(1).scaleb(-places))
    locale = currency.babel_locale(language)
    pattern = parse_pattern("#,##0.##")
    pattern.frac_prec = (places, places)
    assert currency._plain_number(value, places, language) == \
        pattern.apply(value, locale, currency=None, currency_digits=False)


@pytest.mark.parametrize("zero", [Decimal("-0.00"), Decimal("-0"), Decimal("0.00") * -1, -0.0, 0,
                                  None, Decimal("0E-6")])
def test_a_zero_is_written_without_a_sign(zero):
    assert currency.text(zero, "PHP") == "0.00"
    assert currency.text(zero, "VND", language="vi") == "0"
    assert "-" not in currency.text(zero, "THB", symbol=True, language="th")
