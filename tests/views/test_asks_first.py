"""Money and mass actions ask first, on the server, saying what will happen; only the
question's button posts, once (issue 21 item 3)."""
import re

from admin_app.extensions import db
from admin_app.models import AfterSalesOrder, LedgerEntry, Order, PaymentReceipt
from admin_app.rules.aftersales import exchange, orders as aftersales, refund_orders

from ..conftest import token_of
from .test_access_matrix import fingerprint


def test_a_bulk_action_says_how_many_and_which_then_posts_once(world, client_for,
                                                               session):
    alpha, _ = world
    client = client_for(alpha.main)
    orders = [alpha.order, alpha.credit_order]
    data = [("action", "cancel")] + [("rowid", str(o.id)) for o in orders]
    before = fingerprint()
    question, done = client.asked("/admin/orders/action/", data, follow_redirects=True)
    assert "Cancel: 2 record(s)" in question
    assert all(o.number in question for o in orders)
    assert "Go back, change nothing" in question
    assert "cancelled" in done.get_data(True).lower()
    db.session.expire_all()
    assert {db.session.get(Order, o.id).status for o in orders} == {"cancelled"}
    reverted = db.session.query(LedgerEntry).filter_by(doc_type="cancellation").count()
    # the question's button pressed twice (a double click, a replayed request)
    replay = client._press(question, follow_redirects=True)
    assert "already submitted" in replay.get_data(True)
    assert db.session.query(LedgerEntry).filter_by(doc_type="cancellation").count() == \
        reverted
    # without the question's button nothing happens: the question comes back
    assert before != fingerprint()
    again = client.post("/admin/orders/action/", [("action", "approve"),
                                                  ("rowid", str(alpha.order.id))])
    assert 'id="confirm-action"' in again.get_data(True)


def test_complete_without_a_refund_asks_first_with_the_amounts(world, client_for,
                                                               session):
    alpha, _ = world
    line = alpha.credit_order.lines[0]
    aso = aftersales.create(session, alpha.main, alpha.credit_order, "exchange",
                            [aftersales.ReturnInput(1, order_line=line)],
                            [aftersales.ExchangeInput(line.sku, 1)],
                            warehouse=alpha.warehouse)
    aftersales.confirm(session, alpha.main, aso, with_stock_in=True)
    session.commit()
    client = client_for(alpha.main)
    # before its exchange order exists, completing is refused whatever the page shows
    _, refused = client.asked("/admin/aftersales/action/",
                              {"row_action": f"complete:{aso.id}"}, follow_redirects=True)
    assert "generate the exchange order first" in refused.get_data(True).lower()
    db.session.expire_all()
    assert db.session.get(AfterSalesOrder, aso.id).status == "received_return"
    exchange.generate(session, alpha.main, db.session.get(AfterSalesOrder, aso.id))
    session.commit()
    before = fingerprint()
    page = client.post("/admin/aftersales/action/",
                       {"row_action": f"complete:{aso.id}"}).get_data(True)
    assert "Complete (no refund): 1 record" in page and "not paid back" in page
    assert aso.number in page and "still refundable" in page
    assert fingerprint() == before  # asked, nothing done
    _, done = client.asked("/admin/aftersales/action/", {"row_action": f"complete:{aso.id}"})
    db.session.expire_all()
    assert db.session.get(AfterSalesOrder, aso.id).status == "completed"


def test_a_bank_refund_is_confirmed_on_a_page_naming_amount_customer_and_account(
        world, client_for, session):
    alpha, _ = world
    client = client_for(alpha.main)
    url = f"/admin/refunds/{alpha.refund.id}/confirm"
    listing = client.get("/admin/refunds/").get_data(True)
    assert f'href="{url}"' in listing  # a link to the page, not a one-click POST
    page = client.get(url).get_data(True)
    refund = alpha.refund
    assert f"{refund.amount:,.2f}" in page and alpha.customer.name in page
    assert refund.account_no in page and "Go back, change nothing" in page
    before = fingerprint()
    assert client.post(url, {}).status_code == 200  # no token: asked again, not posted
    assert fingerprint() == before


def test_money_forms_show_what_they_post_before_posting(world, client_for, session):
    alpha, _ = world
    refund_orders.reject(session, alpha.main, alpha.refund, "redo")
    session.commit()
    client = client_for(alpha.main)
    url = f"/admin/refunds/create/{alpha.aso.id}"
    form = {"token": token_of(client.get(url).get_data(True)), "amount": "5.00",
            "method": "balance", "step": "confirm"}
    page = client.post(url, form).get_data(True)  # straight to confirm: shown first
    assert re.search(r"Refund 5\.00 PHP to .*into their store-credit balance", page, re.S)
    assert db.session.get(AfterSalesOrder, alpha.aso.id).status != "completed"
    receive = f"/admin/reconciliation/{alpha.customer.id}/receive"
    payments = db.session.query(PaymentReceipt).count()
    page = client.post(receive, {"token": token_of(client.get(receive).get_data(True)),
                                 "amount": "1.00", "scope": "all", "step": "confirm"})
    assert 'id="payment-preview"' in page.get_data(True)
    assert db.session.query(PaymentReceipt).count() == payments


def test_only_the_question_s_own_button_confirms(world, client_for, session):
    """confirmed=1 with a made-up token, or the signature of a question about another
    row, is asked again and changes nothing."""
    alpha, _ = world
    client = client_for(alpha.main)
    asked_for = [("action", "cancel"), ("rowid", str(alpha.order.id))]
    question = client.post("/admin/orders/action/", asked_for).get_data(True)
    signature = re.search(r'name="asked" value="([^"]+)"', question).group(1)
    token = re.search(r'name="token" value="([^"]+)"', question).group(1)
    before = fingerprint()
    for forged in ([("confirmed", "1"), ("token", "made-up")],
                   [("confirmed", "1"), ("token", "made-up"), ("asked", signature)],
                   [("confirmed", "1"), ("token", token), ("asked", "0" * 64)],
                   [("confirmed", "1"), ("token", token), ("asked", "é" * 64)]):
        again = client.post("/admin/orders/action/", asked_for + forged)
        assert 'id="confirm-action"' in again.get_data(True)
    other_row = [("action", "cancel"), ("rowid", str(alpha.credit_order.id)),
                 ("confirmed", "1"), ("token", token), ("asked", signature)]
    again = client.post("/admin/orders/action/", other_row)
    assert 'id="confirm-action"' in again.get_data(True)
    assert fingerprint() == before
    assert db.session.get(Order, alpha.order.id).status != "cancelled"


def test_a_bulk_action_with_no_row_selected_says_nothing_was_done(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    before = fingerprint()
    page = client.post("/admin/orders/action/", [("action", "cancel")],
                       follow_redirects=True).get_data(True)
    assert "No record was selected: nothing was done." in page
    assert 'alert-success' not in page and 'id="confirm-action"' not in page
    assert fingerprint() == before


def test_confirm_and_stock_in_asks_first_and_says_how_to_grade_damaged_goods(
        world, client_for, session):
    alpha, _ = world
    line = alpha.credit_order.lines[0]
    aso = aftersales.create(session, alpha.main, alpha.credit_order, "return_refund",
                            [aftersales.ReturnInput(1, order_line=line)],
                            warehouse=alpha.warehouse)
    session.commit()
    client = client_for(alpha.main)
    before = fingerprint()
    question = client.post("/admin/aftersales/action/",
                           {"row_action": f"confirm_stock_in:{aso.id}"}).get_data(True)
    assert "as good (qualified) stock now?" in question
    assert "use Confirm After-Sales, then Return Stock-In" in question
    assert fingerprint() == before  # asking changed nothing
    _, done = client.asked("/admin/aftersales/action/",
                           {"row_action": f"confirm_stock_in:{aso.id}"},
                           follow_redirects=True)
    db.session.expire_all()
    assert db.session.get(AfterSalesOrder, aso.id).status == "received_return"
