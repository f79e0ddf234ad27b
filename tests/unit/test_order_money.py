"""The per-order money account as plain arithmetic: what each way back may still give."""
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from admin_app.rules.credit import order_money
from admin_app.rules.credit.order_money import WAYS


def order(money="0", store_credit="0", points="0", goods="0", back=None):
    """An order whose payment was taken, paid by each source; `back`: what went back,
    by way."""
    back = back or {}
    columns = {col: D(back.get(way, "0")) for way, (col, _, _) in WAYS.items()}
    return SimpleNamespace(number="SO1", payment_method="prepaid", payment_taken=True,
                           shipped_at=None, total=D(money) + D(store_credit) + D(points),
                           received=D(money), settled=D(0), balance_used=D(store_credit),
                           points_value=D(points), goods_received=D(goods),
                           compensation=D(0), **columns)


def test_bank_gives_back_only_money():
    assert order_money.available(order(money="60", store_credit="40"), "bank") == D("60")


def test_the_balance_takes_any_source_but_goods():
    o = order(money="60", store_credit="40", goods="30")
    assert order_money.available(o, "balance") == D("100")
    assert order_money.available(o, "exchange") == D("130")
    assert order_money.available(o, "goods") == D("30")


def test_what_went_back_one_way_is_gone_for_every_other():
    o = order(money="60", store_credit="40", back={"balance": "70"})
    assert order_money.available(o, "bank") == D("30")   # 100 in, 70 back to balance
    assert order_money.available(o, "credit") == D("30")  # the store credit part is used


def test_cancellation_keeps_the_store_credit_for_its_revert():
    o = order(money="60", store_credit="40", back={"balance": "50"})
    assert order_money.cancellation_money(o) == D("10")   # not 50: 40 is kept for revert


def test_a_refund_after_cancellation_finds_nothing():
    o = order(money="100", back={"cancel": "100"})
    assert [order_money.available(o, w) for w in ("bank", "balance")] == [D(0), D(0)]


def test_give_back_refuses_and_names_what_is_left():
    o = order(money="100", back={"bank": "30"})
    with pytest.raises(Exception, match="at most 70.00"):
        order_money.give_back(o, "bank", D("70.01"))
    assert order_money.give_back(o, "bank", D("70")) == D("70.00")
    assert o.back_bank == D("100")


def test_the_account_reports_a_group_that_gave_back_too_much():
    o = order(money="100", back={"bank": "80", "cancel": "30"})
    assert order_money.of(o).problems()
    assert order_money.of(order(money="100", back={"bank": "80", "cancel": "20"})).problems() == []


def test_nothing_came_in_before_the_payment_was_taken_or_a_cod_parcel_shipped():
    o = order(money="100")
    o.payment_taken = False
    assert order_money.available(o, "bank") == 0
    o.payment_taken, o.payment_method = True, "cod"
    assert order_money.available(o, "bank") == 0
    o.shipped_at = "2026-11-01"
    assert order_money.available(o, "bank") == D("100")
