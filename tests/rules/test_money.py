from decimal import Decimal

import pytest
from sqlalchemy import func, insert, select

from admin_app.models import OrderLine
from admin_app.money import from_cents, quantize, to_cents

from .. import builders


def test_amounts_round_half_up_once_to_two_places():
    assert quantize("1.005") == Decimal("1.01")
    assert quantize("2.675") == Decimal("2.68")
    assert quantize("-1.005") == Decimal("-1.01")
    assert quantize(3) == Decimal("3.00")


def test_floats_are_refused_near_money():
    with pytest.raises(TypeError):
        quantize(0.1)


def test_cents_round_trip():
    assert to_cents(Decimal("12.34")) == 1234
    assert from_cents(1234) == Decimal("12.34")
    assert str(from_cents(5)) == "0.05"


def test_summing_100000_dimes_in_sql_is_exact(session):
    """On SQLite a REAL column would drift; integer cents add up exactly on both."""
    org = builders.make_org(session)
    main = builders.make_user(session, org, "o@x.test", main=True)
    sku = builders.make_sku(session, org, "DIME")
    store, customer = _store_and_customer(session, org)
    from admin_app.rules.sales.orders import LineInput, create_order
    order = create_order(session, main, store=store, customer=customer,
                         lines=[LineInput(sku, 1)])
    session.execute(insert(OrderLine), [
        {"org_id": org.id, "order_id": order.id, "sku_id": sku.id, "quantity": 1,
         "unit_price": Decimal("0.10"), "amount": Decimal("0.10")}
        for _ in range(100_000)
    ])
    total = session.execute(
        select(func.sum(OrderLine.amount)).where(OrderLine.unit_price == Decimal("0.10"))
    ).scalar_one()
    assert isinstance(total, Decimal)
    assert total == Decimal("10000.00")


def _store_and_customer(session, org):
    from admin_app.models import Customer, Store
    store = Store(org_id=org.id, name="S", channel="Offline")
    customer = Customer(org_id=org.id, code="C1", name="Buyer")
    session.add_all([store, customer])
    session.flush()
    return store, customer
