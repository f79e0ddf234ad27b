"""An amount with more decimals than the organization's currency has is refused by the
rules themselves, not only by the forms and the API (SPEC S9, S10): a VND or IDR shop's
books stay in whole units whoever calls them."""
from decimal import Decimal as D

import pytest

from admin_app.rules.credit import points, terms
from admin_app.rules.credit.terms import Payment
from admin_app.rules.sales.orders import LineInput, create_order
from tests.refusals import refused

from ..accounts_helpers import make_shop


@pytest.fixture
def dong(session):
    shop = make_shop(session, name="Sai Gon Books", point_value="1.5")
    shop.org.currency = "VND"
    session.flush()
    return shop


def _order(shop, price="33333", received="0", balance="0"):
    return create_order(shop.session, shop.main, store=shop.store, customer=shop.customer,
                        lines=[LineInput(shop.sku, 3, D(price))],
                        payment=Payment(received=D(received), paid_with="cash",
                                        balance=D(balance)))


def test_a_unit_price_or_an_amount_received_in_fractions_of_a_dong_is_refused(session, dong):
    with refused("money.whole_units", amount=D("33333.33"), currency="VND"):
        _order(dong, price="33333.33")
    with refused("money.whole_units", amount=D("33333.5"), currency="VND"):
        _order(dong, received="33333.5")
    made = _order(dong, received="33333")
    assert (made.total, made.received, made.unsettled) == (D("99999"), D("33333"), D("66666"))


def test_an_opening_credit_in_fractions_of_a_dong_is_refused(session, dong):
    with refused("money.whole_units", amount=D("1000.50"), currency="VND"):
        terms.save_settings(session, dong.main, dong.customer, credit_allowed=True,
                            order_types=["manual"], account_period_days=7, credit_limit=None,
                            opening_credit=D("1000.50"), opening_balance=None)
    assert dong.customer.total_credit == D("0")


def test_points_are_worth_whole_dong(dong):
    assert points.value_of(dong.org, 3) == D("5")  # 3 x 1.5 = 4.5, rounded half up
    dong.org.currency = "PHP"
    assert points.value_of(dong.org, 3) == D("4.50")


def test_the_refusal_names_the_field_in_the_readers_language(app, dong):
    from admin_app.rules.core.errors import RuleError
    from admin_app.rules.core.messages import speaking
    with pytest.raises(RuleError) as refused_price:
        _order(dong, price="33333.33")
    with app.test_request_context(), speaking("vi"):
        assert refused_price.value.message.startswith("Đơn giá:")


def _rate(shop, rate):
    points.save_settings(shop.session, shop.main, shop.org, {
        "points_earn_rate": D(rate), "point_value": D("100"), "points_expiry_month": 12,
        "points_expiry_day": 31})


def test_a_dong_shop_earns_a_point_per_thousand_dong(session, dong):
    """A rate finer than an amount's 2 places (S4, S10): 0.001 is a point per 1,000
    dong. An order of 3 x 83,333 = 249,999 dong earns 249 points (whole points, the
    rest not earned)."""
    from admin_app.rules.sales.status import change_status
    _rate(dong, "0.001")
    assert dong.org.points_earn_rate == D("0.001")
    made = _order(dong, price="83333", received="249999")
    for event in ("to_pickup", "ship", "complete"):
        change_status(session, dong.main, made, event)
    assert (made.points_earned, dong.customer.points) == (249, 249)
    with refused("points.earn_rate_range", max=D("1000"), places=6):
        _rate(dong, "0.0000001")
    with refused("points.earn_rate_range"):
        _rate(dong, "1000.5")
    with refused("points.earn_rate_range"):
        _rate(dong, "-1")
    session.expire(dong.org)
    assert dong.org.points_earn_rate == D("0.001")  # as saved: refusals changed nothing


def test_after_sales_amounts_in_fractions_of_a_dong_are_refused(session):
    """A hand-edited return amount or exchange price finer than the currency was kept
    by the rules (100,000.50 dong); the create page refused it, the rules did not."""
    from admin_app.rules.aftersales import orders as aftersales
    from admin_app.rules.sales.status import change_status
    from ..accounts_helpers import make_returns_shop
    shop = make_returns_shop(session, name="Hue Shop")
    shop.org.currency = "VND"
    made = _order(shop, price="150000", received="450000")
    for event in ("to_pickup", "ship"):
        change_status(session, shop.main, made, event)
    line = made.lines[0]

    def create(kind="return_refund", amount=None, exchanges=()):
        return aftersales.create(
            session, shop.main, made, kind,
            [aftersales.ReturnInput(1, order_line=line, amount=amount, reason=shop.reason)],
            list(exchanges), warehouse=shop.wh)
    with refused("money.whole_units", label="Amount", amount=D("100000.5")):
        create(amount=D("100000.5"))
    with refused("money.whole_units", label="Unit price", amount=D("99999.5")):
        create("exchange", exchanges=[aftersales.ExchangeInput(shop.sku, 1, D("99999.5"))])
    made_aso = create(amount=D("100000"))
    assert made_aso.returned_amount == D("100000")
