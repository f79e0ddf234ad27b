import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func

from admin_app.models import StockLevel, StockMovement, Warehouse
from admin_app.rules.core.errors import StockError
from admin_app.rules.stock.movements import move_stock

from ... import builders
from tests.refusals import refused


@pytest.fixture
def depot(session):
    org = builders.make_org(session)
    main = builders.make_user(session, org, "o@x.test", main=True)
    wh = Warehouse(org_id=org.id, name="Main", kind="own")
    session.add(wh)
    session.flush()
    return org, main, wh


def level(session, sku, wh):
    row = session.query(StockLevel).filter_by(sku_id=sku.id, warehouse_id=wh.id).first()
    return (row.qualified, row.unqualified) if row else (0, 0)


def test_stock_in_and_out_of_both_qualities(session, depot):
    org, main, wh = depot
    sku = builders.make_sku(session, org, "A")
    move_stock(session, main, sku, wh, "qualified", 10, "count")
    move_stock(session, main, sku, wh, "unqualified", 3, "damaged")
    move_stock(session, main, sku, wh, "qualified", -4, "sold")
    assert level(session, sku, wh) == (6, 3)


def test_stock_never_goes_negative(session, depot):
    org, main, wh = depot
    sku = builders.make_sku(session, org, "A")
    move_stock(session, main, sku, wh, "qualified", 2, "count")
    with pytest.raises(StockError, match="2 on hand, 3 to take out"):
        move_stock(session, main, sku, wh, "qualified", -3, "sold")
    with pytest.raises(StockError, match="unqualified"):
        move_stock(session, main, sku, wh, "unqualified", -1, "scrap")
    assert level(session, sku, wh) == (2, 0)
    assert session.query(StockMovement).count() == 1


@pytest.mark.parametrize("quality, qty, reason, message", [
    ("broken", 1, "x", "Quality"), ("qualified", 0, "x", "Quantity"),
    ("qualified", 10**7, "x", "Quantity"), ("qualified", 1, "  ", "Reason"),
    ("qualified", 1, "r" * 201, "Reason"),
])
def test_malformed_movements_are_refused(session, depot, quality, qty, reason, message):
    org, main, wh = depot
    sku = builders.make_sku(session, org, "A")
    with pytest.raises(StockError, match=message):
        move_stock(session, main, sku, wh, quality, qty, reason)
    assert session.query(StockMovement).count() == 0


def test_a_combo_moves_its_sub_skus(session, depot):
    org, main, wh = depot
    a = builders.make_sku(session, org, "A")
    b = builders.make_sku(session, org, "B")
    combo = builders.make_sku(session, org, "SET", combo_of=[(a, 1), (b, 2)])
    move_stock(session, main, combo, wh, "qualified", 5, "count")
    assert level(session, a, wh) == (5, 0)
    assert level(session, b, wh) == (10, 0)
    assert level(session, combo, wh) == (0, 0)
    with pytest.raises(StockError, match="of A in Main: 5 on hand, 6 to take out"):
        move_stock(session, main, combo, wh, "qualified", -6, "sold")
    assert level(session, a, wh) == (5, 0)


def test_a_combo_without_sub_skus_cannot_move(session, depot):
    org, main, wh = depot
    combo = builders.make_sku(session, org, "EMPTY")
    combo.is_combo = True
    with refused("stock.combo_sub_skus_add"):
        move_stock(session, main, combo, wh, "qualified", 1, "count")


def test_another_organizations_warehouse_is_refused(session, depot):
    org, main, wh = depot
    other = builders.make_org(session, "Other")
    theirs = Warehouse(org_id=other.id, name="Theirs")
    session.add(theirs)
    sku = builders.make_sku(session, org, "A")
    with pytest.raises(StockError, match="your organization"):
        move_stock(session, main, sku, theirs, "qualified", 1, "count")


_serial = itertools.count()
moves = st.lists(st.tuples(st.sampled_from(["A", "B"]),
                           st.sampled_from(["qualified", "unqualified"]),
                           st.integers(-20, 20).filter(bool)), max_size=25)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=moves)
def test_levels_always_equal_the_sum_of_movements_and_never_go_negative(session, depot,
                                                                         steps):
    org, main, wh = depot
    session.query(StockMovement).delete()
    session.query(StockLevel).delete()
    skus = {}
    for code in "AB":
        skus[code] = builders.make_sku(session, org, f"{code}{next(_serial)}")
    for code, quality, qty in steps:
        try:
            move_stock(session, main, skus[code], wh, quality, qty, "random")
        except StockError:
            pass
    for row in session.query(StockLevel):
        assert row.qualified >= 0 and row.unqualified >= 0
        for quality in ("qualified", "unqualified"):
            total = session.query(func.coalesce(func.sum(StockMovement.quantity), 0)).filter_by(
                sku_id=row.sku_id, warehouse_id=row.warehouse_id, quality=quality).scalar()
            assert total == getattr(row, quality)
