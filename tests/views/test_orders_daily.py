"""Orders as the seeds show them: status tabs with counts and each status's buttons,
exchange orders that can always be made and are settled at approval, filters that
offer the labels people read, searches that ignore case."""
import re
from decimal import Decimal as D

from admin_app.models import Customer, Order, StockLevel
from admin_app.rules.aftersales import orders as aftersales
from admin_app.rules.sales import cancellation

from .. import builders
from ..conftest import token_of


def test_orders_have_status_tabs_with_counts_and_each_tab_its_orders(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    page = client.get("/admin/orders/").get_data(as_text=True)
    for label in ("Pending (Waiting to Approve)", "New", "To Pickup", "Shipped",
                  "Completed", "Cancelled"):
        assert label in page
    assert 'data-tab="new"' in page and 'data-tab="shipped"' in page
    shipped = client.get("/admin/orders/?tab=shipped").get_data(as_text=True)
    assert alpha.credit_order.number in shipped and alpha.order.number not in shipped
    new = client.get("/admin/orders/?tab=new").get_data(as_text=True)
    assert alpha.order.number in new and "Mark To Pickup" in new


def test_an_exchange_worth_more_for_a_customer_without_credit_is_settled_at_approval(
        world, client_for, session):
    alpha, _ = world
    cash_only = Customer(org_id=alpha.org.id, code="CASH-1", name="Cash Buyer")
    session.add(cash_only)
    session.flush()
    from admin_app.rules.sales.orders import LineInput, create_order
    from admin_app.rules.sales.status import change_status
    sold = create_order(session, alpha.main, store=alpha.store, customer=cash_only,
                        lines=[LineInput(alpha.sku, 1, D("25.00"))])
    for event in ("to_pickup", "ship"):
        change_status(session, alpha.main, sold, event)
    dear = builders.make_sku(session, alpha.org, "DEAR", "40.00")
    aso = aftersales.create(session, alpha.main, sold, "exchange", [
        aftersales.ReturnInput(1, order_line=sold.lines[0])],
        [aftersales.ExchangeInput(dear, 1)], warehouse=alpha.warehouse)
    aftersales.confirm(session, alpha.main, aso, with_stock_in=True)
    session.commit()
    client = client_for(alpha.main)
    done = client.act("/admin/aftersales/action/", {
        "row_action": f"generate_exchange:{aso.id}"}, follow_redirects=True)
    text = done.get_data(as_text=True)
    session.expire_all()
    new = session.get(type(aso), aso.id).exchange_order
    assert new is not None and f"Exchange order {new.number} created" in text
    # the message leads to the order ("Process it" is a link, issue 21 item 6)
    assert f'<a class="alert-link" href="/admin/orders/approve/?id={new.id}">Process it</a>' \
        in text
    assert (new.status, new.goods_received) == ("pending", D("25.00"))
    details = client.get(f"/admin/aftersales/details/?id={aso.id}").get_data(as_text=True)
    assert f"/admin/orders/approve/?id={new.id}" in details and "Process" in details
    url = f"/admin/orders/approve/?id={new.id}"
    page = client.get(url).get_data(as_text=True)
    assert "15.00" in page and "must be received" in page
    refused = client.post(url, {"token": token_of(page), "amount_received": "",
                                "paid_with": "cash"}, follow_redirects=True)
    assert "must be fully paid" in refused.get_data(as_text=True)
    assert session.get(Order, new.id).status == "pending"
    page = client.get(url).get_data(as_text=True)
    client.post(url, {"token": token_of(page), "amount_received": "15.00",
                      "paid_with": "cash"})
    session.expire_all()
    approved = session.get(Order, new.id)
    assert (approved.status, approved.received, approved.goods_received,
            approved.unsettled) == ("new", D("15.00"), D("25.00"), 0)
    assert session.get(type(aso), aso.id).status == "completed"  # nothing left to refund


def test_filters_offer_labels_and_find_by_them(world, client_for, session):
    alpha, _ = world
    cancellation.cancel(session, alpha.main, alpha.order)
    alpha.order.revert_status = "not_reverted"
    session.commit()
    client = client_for(alpha.main)
    listing = client.get("/admin/orders/").get_data(as_text=True)
    assert "Not reverted" in listing and "Partially settled" in listing
    view = next(v for v in client.app.extensions["admin"][0]._views
                if v.endpoint == "orders")
    arg = next(f"flt0_{view.get_filter_arg(i, f)}" for i, f in enumerate(view._filters)
               if f.name == "Revert status" and f.operation() == "equals")
    found = client.get(f"/admin/orders/?{arg}=not_reverted").get_data(as_text=True)
    assert alpha.order.number in found and alpha.credit_order.number not in found


def test_finding_a_return_by_its_tracking_number_ignores_case(world, client_for):
    alpha, _ = world
    clerk_page = client_for(alpha.main).get("/admin/return-stock-in/?q=alpha-track")
    assert alpha.aso.number in clerk_page.get_data(as_text=True)
    assert StockLevel is not None


def test_reopening_asks_first_and_says_what_stays_where(world, client_for, session):
    alpha, _ = world
    o = alpha.credit_order  # 30 total, 10 cash, 5 paid later, 15 owed
    cancellation.cancel(session, alpha.main, o)
    session.commit()
    client = client_for(alpha.main)
    listing = client.get("/admin/orders/?tab=cancelled").get_data(as_text=True)
    assert f"/admin/orders/reopen/?id={o.id}" in listing
    url = f"/admin/orders/reopen/?id={o.id}"
    page = client.get(url).get_data(as_text=True)
    assert session.get(Order, o.id).status == "cancelled"  # asking changed nothing
    assert "back to <strong>New</strong>" in page
    assert "balance at cancellation: <strong>15.00" in page
    assert "credit removed from the account: <strong>15.00" in page
    done = client.post(url, {"csrf_token": client.csrf()}, follow_redirects=True)
    assert "is reopened: New" in done.get_data(as_text=True)
    assert "not taken back automatically" in done.get_data(as_text=True)
    session.expire_all()
    assert session.get(Order, o.id).status == "new"


def test_an_approved_exchange_order_shows_its_money_as_numbers(world, client_for, session):
    """Received, paid by goods, settled and unsettled: numbers, never blanks (issue 21
    item 8)."""
    from admin_app.rules.aftersales import exchange
    from admin_app.rules.sales.status import change_status
    alpha, _ = world
    line = alpha.credit_order.lines[0]
    aso = aftersales.create(session, alpha.main, alpha.credit_order, "exchange",
                            [aftersales.ReturnInput(1, order_line=line)],
                            [aftersales.ExchangeInput(line.sku, 1)], warehouse=alpha.warehouse)
    aftersales.confirm(session, alpha.main, aso, with_stock_in=True)
    new = exchange.generate(session, alpha.main, aso)
    change_status(session, alpha.main, new, "approve")
    session.commit()
    client = client_for(alpha.main)
    page = client.get(f"/admin/orders/details/?id={new.id}").get_data(True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    for label, value in (("Received (money)", "0.00"),
                         ("Paid by returned goods (exchange)", f"{new.goods_received:.2f}"),
                         ("Settled", "0.00"), ("Unsettled", "0.00")):
        # the details page names amounts with their currency, like the list
        assert f"{label} ({alpha.org.currency}) {value} " in text, label
    assert "Revert status None" not in text
    listing = client.get("/admin/orders/?tab=all").get_data(True)
    row = next(r for r in re.findall(r"<tr.*?</tr>", listing, re.S) if new.number in r)
    assert re.search(r'<td class="col-unsettled"[^>]*>\s*0\.00\s*</td>', row)


def test_the_approval_shows_what_the_planned_points_are_worth(session, client_for):
    """Issue 21 item 7: where points are used, their value is shown (10 points at 0.10)."""
    from datetime import timedelta
    from admin_app.rules.credit import points
    from admin_app.rules.credit.terms import Payment
    from admin_app.rules.sales.orders import LineInput, create_order
    from ..rules.accounts_helpers import make_shop
    shop = make_shop(session, name="Points Shop")
    points.add(session, shop.customer, 10, "promo", builders.local_today() + timedelta(days=30),
               "earned")
    order = create_order(session, shop.main, store=shop.store, customer=shop.customer,
                         lines=[LineInput(shop.sku, 5, None)], order_type="messenger",
                         order_date=builders.local_now(), payment=Payment(points=10))
    session.commit()
    assert order.status == "pending" and order.points_used == 10
    page = client_for(shop.main).get(f"/admin/orders/approve/?id={order.id}").get_data(True)
    assert re.search(r'id="points-planned">10 points, worth 1\.00<', page)
    assert "· messenger ·" not in page  # the type in words


def test_cancelling_is_never_a_rows_main_button(world, client_for, session):
    """A completed order's first button was "Cancel…": the services come first now,
    and Cancel… waits in the row's menu."""
    from admin_app.rules.sales.status import change_status
    alpha, _ = world
    for event in ("to_pickup", "ship", "complete"):
        change_status(session, alpha.main, alpha.order, event)
    session.commit()
    page = client_for(alpha.main).get("/admin/orders/?tab=completed").get_data(True)
    row = next(r for r in page.split("<tr>") if alpha.order.number in r)
    first = re.search(r'class="btn btn-sm btn-outline-primary row-action"[^>]*>([^<]+)<', row)
    assert first and first.group(1) != "Cancel…", first and first.group(1)
    assert "Cancel…" in row  # in the menu


def test_the_tabs_count_what_the_filters_keep(world, client_for, session):
    """A store filter showed 16 shipped orders under a Shipped tab saying 55: the tabs
    count with the filters, as with a search (the store filter joins the store)."""
    from admin_app.models import Store
    from admin_app.rules.sales.orders import LineInput, create_order
    alpha, _ = world
    kiosk = Store(org_id=alpha.org.id, name="Kiosk North", channel="Offline")
    session.add(kiosk)
    session.flush()
    for _ in range(2):
        create_order(session, alpha.main, store=kiosk, customer=alpha.customer,
                     lines=[LineInput(alpha.sku, 1)])
    session.commit()
    client = client_for(alpha.main)
    view = next(v for v in client.app.extensions["admin"][0]._views
                if v.endpoint == "orders")
    arg = next(f"flt0_{view.get_filter_arg(i, f)}" for i, f in enumerate(view._filters)
               if str(f.column) == "store.name" and f.operation() == "contains")

    def badge(page, tab):
        return re.search(rf'data-tab="{tab}"[^>]*>[^<]*<span class="badge[^"]*">(\d+)<',
                         page).group(1)
    everything = client.get("/admin/orders/?tab=new").get_data(True)
    kiosk_only = client.get(f"/admin/orders/?tab=new&{arg}=Kiosk").get_data(True)
    assert int(badge(everything, "new")) >= 3  # the world's own new order too
    assert badge(kiosk_only, "new") == "2" and badge(kiosk_only, "shipped") == "0"


def test_the_settled_filter_lists_credit_collected_in_full_not_credit_cancelled_unpaid(
        world, client_for, session):
    alpha, _ = world
    from admin_app.rules.credit import payments
    from admin_app.rules.credit.terms import Payment
    from admin_app.rules.sales.orders import LineInput, create_order

    def on_credit(number):
        return create_order(session, alpha.main, store=alpha.store, customer=alpha.customer,
                            lines=[LineInput(alpha.part, 2)], number=number,
                            payment=Payment())
    paid, unpaid = on_credit("Alpha-PAID"), on_credit("Alpha-NEVER-PAID")
    payments.receive(session, alpha.main, alpha.customer.id, paid.total, {str(paid.id)})
    cancellation.cancel(session, alpha.main, unpaid)
    session.commit()
    assert (paid.settlement_status, unpaid.settlement_status) == ("Settled", None)
    client = client_for(alpha.main)
    view = next(v for v in client.app.extensions["admin"][0]._views
                if v.endpoint == "orders")
    arg = next(f"flt0_{view.get_filter_arg(i, f)}" for i, f in enumerate(view._filters)
               if f.name == "Settlement status")
    found = client.get(f"/admin/orders/?tab=all&{arg}=settled").get_data(as_text=True)
    assert "Alpha-PAID" in found and "Alpha-NEVER-PAID" not in found
    found = client.get(f"/admin/orders/?tab=all&{arg}=unsettled").get_data(as_text=True)
    assert "Alpha-NEVER-PAID" not in found  # nothing is owed on it either


def test_the_reopen_page_says_the_earned_points_the_cancellation_took_back(
        world, client_for, session):
    alpha, _ = world
    from admin_app.rules.sales.status import change_status
    o = alpha.order
    alpha.org.points_earn_rate = D("1.00")  # a point per 1.00 spent
    for event in ("to_pickup", "ship", "complete"):
        change_status(session, alpha.main, o, event)
    earned = o.points_earned
    assert earned > 0
    cancellation.cancel(session, alpha.main, o)
    session.commit()
    page = client_for(alpha.main).get(f"/admin/orders/reopen/?id={o.id}").get_data(True)
    assert f"taken back at cancellation (not earned again if it completes again): " \
           f"<strong>{earned}</strong>" in page


def test_the_cancel_page_says_what_happens_to_the_money_and_the_goods_of_any_order(
        world, client_for, session):
    alpha, _ = world
    from admin_app.rules.sales.orders import LineInput, create_order
    from admin_app.rules.sales.status import change_status
    platform = create_order(session, alpha.main, store=alpha.store, customer=alpha.customer,
                            lines=[LineInput(alpha.sku, 1)], order_type="platform")
    for event in ("to_pickup", "ship", "complete"):
        change_status(session, alpha.main, platform, event)
    cod = create_order(session, alpha.main, store=alpha.store, customer=alpha.customer,
                       lines=[LineInput(alpha.sku, 1)], payment_method="cod")
    session.commit()
    client = client_for(alpha.main)
    page = client.get(f"/admin/orders/cancel/?id={platform.id}").get_data(True)
    assert "paid on the platform: cancelling moves no money here" in page
    assert "Cancelling does not change stock" in page  # its goods left
    page = client.get(f"/admin/orders/cancel/?id={cod.id}").get_data(True)
    assert "No money was received for this order" in page
    assert "Cancelling does not change stock" not in page  # nothing left yet
