"""verify-ledger proves the books: each kind of broken book is reported, by the rule and
by the command's exit code."""
from decimal import Decimal as D

import pytest
from sqlalchemy import update

from admin_app.models import (AfterSalesOrder, LedgerEntry, Order, OrderLine, StockLevel)
from admin_app.rules.credit import verification

from ... import builders


@pytest.fixture
def books(session):
    w = builders.make_world(session, "Alpha Trading", marker="Alpha")
    session.commit()
    assert verification.verify(session) [1] == []
    return w


def problems_after(session, statement):
    session.execute(statement)
    session.flush()
    session.expire_all()
    return verification.verify(session)[1]


def test_an_order_that_gave_back_more_than_came_in_is_reported(session, books):
    found = problems_after(session, update(Order).where(Order.id == books.order.id)
                           .values(back_balance=D("999.00")))
    assert any("money account" in p and books.order.number in p for p in found), found


def test_an_order_whose_lines_differ_from_its_total_is_reported(session, books):
    found = problems_after(session, update(OrderLine).where(
        OrderLine.id == books.line.id).values(amount=D("1.00")))
    assert any("lines add up to 1.00" in p for p in found), found


def test_an_order_whose_ledger_entry_differs_from_its_total_is_reported(session, books):
    entry = session.query(LedgerEntry).filter_by(order_id=books.credit_order.id,
                                                 doc_type="order").one()
    found = problems_after(session, update(LedgerEntry).where(LedgerEntry.id == entry.id)
                           .values(receivable=D("1.00")))
    assert any(books.credit_order.number in p and "order entry" in p for p in found), found


def test_credit_that_no_posting_explains_is_reported(session, books):
    found = problems_after(session, update(Order).where(
        Order.id == books.credit_order.id).values(unsettled=Order.unsettled - 1,
                                                  settled=Order.settled + 1))
    assert any("payments allocated" in p for p in found), found


def test_an_after_sales_refund_beyond_its_lines_is_reported(session, books):
    found = problems_after(session, update(AfterSalesOrder).where(
        AfterSalesOrder.id == books.aso.id).values(refunded=D("500.00")))
    assert any("confirmed refund orders add up to" in p for p in found), found
    assert any("more than was returned" in p for p in found), found


def test_stock_that_its_movements_do_not_explain_is_reported(session, books):
    found = problems_after(session, update(StockLevel).where(
        StockLevel.id == books.stock_level.id).values(qualified=StockLevel.qualified + 3))
    assert any(f"stock level {books.stock_level.id}" in p for p in found), found


def test_the_command_exits_non_zero_on_a_broken_book_and_zero_on_a_sound_one(
        app, session, books):
    runner = app.test_cli_runner()
    sound = runner.invoke(args=["verify-ledger"])
    assert sound.exit_code == 0 and "0 mismatch(es)" in sound.output
    session.execute(update(Order).where(Order.id == books.order.id)
                    .values(back_cancel=D("75.00")))
    session.commit()
    broken = runner.invoke(args=["verify-ledger"])
    assert broken.exit_code == 1 and "money account" in broken.output
