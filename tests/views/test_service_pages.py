"""After-sales services through their pages (SPEC S7): started from a shipped order's
page, each in its own list with its tabs, moved by its own buttons and forms."""
import html
import re

from admin_app.extensions import db
from admin_app.models import AfterSalesOrder, Order, StockLevel
from admin_app.rules.core import clock

from .. import builders
from ..conftest import token_of
from .test_aftersales_pages import fresh, ship


def start(client, w, kind, qty="1", **extra):
    page = client.get(f"/admin/service_{kind}/start/?order={w.order.number}").get_data(True)
    line = w.order.lines[0]
    form = {"token": token_of(page), "order": w.order.number,
            "warehouse": str(w.warehouse.id), f"ret_{line.id}_qty": qty, **extra}
    return client.post(f"/admin/service_{kind}/start/", form, follow_redirects=True)


def newest(kind):
    db.session.expire_all()
    return db.session.query(AfterSalesOrder).filter_by(kind=kind).order_by(
        AfterSalesOrder.id.desc()).first()


def qualified(w):
    db.session.expire_all()
    return db.session.query(StockLevel).filter_by(sku_id=w.sku.id,
                                                  warehouse_id=w.warehouse.id).one().qualified


def test_a_shipped_orders_page_starts_each_after_sales_and_service(world, client_for,
                                                                    session):
    alpha, _ = world
    client = client_for(alpha.main)
    details = client.get(f"/admin/orders/details/?id={alpha.order.id}").get_data(True)
    assert 'id="order-services"' not in details  # a New order: nothing came back yet
    ship(session, alpha)
    details = client.get(f"/admin/orders/details/?id={alpha.order.id}").get_data(True)
    for label in ("Return &amp; Refund", "Refund-Only", "Exchange", "Customer Return",
                  "Replacement", "Repair", "Uncollected"):
        assert f">{label}</a>" in details
    # a manual after-sales order opens its form with the order and the kind filled in
    link = re.search(r'href="([^"]*create/\?order=[^"]*kind=exchange)"', details).group(1)
    form = client.get(html.unescape(link)).get_data(True)
    assert alpha.order.number in form and '<option value="exchange" data-exchange-lines' \
        in form and 'value="exchange" data-exchange-lines="1" data-warehouse="1" selected' \
        in form
    listing = client.get("/admin/orders/?tab=shipped").get_data(True)
    assert "Customer Return…" in listing and "Repair…" in listing



def test_an_order_to_pickup_or_cancelled_starts_manual_after_sales_only(world, client_for,
                                                                         session):
    """S5 starts a manual after-sales order from To Pickup, Shipped, Completed or
    Cancelled; services need the goods shipped. A cancelled order's Refund-Only is what
    its cancellation tells staff to make."""
    from admin_app.rules.sales import cancellation
    from admin_app.rules.sales.status import change_status
    alpha, _ = world
    change_status(session, alpha.main, alpha.order, "to_pickup")
    session.commit()
    client = client_for(alpha.main)
    page = client.get(f"/admin/orders/details/?id={alpha.order.id}").get_data(True)
    assert ">Return &amp; Refund</a>" in page and ">Repair</a>" not in page
    cancellation.cancel(session, alpha.main, alpha.order)
    session.commit()
    page = client.get(f"/admin/orders/details/?id={alpha.order.id}").get_data(True)
    assert ">Refund-Only</a>" in page

def test_a_customer_return_is_created_stocked_in_and_listed_apart(world, client_for,
                                                                  session):
    alpha, _ = world
    ship(session, alpha)
    client = client_for(alpha.main)
    before = qualified(alpha)
    done = start(client, alpha, "customer_return", tracking_no="RT-55").get_data(True)
    aso = newest("customer_return")
    assert f"Customer Return {aso.number} created: Confirm Return" in done
    listing = client.get("/admin/service_customer_return/").get_data(True)
    assert aso.number in listing and "Return Stock-In" in listing
    assert aso.number not in client.get("/admin/aftersales/?tab=all").get_data(True)
    page = client.get("/admin/return-stock-in/?q=RT-55").get_data(True)
    line = aso.lines[0]
    client.post("/admin/return-stock-in/", {
        "token": token_of(page), "aso_id": str(aso.id), f"q_{line.id}": "1",
        f"u_{line.id}": "0", f"m_{line.id}": "0"})
    assert fresh(AfterSalesOrder, aso.id).status == "completed"
    assert qualified(alpha) == before + 1
    # more than was sold is refused with the line's numbers, and nothing is created
    refused = start(client, alpha, "customer_return", qty="5").get_data(True)
    assert "at most 1 can be returned" in refused
    assert db.session.query(AfterSalesOrder).filter_by(kind="customer_return").count() == 1


def test_a_replacement_ships_from_its_list_button(world, client_for, session):
    alpha, _ = world
    ship(session, alpha)
    client = client_for(alpha.main)
    start(client, alpha, "replacement")
    aso = newest("replacement")
    listing = client.get("/admin/service_replacement/").get_data(True)
    assert f'value="ship_replacement:{aso.id}"' in listing
    done = client.act("/admin/service_replacement/action/", {
        "action": "ship_replacement", "rowid": str(aso.id)}, follow_redirects=True)
    assert done.status_code == 200
    aso = fresh(AfterSalesOrder, aso.id)
    assert aso.status == "replacement_shipped"
    replacement = db.session.get(Order, aso.replacement_order_id)
    assert (replacement.status, replacement.total) == ("shipped", 0)


def test_a_repair_completes_with_its_ship_date_and_waybill(world, client_for, session):
    alpha, _ = world
    ship(session, alpha)
    client = client_for(alpha.main)
    start(client, alpha, "repair")
    aso = newest("repair")
    assert (aso.status, aso.warehouse_id) == ("in_repair", None)
    listing = client.get("/admin/service_repair/").get_data(True)
    assert f"/admin/service_repair/repair/{aso.id}" in listing
    page = client.get(f"/admin/service_repair/repair/{aso.id}").get_data(True)
    missing = client.post(f"/admin/service_repair/repair/{aso.id}", {
        "token": token_of(page), "shipped_on": "2026-11-20", "waybill": ""})
    assert "enter the ship date and the waybill number" in missing.get_data(True)
    assert fresh(AfterSalesOrder, aso.id).status == "in_repair"
    day = clock.date_of(session, aso.org_id, aso.created_at).isoformat()
    for typed in ("22/11/2026", day + "99", day.replace("-", "")):  # never cut to fit
        bad_date = client.post(f"/admin/service_repair/repair/{aso.id}", {
            "token": token_of(page), "shipped_on": typed, "waybill": "WB1"})
        assert "a date like" in bad_date.get_data(True), typed
        assert fresh(AfterSalesOrder, aso.id).status == "in_repair"
    client.post(f"/admin/service_repair/repair/{aso.id}", {
        "token": token_of(page),
        "shipped_on": clock.date_of(session, aso.org_id, aso.created_at).isoformat(),
        "waybill": "JNT-0042"})
    aso = fresh(AfterSalesOrder, aso.id)
    assert (aso.status, aso.repair_waybill) == ("repair_completed", "JNT-0042")


def test_an_uncollected_parcel_marks_its_order(world, client_for, session):
    alpha, _ = world
    ship(session, alpha)
    client = client_for(alpha.main)
    start(client, alpha, "uncollected", qty="2")
    aso = newest("uncollected")
    page = client.get(f"/admin/return-stock-in/?q={aso.number}").get_data(True)
    line = aso.lines[0]
    # unused goods: no unqualified box to fill, only qualified and missing
    assert f'type="hidden" name="u_{line.id}" value="0"' in page
    assert "comes back unused" in page and "Unqualified note" not in page
    client.post("/admin/return-stock-in/", {
        "token": token_of(page), "aso_id": str(aso.id), f"q_{line.id}": "2",
        f"u_{line.id}": "0", f"m_{line.id}": "0"})
    assert fresh(Order, alpha.order.id).uncollected is True
    listing = client.get("/admin/orders/?tab=all").get_data(True)
    row = re.search(rf"<tr.*?{alpha.order.number}.*?</tr>", listing, re.S).group(0)
    assert re.search(r'col-status[^>]*>\s*Shipped · Uncollected', row), row


def test_services_need_manual_after_sales(world, client_for, session):
    alpha, _ = world
    ship(session, alpha)
    clerk = builders.make_user(session, alpha.org, "clerk2@alpha.test", ["stock.return_in"])
    session.commit()
    client = client_for(clerk)
    assert client.get(f"/admin/service_repair/start/?order={alpha.order.number}"
                      ).status_code == 403
    details = client.get(f"/admin/orders/details/?id={alpha.order.id}")
    assert 'id="order-services"' not in details.get_data(True)


def test_service_lists_run_the_same_few_queries_for_1_or_20_rows(world, client_for,
                                                                  session, app):
    from admin_app.rules.aftersales import orders as aftersales, services
    from admin_app.rules.aftersales.orders import ReturnInput
    from admin_app.rules.sales.orders import LineInput, create_order
    from admin_app.rules.stock import movements
    from .test_list_queries import counting
    alpha, _ = world
    client = client_for(alpha.main)

    def make(n):
        for _ in range(n):
            o = create_order(session, alpha.main, store=alpha.store, customer=alpha.customer,
                             lines=[LineInput(alpha.sku, 4)])
            movements.move_stock(session, alpha.main, alpha.sku, alpha.warehouse,
                                 "qualified", 1, "count")
            for event in ("to_pickup", "ship"):
                from admin_app.rules.sales.status import change_status
                change_status(session, alpha.main, o, event)
            for kind in ("customer_return", "replacement", "repair", "uncollected"):
                aso = aftersales.create(session, alpha.main, o, kind,
                                        [ReturnInput(1, order_line=o.lines[0])],
                                        warehouse=None if kind == "repair" else alpha.warehouse)
                if kind == "replacement":
                    services.ship_replacement(session, alpha.main, aso)
        session.commit()

    def counts():
        out = {}
        for kind in ("customer_return", "replacement", "repair", "uncollected"):
            with counting(app) as statements:
                assert client.get(f"/admin/service_{kind}/?tab=all").status_code == 200
            out[kind] = len(statements)
        return out

    make(1)
    client.get("/admin/")
    few = counts()
    make(19)
    assert counts() == few and max(few.values()) <= 4, few
