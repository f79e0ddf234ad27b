"""The returns import makes no query per row: confirming a file of 1,000 returns sends
about as many statements as one of 100 (reads and locks in IN-lists of 500, inserts in
batches), not one or two per row. SQLite's driver cannot give back new rows' keys in
the order they were sent, so there SQLAlchemy inserts rows whose keys it needs one by
one (in one process, no round trip); PostgreSQL gets them in batches."""
from decimal import Decimal

import pytest
from sqlalchemy import event

from admin_app.models import Order, OrderLine
from admin_app.rules.aftersales import importing
from admin_app.rules.aftersales.returns_file import Row
from tests import builders
from tests.conftest import IS_PG


def _shipped_orders(session, w, count: int, tag: str) -> list[Order]:
    orders = [Order(org_id=w.org.id, number=f"{tag}{n:05d}", store_id=w.store.id,
                    customer_id=w.customer.id, order_type="platform", status="shipped",
                    total=Decimal("50.00"), received=Decimal("50.00"), payment_taken=True,
                    lines=[OrderLine(org_id=w.org.id, sku_id=w.sku.id, quantity=2,
                                     unit_price=Decimal("25.00"), amount=Decimal("50.00"))])
              for n in range(count)]
    session.add_all(orders)
    session.flush()
    return orders


def _statements_to_import(session, w, count: int, tag: str) -> int:
    orders = _shipped_orders(session, w, count, tag)
    rows = [Row(n + 2, o.number, w.sku.code, "1", w.warehouse.name, f"{tag}-T{n}")
            for n, o in enumerate(orders)]
    plan = importing.check(session, w.org.id, rows)
    assert not plan.errors and len(plan.groups) == count
    sent = []
    engine = session.get_bind()

    def count_it(conn, cursor, statement, *args):
        sent.append(statement.lstrip().split(" ", 1)[0].upper())
    event.listen(engine, "before_cursor_execute", count_it)
    try:
        batch = importing.apply(session, w.main, plan, f"{tag:0>64}", f"{tag}.csv")
    finally:
        event.remove(engine, "before_cursor_execute", count_it)
    assert batch.created == count
    return sent


@pytest.mark.parametrize("small, large", [(100, 1000)])
def test_confirming_an_import_sends_about_as_many_statements_for_1000_rows_as_for_100(
        session, small, large):
    w = builders.make_world(session, "Alpha Trading", marker="Alpha")
    few = _statements_to_import(session, w, small, "a")
    many = _statements_to_import(session, w, large, "b")
    if not IS_PG:  # keyed inserts go one by one there (see above): count the rest
        assert many.count("INSERT") - few.count("INSERT") == 3 * (large - small)
        few, many = [s for s in few if s != "INSERT"], [s for s in many if s != "INSERT"]
    # 10x the rows: a few more IN-list parts and insert batches, nothing per row
    assert len(many) - len(few) <= 25, (len(few), len(many))
    assert len(few) <= 60, len(few)
