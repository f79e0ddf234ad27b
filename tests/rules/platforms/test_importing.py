"""Import of platform requests (SPEC S12): rows of one store's request id are one
request; a bad row refuses the whole file; a request already here is updated; the same
file is imported once."""
from decimal import Decimal as D

import pytest

from admin_app.models import AfterSalesOrder, ImportBatch
from admin_app.rules.aftersales import importing as returns_importing
from admin_app.rules.platforms import importing

from .helpers import make_platform_shop, request, shipped
from tests.refusals import refused


@pytest.fixture
def shop(session):
    return make_platform_shop(session)


def csv_of(*rows) -> bytes:
    return ("\n".join([",".join(importing.COLUMNS), *rows]) + "\n").encode()


def run(session, shop, data, name="shopee.csv"):
    plan = importing.check(session, shop.org.id, importing.read(name, data))
    if plan.errors:
        return plan
    return importing.apply(session, shop.main, plan, returns_importing.digest(data), name)


def test_a_file_makes_new_requests_and_updates_known_ones(session, shop):
    one, two = shipped(session, shop, qty=2), shipped(session, shop, qty=1)
    known = request(session, shop, two, request_id="RR-2", refund="50.00").aso
    data = csv_of(
        f"Shopee shop,RR-1,{one.number},return_refund,REQUESTED,50.00,BOOK,1,Returns,"
        "Damaged,https://x.test/a.jpg,2026-12-01 14:30",
        f"Shopee shop,RR-1,{one.number},return_refund,REQUESTED,50.00,BOOK,1,Returns,,,",
        f"Shopee shop,RR-2,{two.number},return_refund,ACCEPTED,50.00,,,Returns,,,")
    batch = run(session, shop, data)
    assert (batch.rows, batch.created) == (3, 1)
    made = session.query(AfterSalesOrder).filter_by(platform_request_id="RR-1").one()
    assert [line.quantity for line in made.lines] == [1, 1]
    assert made.returned_amount == D("100.00") and made.deadline_step == "respond"
    assert known.status == "confirm_return"
    with refused("import.file_already_imported_returns"):
        run(session, shop, data)


def test_one_bad_row_refuses_the_file_naming_it(session, shop):
    one = shipped(session, shop)
    plan = run(session, shop, csv_of(
        f"Shopee shop,RR-1,{one.number},return_refund,REQUESTED,50.00,BOOK,1,Returns,,,",
        f"Shopee shop,RR-2,{one.number},return_refund,NOT_A_STATUS,5,BOOK,1,Returns,,,",
        f"Counter,RR-3,{one.number},refund_only,REQUESTED,1,,,,,,"))
    assert [n for n, _ in plan.errors] == [3, 4]
    assert "NOT_A_STATUS" in plan.errors[0][1] and "is not on Shopee" in plan.errors[1][1]
    plan = run(session, shop, csv_of(
        f"Shopee shop,RR-1,{one.number},return_refund,REQUESTED,5.5.5,BOOK,1,Returns,,,"
        "yesterday"))
    assert plan.errors == [(2, "refund amount '5.5.5': an amount like 150.50; requested at "
                               "'yesterday': a date and time like 2026-12-01 14:30")]
    assert session.query(AfterSalesOrder).count() == 0
    assert session.query(ImportBatch).count() == 0


@pytest.mark.parametrize("cells", [
    ("²", "2026-12-01 14:30"), ("1", "0001-01-01T00:00:00+01:00"),
    ("1", "9999-12-31T23:59:00-10:00"), ("1", "1900-01-01 10:00")])
def test_a_strange_quantity_or_a_date_out_of_this_century_is_named(session, shop, cells):
    one = shipped(session, shop)
    qty, when = cells
    plan = run(session, shop, csv_of(
        f"Shopee shop,RR-1,{one.number},return_refund,REQUESTED,50.00,BOOK,1,Returns,,,",
        f"Shopee shop,RR-2,{one.number},return_refund,REQUESTED,5,BOOK,{qty},Returns,,,"
        f"{when}"))
    assert [n for n, _ in plan.errors] == [3]
    assert (f"quantity '{qty}'" if qty != "1" else f"requested at '{when}'") in plan.errors[0][1]
    assert session.query(AfterSalesOrder).count() == 0


def test_the_check_refuses_what_the_import_would_refuse(session, shop):
    one = shipped(session, shop, qty=2)
    plan = run(session, shop, csv_of(
        f"Shopee shop,RR-1,{one.number},return_refund,REQUESTED,50.00,BOOK,1,Returns,,,",
        f"Shopee shop,RR-1,{one.number},return_refund,REQUESTED,50.00,BOOK,2,Returns,,,",
        f"Shopee shop,RR-2,{one.number},refund_only,REQUESTED,999.00,,,,,,"))
    assert [n for n, _ in plan.errors] == [3, 4]
    assert "3 asked in this file but only 2 of 2" in plan.errors[0][1]
    assert "more than the total" in plan.errors[1][1]


def test_refund_amounts_are_read_in_the_organizations_currency(session, shop):
    shop.org.currency = "VND"
    one = shipped(session, shop, qty=2, price="50000")
    plan = run(session, shop, csv_of(
        f"Shopee shop,RR-1,{one.number},refund_only,REQUESTED,5000.50,,,,,,"))
    assert [n for n, _ in plan.errors] == [2] and "5000.50" in plan.errors[0][1]


def test_the_check_names_a_warehouse_or_evidence_link_the_request_cannot_take(session, shop):
    """A warehouse the organization does not have, and a link that is no web address,
    were let through the check ("all good") and dropped or refused later."""
    one = shipped(session, shop, qty=2)
    plan = run(session, shop, csv_of(
        f"Shopee shop,RR-1,{one.number},return_refund,REQUESTED,50.00,BOOK,1,Nowhere WH,,,",
        f"Shopee shop,RR-2,{one.number},return_refund,REQUESTED,50.00,BOOK,1,Returns,,"
        "not-a-link,",
        f"Shopee shop,RR-3,{one.number},refund_only,REQUESTED,10.00,,,,,"
        "https://x.test/a.jpg http://x.test/b.mp4,"))
    assert plan.errors == [
        (2, "no warehouse 'Nowhere WH'"),
        (3, "evidence links 'not-a-link': at most 20, each a web address starting with "
            "https:// or http://")]
    assert session.query(AfterSalesOrder).count() == 0


def test_a_row_reaches_every_line_of_its_sku_on_the_order(session, shop):
    """One SKU sold on two lines (2 + 1): a request row returning 3 takes both lines."""
    from admin_app.rules.sales.orders import LineInput, create_order
    from admin_app.rules.sales.status import change_status
    order = create_order(session, shop.main, store=shop.stores["Shopee"],
                         customer=shop.customer, order_type="platform",
                         payment_method="prepaid",
                         lines=[LineInput(shop.sku, 2, D("40.00")),
                                LineInput(shop.sku, 1, D("20.00"))])
    for event in ("to_pickup", "ship"):
        change_status(session, shop.main, order, event)
    batch = run(session, shop, csv_of(
        f"Shopee shop,RR-9,{order.number},return_refund,REQUESTED,100.00,BOOK,3,Returns,,,"))
    made = session.query(AfterSalesOrder).filter_by(platform_request_id="RR-9").one()
    assert batch.created == 1
    assert sorted((ln.order_line_id, ln.quantity) for ln in made.lines) == [
        (order.lines[0].id, 2), (order.lines[1].id, 1)]
    plan = run(session, shop, csv_of(
        f"Shopee shop,RR-10,{order.number},return_refund,REQUESTED,10.00,BOOK,1,Returns,,,"),
        name="again.csv")
    assert plan.errors == [(2, "BOOK: 1 asked in this file but only 0 of 3 can still be "
                               "returned")]


def test_checking_a_file_reads_no_row_by_row(session, shop):
    """The check read what each row's order line had returned, and the order's lines,
    a query per row: 40 rows now cost what 4 do."""
    from sqlalchemy import event

    def statements(count, tag):
        orders = [shipped(session, shop, qty=2) for _ in range(count)]
        data = csv_of(*[f"Shopee shop,{tag}-{n},{o.number},return_refund,REQUESTED,50.00,"
                        "BOOK,1,Returns,,," for n, o in enumerate(orders)])
        rows = importing.read("f.csv", data)
        session.expire_all()  # as in a new request: nothing loaded yet
        sent = []
        engine = session.get_bind()

        def count_it(*args):
            sent.append(1)
        event.listen(engine, "before_cursor_execute", count_it)
        try:
            plan = importing.check(session, shop.org.id, rows)
        finally:
            event.remove(engine, "before_cursor_execute", count_it)
        assert not plan.errors, plan.errors
        return len(sent)
    few, many = statements(4, "A"), statements(40, "B")
    assert many - few <= 2, (few, many)


def test_odd_rows_are_named_at_the_check_never_a_500(session, shop):
    """An unknown store, a store that is on no platform, a row shorter than the header
    (each gave a 500; "Counter" is the shop's Offline store), and a return without a warehouse (the check said "ready" and the
    confirmation refused it) are named by row, and nothing is imported."""
    one = shipped(session, shop, qty=2)
    plan = run(session, shop, csv_of(
        f"No Such Store,RR-1,{one.number},return_refund,REQUESTED,50.00,BOOK,1,Returns,,,",
        f"Counter,RR-2,{one.number},return_refund,REQUESTED,50.00,BOOK,1,Returns,,,",
        f"Shopee shop,RR-3,{one.number}",
        f"Shopee shop,RR-4,{one.number},return_refund,REQUESTED,0,BOOK,1,,,,",
        f"Shopee shop,RR-5,{one.number},refund_only,REQUESTED,10.00,,,,,,"))
    errors = dict(plan.errors)
    assert sorted(errors) == [2, 3, 4, 5]
    assert "no store 'No Such Store'" in errors[2]
    assert "store Counter is not on" in errors[3]
    assert "type '': one of" in errors[4]
    assert errors[5] == "Return warehouse: choose where the goods come back to."
    assert session.query(AfterSalesOrder).count() == 0


def test_a_row_names_the_order_typed_exactly_when_another_differs_in_case(session, shop):
    """"sp-9" and "SP-9" are two of the channel's orders: each row gets the one it
    names, and a number typed in small letters still finds its order in capitals."""
    low, up, other = (shipped(session, shop, qty=1) for _ in range(3))
    low.number, up.number, other.number = "sp-9", "SP-9", "SP-10"
    session.flush()
    plan = run(session, shop, csv_of(*(
        f"Shopee shop,{rid},{number},return_refund,REQUESTED,50.00,,,Returns,,,"
        for rid, number in (("R-LOW", "sp-9"), ("R-UP", "SP-9"), ("R-ANY", "sp-10")))))
    assert plan.created == 3
    made = {a.platform_request_id: a.order.number for a in session.query(AfterSalesOrder)}
    assert made == {"R-LOW": "sp-9", "R-UP": "SP-9", "R-ANY": "SP-10"}


def test_a_known_request_updated_with_a_blank_refund_keeps_its_amount(session, shop):
    order = shipped(session, shop, qty=1)
    known = request(session, shop, order, request_id="RR-K", refund="45.00").aso
    batch = run(session, shop, csv_of(
        f"Shopee shop,RR-K,{order.number},return_refund,ACCEPTED,,,,Returns,,,"))
    assert batch.rows == 1 and known.status == "confirm_return"
    assert known.platform_refund == D("45.00")
