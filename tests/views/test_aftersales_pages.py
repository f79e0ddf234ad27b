import re
from decimal import Decimal as D

from admin_app.extensions import db
from admin_app.rules.credit import payments
from admin_app.models import AfterSalesOrder, LedgerEntry, Order, RefundOrder, StockLevel
from admin_app.rules.sales.status import change_status
from admin_app.rules.aftersales import orders as aftersales

from .. import builders
from ..conftest import token_of


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def ship(session, w):
    for event in ("to_pickup", "ship"):
        change_status(session, w.main, w.order, event)
    session.commit()
    return w.order


def create_form(w, page, **extra):
    line = w.order.lines[0]
    return {"token": token_of(page), "order": w.order.number, "kind": "return_refund",
            "warehouse": str(w.warehouse.id), "tracking_no": "SPX-0001",
            f"ret_{line.id}_qty": "1", f"ret_{line.id}_reason": str(w.reason.id), **extra}


def test_create_page_refuses_orders_not_yet_shipped_and_creates_once(world, client_for,
                                                                     session):
    alpha, _ = world
    client = client_for(alpha.main)
    url = f"/admin/aftersales/create/?order={alpha.order.number}"
    page = client.get(url).get_data(as_text=True)
    refused = client.post(url, create_form(alpha, page)).get_data(as_text=True)
    assert "is New: after-sales orders can be created only for orders that are To Pickup" \
        in refused
    ship(session, alpha)
    page = client.get(url).get_data(as_text=True)
    form = create_form(alpha, page)
    assert client.post(url, form).status_code == 302
    again = client.post(url, form, follow_redirects=True).get_data(as_text=True)
    assert "already submitted" in again
    made = db.session.query(AfterSalesOrder).filter_by(order_id=alpha.order.id).all()
    assert len(made) == 1 and made[0].returned_amount == D("20.00")  # tier price paid
    listing = client.get("/admin/aftersales/?tab=to_confirm").get_data(as_text=True)
    assert made[0].number in listing and re.search(r'data-tab="to_confirm"[^>]*>To Confirm '
                                                  r'<span class="badge badge-light">1<', listing)


def test_create_page_refuses_more_than_returnable_and_bad_numbers(world, client_for,
                                                                  session):
    alpha, _ = world
    ship(session, alpha)
    client = client_for(alpha.main)
    url = f"/admin/aftersales/create/?order={alpha.order.number}"
    line = alpha.order.lines[0]
    for change, message in [({f"ret_{line.id}_qty": "3"}, "at most 2 can be returned"),
                            ({f"ret_{line.id}_qty": "x"}, "not a whole number"),
                            ({f"ret_{line.id}_amount": "50.01"}, "at most 20.00"),
                            ({f"ret_{line.id}_qty": "0"}, "add at least one"),
                            ({"add_0_sku": "NOPE", "add_0_qty": "1"}, "no SKU"),
                            ({"kind": "exchange"}, "Exchange items")]:
        page = client.get(url).get_data(as_text=True)
        response = client.post(url, create_form(alpha, page, **change))
        assert message in response.get_data(as_text=True), change
    assert db.session.query(AfterSalesOrder).filter_by(order_id=alpha.order.id).count() == 0


def test_a_clerk_with_only_return_stock_in_can_stock_in_and_nothing_else(world, client_for,
                                                                        session):
    alpha, _ = world
    ship(session, alpha)
    aso = aftersales.create(session, alpha.main, alpha.order, "return_refund", [
        aftersales.ReturnInput(2, order_line=alpha.order.lines[0])],
        warehouse=alpha.warehouse, tracking_no="JNT-777")
    aftersales.confirm(session, alpha.main, aso, with_stock_in=False)
    clerk = builders.make_user(session, alpha.org, "clerk@alpha.test", ["stock.return_in"])
    session.commit()
    client = client_for(clerk)
    for url in ("/admin/refunds/", f"/admin/refunds/create/{aso.id}",
                "/admin/aftersales/create/", "/admin/orders/", "/admin/reconciliation/"):
        assert client.get(url).status_code == 403, url
    # the after-sales list is the clerk's queue too, with only the clerk's button
    queue = client.get("/admin/aftersales/?tab=confirm_return").get_data(as_text=True)
    assert aso.number in queue and "Return Stock-In" in queue
    assert "Confirm After-Sales" not in queue and "Create After-Sales Order" not in queue
    page = client.get("/admin/return-stock-in/?q=JNT-777").get_data(as_text=True)
    assert aso.number in page
    line = aso.lines[0]
    form = {"token": token_of(page), "aso_id": str(aso.id), f"q_{line.id}": "1",
            f"u_{line.id}": "1", f"m_{line.id}": "0", "note": "Box crushed"}
    assert client.post("/admin/return-stock-in/", form).status_code == 302
    again = client.post("/admin/return-stock-in/", form, follow_redirects=True)
    assert "already submitted" in again.get_data(as_text=True)
    level = db.session.query(StockLevel).filter_by(sku_id=alpha.sku.id,
                                                   warehouse_id=alpha.warehouse.id).one()
    assert (level.qualified, level.unqualified) == (10 + 1, 1)
    assert level.unqualified_note == "Box crushed"
    assert fresh(AfterSalesOrder, aso.id).status == "received_return"


def test_manual_after_sales_users_cannot_create_or_confirm_refunds(world, client_for,
                                                                   session):
    alpha, _ = world
    staff = builders.make_user(session, alpha.org, "as@alpha.test", ["aftersales.manual"])
    session.commit()
    client = client_for(staff)
    assert client.get("/admin/aftersales/").status_code == 200
    assert client.get(f"/admin/refunds/create/{alpha.aso.id}").status_code == 403
    assert client.post(f"/admin/refunds/{alpha.refund.id}/confirm").status_code == 403
    assert fresh(RefundOrder, alpha.refund.id).status == "pending"


def test_refunds_page_confirms_with_proof_and_rejects_with_a_reason(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    page = client.get("/admin/refunds/").get_data(as_text=True)
    assert alpha.refund.number in page and "Zebra" not in page
    no_reason = client.post(f"/admin/refunds/{alpha.refund.id}/reject", {"reason": " "},
                            follow_redirects=True)
    assert "say why the refund is rejected" in no_reason.get_data(as_text=True)
    client.post(f"/admin/refunds/{alpha.refund.id}/reject", {"reason": "Wrong account"})
    assert fresh(RefundOrder, alpha.refund.id).status == "rejected"
    assert fresh(AfterSalesOrder, alpha.aso.id).status == "received_return"
    # a new refund order can be made: preview first, then create (to the balance: final)
    url = f"/admin/refunds/create/{alpha.aso.id}"
    page = client.get(url).get_data(as_text=True)
    # the offset is said only when the order owes something ("still owes 0.00" misled)
    assert "The order still owes 15.00" in page
    payments.receive(db.session, alpha.main, alpha.customer.id, D("15.00"), None)
    db.session.commit()
    assert "still owes" not in client.get(url).get_data(as_text=True)
    preview = client.post(url, {"token": token_of(page), "amount": "5.00",
                                "method": "balance", "step": "preview"})
    assert "credit offset" in preview.get_data(as_text=True)
    assert "can no longer be refunded" not in preview.get_data(as_text=True)  # all of it
    part = client.post(url, {"token": token_of(page), "amount": "2.00", "method": "balance",
                             "step": "preview"}).get_data(as_text=True)
    assert "the other 3.00 PHP can no longer be refunded on it" in part
    done = client.confirm(url, {"token": token_of(page), "amount": "5.00",
                                "method": "balance"}, follow_redirects=True)
    assert "added to the customer&#39;s balance" in done.get_data(as_text=True)
    assert fresh(AfterSalesOrder, alpha.aso.id).status == "completed"
    entry = db.session.query(LedgerEntry).filter_by(doc_no=alpha.aso.number).one()
    assert entry.doc_type == "aftersales" and entry.receivable == D("-5.00")


def test_a_bank_refund_needs_bank_details_and_waits_for_confirmation(world, client_for,
                                                                     session):
    alpha, _ = world
    client = client_for(alpha.main)
    client.post(f"/admin/refunds/{alpha.refund.id}/reject", {"reason": "redo"})
    url = f"/admin/refunds/create/{alpha.aso.id}"
    page = client.get(url).get_data(as_text=True)
    base = {"token": token_of(page), "amount": "5.00", "method": "bank_transfer",
            "step": "confirm"}
    missing = client.post(url, base).get_data(as_text=True)
    assert "enter the bank, the account name and the account number" in missing
    client.confirm(url, {**base, "bank_name": "BDO", "account_name": "Alpha Buyer",
                         "account_no": "0099"})
    refund = db.session.query(RefundOrder).filter_by(aftersales_id=alpha.aso.id,
                                                     status="pending").one()
    assert fresh(AfterSalesOrder, alpha.aso.id).status == "refund_processing"
    confirm_url = f"/admin/refunds/{refund.id}/confirm"
    owed = fresh(Order, alpha.credit_order.id).unsettled  # a refund first pays that off
    assert owed >= D("5.00")  # so all of this refund is offset: no money goes out
    told = client.post(confirm_url, {
        "token": token_of(client.get(confirm_url).get_data(True)),
        "proof": (__import__("io").BytesIO(builders.PNG), "slip.png")},
        content_type="multipart/form-data", follow_redirects=True).get_data(True)
    assert f"Refund {refund.number} confirmed: 5.00 refunded (5.00 offset against what " \
        f"order {alpha.credit_order.number} still owed)" in told
    assert "paid back by bank transfer" not in told and "to send" not in told
    assert fresh(RefundOrder, refund.id).status == "confirmed"
    assert fresh(RefundOrder, refund.id).proof_name == "slip.png"
    assert fresh(AfterSalesOrder, alpha.aso.id).status == "completed"


def test_row_buttons_follow_the_state_and_the_rules_refuse_the_rest(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    page = client.get("/admin/aftersales/?tab=refund_processing").get_data(as_text=True)
    assert alpha.aso.number in page and f'value="cancel:{alpha.aso.id}"' not in page
    response = client.act("/admin/aftersales/action/", {
        "action": "cancel", "rowid": str(alpha.aso.id)}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "Refund Processing" in text and "Nothing was changed" in text
    assert fresh(AfterSalesOrder, alpha.aso.id).status == "refund_processing"


def test_creating_a_refund_order_twice_posts_one(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    client.post(f"/admin/refunds/{alpha.refund.id}/reject", {"reason": "redo"})
    url = f"/admin/refunds/create/{alpha.aso.id}"
    form = {"token": token_of(client.get(url).get_data(as_text=True)), "amount": "5.00",
            "method": "balance", "step": "confirm"}
    client.confirm(url, form)
    again = client.confirm(url, form, follow_redirects=True)
    assert "already submitted" in again.get_data(as_text=True)
    assert db.session.query(LedgerEntry).filter_by(doc_no=alpha.aso.number).count() == 1


def test_the_stock_list_marks_unqualified_stock_with_its_note(world, client_for, session):
    alpha, _ = world
    level = alpha.stock_level
    level.unqualified, level.unqualified_note = 2, "<b>Cracked</b>"
    session.commit()
    page = client_for(alpha.main).get("/admin/stock/").get_data(as_text=True)
    assert 'class="marker-unqualified" title="&lt;b&gt;Cracked&lt;/b&gt;"' in page


def test_the_tracking_number_can_change_only_before_stock_in(world, client_for, session):
    alpha, _ = world
    ship(session, alpha)
    aso = aftersales.create(session, alpha.main, alpha.order, "return_refund", [
        aftersales.ReturnInput(1, order_line=alpha.order.lines[0])], warehouse=alpha.warehouse)
    session.commit()
    client = client_for(alpha.main)
    url = f"/admin/aftersales/edit/?id={aso.id}"
    assert client.post(url, {"return_tracking_no": "LBC-1", "note": ""}).status_code == 302
    assert fresh(AfterSalesOrder, aso.id).return_tracking_no == "LBC-1"
    page = client.get("/admin/return-stock-in/?q=LBC-1").get_data(as_text=True)
    assert aso.number in page
    # the world's after-sales order was stocked in already
    page = client.post(f"/admin/aftersales/edit/?id={alpha.aso.id}",
                       {"return_tracking_no": "NEW", "note": ""}).get_data(as_text=True)
    assert "only before the goods are stocked in" in page
    assert fresh(AfterSalesOrder, alpha.aso.id).return_tracking_no == "Alpha-TRACK"


def test_the_refund_pages_say_what_was_posted_what_is_missing_and_keep_bank_details(
        world, client_for, session):
    from admin_app.rules.aftersales import refund_orders
    from admin_app.rules.aftersales.orders import Receipt
    alpha, _ = world
    refund_orders.reject(session, alpha.main, alpha.refund, "wrong account number")
    session.commit()
    client = client_for(alpha.main)
    page = client.get(f"/admin/refunds/create/{alpha.aso.id}").get_data(as_text=True)
    assert 'value="Alpha Bank"' in page and 'value="123"' in page  # the earlier details
    assert "was rejected" in page and "wrong account number" in page  # and why
    line = alpha.credit_order.lines[0]
    aso = aftersales.create(session, alpha.main, alpha.credit_order, "return_refund", [
        aftersales.ReturnInput(3, order_line=line)], warehouse=alpha.warehouse)
    aftersales.confirm(session, alpha.main, aso, with_stock_in=False)
    aftersales.stock_in(session, alpha.main, aso, {aso.lines[0].id: Receipt(1, 0, 2)})
    session.commit()
    page = client.get(f"/admin/refunds/create/{aso.id}").get_data(as_text=True)
    assert "2 unit(s) did not come back" in page
    done = client.confirm(f"/admin/refunds/create/{aso.id}", {
        "token": token_of(page), "amount": "5.00", "method": "balance"},
        follow_redirects=True).get_data(as_text=True)
    # the credit order still owed 15.00: the whole refund pays that off first
    assert "5.00 refunded (5.00 offset against what order" in done
    assert "0.00 added to the customer&#39;s balance" in done


def test_an_exchange_with_nothing_to_refund_is_no_dead_end_in_the_refund_queue(
        world, client_for, session):
    alpha, _ = world
    ship(session, alpha)
    line = alpha.order.lines[0]  # 2 x 25.00
    aso = aftersales.create(session, alpha.main, alpha.order, "exchange",
                            [aftersales.ReturnInput(1, order_line=line, reason=alpha.reason)],
                            exchanges=[aftersales.ExchangeInput(alpha.sku, 2, D("25.00"))],
                            warehouse=alpha.warehouse)  # R 25.00 < E 50.00
    aftersales.confirm(session, alpha.main, aso, with_stock_in=True)
    session.commit()
    client = client_for(alpha.main)
    queue = client.get("/admin/refunds/?show=to_refund").get_data(True)
    row = re.search(rf"<tr>\s*<td><a[^>]*>{aso.number}</a>.*?</tr>", queue, re.S).group(0)
    assert "Nothing to refund: open it" in row and "/admin/refunds/create/" not in row
    page = client.get(f"/admin/refunds/create/{aso.id}").get_data(True)
    assert 'id="nothing-to-refund"' in page and 'id="refund-form"' not in page
    client.post("/language", data={"language": "th", "next": "/admin/"})
    other = client.get(f"/admin/refunds/create/{alpha.aso.id}").get_data(True)
    form = other.split('id="refund-form"')[1]
    assert "โอนเงินผ่านธนาคาร" in form and "ยอดเงินของลูกค้า" in form
    assert "Bank transfer" not in form and "Customer balance" not in form


def test_an_after_sales_orders_page_offers_its_next_steps(world, client_for, session):
    """Its own page is no dead end: the buttons its row shows (what its state allows
    this user) are there too, and pressing one acts and comes back to the page."""
    alpha, _ = world
    ship(session, alpha)
    client = client_for(alpha.main)
    url = f"/admin/aftersales/create/?order={alpha.order.number}"
    client.post(url, create_form(alpha, client.get(url).get_data(as_text=True)))
    aso = db.session.query(AfterSalesOrder).filter_by(order_id=alpha.order.id).one()
    details = f"/admin/aftersales/details/?id={aso.id}"
    page = client.get(details).get_data(as_text=True)
    assert 'id="next-steps"' in page and f'value="confirm:{aso.id}"' in page
    done = client.act("/admin/aftersales/action/", {"row_action": f"confirm:{aso.id}",
                                                     "url": details})
    assert done.status_code == 302 and fresh(AfterSalesOrder, aso.id).status != "to_confirm"
    clerk = builders.make_user(session, alpha.org, "viewer@alpha.test", ["reports.view"])
    session.commit()
    seen = client_for(clerk).get(details)
    assert seen.status_code in (200, 403) and 'value="confirm:' not in seen.get_data(True)


def test_a_return_on_a_cancelled_order_completes_with_nothing_refunded_from_its_page(
        world, client_for, session):
    """The order was paid and cancelled (its money went to the balance), then its goods
    came back on a Return & Refund: the refund page says nothing is left (it offered a
    form that refused any amount), the queue sends staff to the order, and its page
    completes it with nothing refunded, asking first; the goods stay in stock."""
    from admin_app.rules.sales import cancellation
    alpha, _ = world
    ship(session, alpha)
    order = alpha.order
    if order.unsettled:
        payments.receive(session, alpha.main, alpha.customer.id, order.unsettled, None)
    cancellation.cancel(session, alpha.main, order, cancellation.Revert())
    line = order.lines[0]
    aso = aftersales.create(session, alpha.main, order, "return_refund",
                            [aftersales.ReturnInput(1, order_line=line, reason=alpha.reason)],
                            warehouse=alpha.warehouse)
    aftersales.confirm(session, alpha.main, aso, with_stock_in=True)
    session.commit()
    level = session.query(StockLevel).filter_by(sku_id=line.sku_id,
                                                warehouse_id=alpha.warehouse.id).one()
    stocked = level.qualified
    client = client_for(alpha.main)
    page = client.get(f"/admin/refunds/create/{aso.id}").get_data(True)
    assert 'id="nothing-to-refund"' in page and 'id="refund-form"' not in page
    queue = client.get("/admin/refunds/?show=to_refund").get_data(True)
    row = re.search(rf"<tr>\s*<td><a[^>]*>{aso.number}</a>.*?</tr>", queue, re.S).group(0)
    assert "Nothing to refund: open it" in row
    details = client.get(f"/admin/aftersales/details/?id={aso.id}").get_data(True)
    assert f'value="nothing_to_refund:{aso.id}"' in details
    asked = client.post("/admin/aftersales/action/", {
        "row_action": f"nothing_to_refund:{aso.id}"}).get_data(True)
    assert "Its returned goods stay in stock" in asked
    assert fresh(AfterSalesOrder, aso.id).status == "received_return"
    client.act("/admin/aftersales/action/", {"row_action": f"nothing_to_refund:{aso.id}"})
    assert fresh(AfterSalesOrder, aso.id).status == "completed"
    session.expire_all()
    assert session.query(StockLevel).filter_by(
        sku_id=line.sku_id, warehouse_id=alpha.warehouse.id).one().qualified == stocked
