import re
from datetime import timedelta
from decimal import Decimal as D
from io import BytesIO

from admin_app.extensions import db
from admin_app.models import LedgerEntry, Order, PaymentReceipt
from admin_app.rules.credit.terms import Payment
from admin_app.rules.sales.orders import LineInput, create_order

from .. import builders
from ..conftest import token_of


def owed_orders(session, w, *amounts, days_ago=20):
    made = []
    for n, amount in enumerate(amounts):
        made.append(create_order(
            session, w.main, store=w.store, customer=w.customer,
            lines=[LineInput(w.sku, 1, D(amount))], number=f"OWE-{n}",
            order_date=builders.local_now() - timedelta(days=days_ago - n),
            payment=Payment(received=D("0"))))
    session.commit()
    return made


def test_receive_payment_previews_the_overpayment_then_posts_once(world, client_for,
                                                                  session):
    alpha, _ = world
    owed_orders(session, alpha, "100.00", "50.00")
    owed = alpha.customer.total_credit  # 15.00 from the world's order, + 150.00
    client = client_for(alpha.main)
    url = f"/admin/reconciliation/{alpha.customer.id}/receive"
    page = client.get(url).get_data(as_text=True)
    assert "OWE-0" in page and "Unsettled" in page
    token = token_of(page)
    preview = client.post(url, {"token": token, "amount": "200.00", "scope": "all",
                                "step": "preview"}).get_data(as_text=True)
    assert "will go to the customer's balance" in preview
    assert f"{D('200.00') - owed:,.2f}" in preview
    assert db.session.query(PaymentReceipt).count() == 2  # the worlds' own, nothing new
    ack = re.search(r'name="ack_to_balance"[^>]*value="([^"]*)"', preview).group(1)
    seen = re.search(r'name="seen" value="([^"]*)"', preview).group(1)
    form = {"token": token, "amount": "200.00", "scope": "all", "step": "confirm",
            "ack_to_balance": ack, "seen": seen,
            "proof": (BytesIO(builders.PNG), "receipt.png")}
    done = client.post(url, dict(form), content_type="multipart/form-data",
                       follow_redirects=True).get_data(as_text=True)
    assert "went to the customer&#39;s balance" in done
    again = client.post(url, {**form, "proof": (BytesIO(builders.PNG), "receipt.png")},
                        content_type="multipart/form-data", follow_redirects=True)
    assert "already submitted" in again.get_data(as_text=True)
    db.session.expire_all()
    receipts = db.session.query(PaymentReceipt).filter_by(org_id=alpha.org.id).order_by(
        PaymentReceipt.id).all()
    assert len(receipts) == 2 and receipts[-1].proof_name == "receipt.png"
    assert db.session.get(type(alpha.customer), alpha.customer.id).total_credit == 0


def test_confirming_an_overpayment_without_seeing_it_shows_it_first(world, client_for,
                                                                   session):
    alpha, _ = world
    client = client_for(alpha.main)
    url = f"/admin/reconciliation/{alpha.customer.id}/receive"
    token = token_of(client.get(url).get_data(as_text=True))
    page = client.post(url, {"token": token, "amount": "500.00", "scope": "all",
                             "step": "confirm"}).get_data(as_text=True)
    assert 'id="overpayment"' in page
    assert db.session.query(PaymentReceipt).filter_by(org_id=alpha.org.id).count() == 1


def test_selected_orders_scope_settles_only_the_ticked_ones(world, client_for, session):
    alpha, _ = world
    a, b = owed_orders(session, alpha, "100.00", "50.00")
    client = client_for(alpha.main)
    url = f"/admin/reconciliation/{alpha.customer.id}/receive"
    token = token_of(client.get(url).get_data(as_text=True))
    response = client.confirm(url, {"token": token, "amount": "50.00", "scope": "selected",
                                    "selected": [str(b.id)], "step": "confirm"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Order, a.id).unsettled == D("100.00")
    assert db.session.get(Order, b.id).unsettled == D("0.00")


def test_a_proof_that_is_not_an_image_or_pdf_is_refused(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    url = f"/admin/reconciliation/{alpha.customer.id}/receive"
    token = token_of(client.get(url).get_data(as_text=True))
    for name, data, message in [("x.exe", b"MZ...", "PNG, JPEG or PDF"),
                                ("fake.png", b"<html>", "not a real .png")]:
        page = client.confirm(url, {"token": token, "amount": "1.00", "scope": "all",
                                 "step": "confirm", "proof": (BytesIO(data), name)},
                           content_type="multipart/form-data").get_data(as_text=True)
        assert message in page
    assert db.session.query(PaymentReceipt).filter_by(org_id=alpha.org.id).count() == 1


def test_bad_amounts_get_a_message_and_post_nothing(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    url = f"/admin/reconciliation/{alpha.customer.id}/receive"
    token = token_of(client.get(url).get_data(as_text=True))
    entries = db.session.query(LedgerEntry).count()
    for amount in ["", "0", "-5", "abc", "1e20", "NaN"]:
        page = client.confirm(url, {"token": token, "amount": amount, "scope": "all",
                                 "step": "confirm"})
        assert page.status_code == 200 and "invalid-feedback" in page.get_data(as_text=True)
    page = client.confirm(url, {"token": token, "amount": "5", "scope": "selected",
                             "step": "confirm"}).get_data(as_text=True)
    assert "tick at least one" in page
    # one message each, saying what is wrong with the amount (issue 21 item 15)
    for amount, says in [("abc", "is not an amount"), ("1.234", "has more than 2 decimals"),
                         ("1" * 21, "is too large (at most")]:
        page = client.confirm(url, {"token": token, "amount": amount, "scope": "all",
                                 "step": "confirm"}).get_data(as_text=True)
        errors = re.findall(r'<div class="invalid-feedback[^"]*">(.*?)</div>', page, re.S)
        assert len(errors) == 1 and says in errors[0], (amount, errors)
        assert "Enter an amount between" not in page
    assert db.session.query(LedgerEntry).count() == entries


def test_reports_users_read_the_ledger_but_cannot_receive_payments(world, client_for,
                                                                   session):
    alpha, _ = world
    manager = builders.make_user(session, alpha.org, "mgr@alpha.test", ["reports.view"])
    session.commit()
    client = client_for(manager)
    assert client.get("/admin/reconciliation/").status_code == 200
    page = client.get(f"/admin/reconciliation/{alpha.customer.id}/ledger")
    assert page.status_code == 200 and "Receive Payment" not in page.get_data(as_text=True)
    assert client.get(f"/admin/reconciliation/{alpha.customer.id}/receive").status_code == 403
    assert client.post(f"/admin/reconciliation/{alpha.customer.id}/receive",
                       {"amount": "1"}).status_code == 403


def test_the_ledger_lists_entries_newest_first_with_running_totals(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    page = client.get(f"/admin/reconciliation/{alpha.customer.id}/ledger").get_data(
        as_text=True)
    rows = re.findall(r"<tr>\s*<td>(\d+)</td>", page)
    assert rows == sorted(rows, key=int, reverse=True) and rows[-1] == "1"
    assert "Payment receipt" in page and "Order" in page and "Adjustment" in page
    csv = client.get(f"/admin/reconciliation/{alpha.customer.id}/ledger?export=csv")
    assert csv.get_data().startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    lines = csv.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("#,Date,Document type") and len(lines) == 1 + len(rows)
    cur = alpha.org.currency  # amounts are plain numbers: the header names the currency
    assert f",Receivable ({cur}),Received ({cur})," in lines[0]
    assert lines[0].endswith(f",Total balance ({cur}),Note")


def test_overview_cards_and_filters(world, client_for, session):
    alpha, _ = world
    owed_orders(session, alpha, "100.00", days_ago=30)  # due 7 days after: overdue
    client = client_for(alpha.main)
    page = client.get("/admin/reconciliation/").get_data(as_text=True)
    assert re.search(r'id="kpi-credit-customers">1<', page)
    assert re.search(r'id="kpi-total-credit">115.00<', page)  # 15.00 + 100.00
    assert re.search(r'id="kpi-due-amount">115.00<', page)  # both are past due
    assert "Alpha Buyer" in client.get("/admin/reconciliation/?term=due").get_data(
        as_text=True)
    assert "Alpha Buyer" not in client.get(
        "/admin/reconciliation/?term=not_due").get_data(as_text=True)
    assert "Alpha Buyer" not in client.get(
        "/admin/reconciliation/?credit=none").get_data(as_text=True)
    xlsx = client.get("/admin/reconciliation/?export=xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    exported = client.get("/admin/reconciliation/?export=csv").get_data(as_text=True)
    assert exported.lstrip("\ufeff").splitlines()[0].endswith(
        f",Due amount ({alpha.org.currency}),Balance ({alpha.org.currency})")
    row = next(line for line in exported.splitlines() if "Alpha Buyer" in line)
    assert row.split(",")[-2:] == ["115.00", "15.00"]  # due amount, balance
    aging = client.get("/admin/reconciliation/aging").get_data(as_text=True)
    assert "115.00" in aging and "0-30" in aging


def test_customer_credit_settings_post_opening_entries_once(world, client_for, session):
    alpha, _ = world
    client = client_for(alpha.main)
    url = f"/admin/customers/edit/?id={alpha.customer.id}"
    form = {"code": alpha.customer.code, "name": "Alpha Buyer", "level": str(alpha.level.id),
            "credit_allowed": "y", "credit_order_types": ["manual"],
            "account_period_days": "30", "credit_limit": "1000.00",
            "opening_credit": "80.00", "opening_balance": "20.00"}
    assert client.post(url, form).status_code == 302
    assert client.post(url, form).status_code == 302
    kinds = [e.doc_type for e in db.session.query(LedgerEntry).filter_by(
        customer_id=alpha.customer.id)]
    assert kinds.count("opening_credit") == 1 and kinds.count("opening_balance") == 1
    page = client.post(url, {**form, "opening_credit": "90.00"}).get_data(as_text=True)
    assert "already posted" in page


def test_an_order_form_with_a_partial_payment_leaves_credit(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    response = client.post("/admin/orders/new/", {
        "store": str(alpha.store.id), "customer": str(alpha.customer.id),
        "order_type": "manual", "payment_method": "prepaid",
        "order_date": "2026-11-20 09:30:00", "lines-0-sku": str(alpha.part.id),
        "lines-0-quantity": "10", "lines-0-unit_price": "10.00", "paid_with": "cash",
        "amount_received": "40.00", "balance_to_use": "15.00",
        "token": "one-time-token-for-this-form"})
    assert response.status_code == 302
    order = db.session.query(Order).order_by(Order.id.desc()).first()
    assert (order.total, order.received, order.balance_used, order.unsettled) == (
        D("100.00"), D("40.00"), D("15.00"), D("45.00"))
    assert str(order.credit_due_date) == "2026-11-27"


def test_the_cancel_page_reverts_store_credit_and_bulk_cancel_does_not(world, client_for,
                                                                       session):
    alpha, _ = world
    paid = [create_order(session, alpha.main, store=alpha.store, customer=alpha.customer,
                         lines=[LineInput(alpha.sku, 1, D("5.00"))], number=f"BAL-{n}",
                         payment=Payment(balance=D("5.00"))) for n in range(2)]
    session.commit()
    client = client_for(alpha.main)
    page = client.get(f"/admin/orders/cancel/?id={paid[0].id}").get_data(as_text=True)
    assert "Store credit used" in page and "expires" in page
    response = client.post(f"/admin/orders/cancel/?id={paid[0].id}", {
        "token": token_of(page), "revert_credit": "y", "notify": "y"},
        follow_redirects=True)
    assert "Store credit 5.00 back" in response.get_data(as_text=True)
    client.act("/admin/orders/action/", {"action": "cancel", "rowid": str(paid[1].id)})
    db.session.expire_all()
    assert db.session.get(Order, paid[0].id).revert_status == "reverted"
    assert db.session.get(Order, paid[1].id).revert_status == "not_reverted"
    listing = client.get("/admin/orders/?flt0_revert_status_equals=not_reverted")
    assert listing.status_code == 200


def test_the_dashboard_shows_credit_figures_to_managers(world, client_for):
    alpha, _ = world
    page = client_for(alpha.main).get("/admin/boards/credit").get_data(as_text=True)
    assert re.search(r'id="dash-total-credit">15.00<', page)
    assert "Top customers by credit" in page and "Payments received per week" in page


def test_aging_ties_to_the_total_credit_with_opening_credit_and_customer_codes(
        world, client_for, session):
    from admin_app.reports import credit as credit_reports
    from admin_app.rules.credit import terms
    alpha, _ = world
    terms.save_settings(session, alpha.main, alpha.customer, credit_allowed=True,
                        order_types=["manual"], account_period_days=7, credit_limit=None,
                        opening_credit=D("40.00"), opening_balance=None)
    session.commit()
    overview = credit_reports.overview(session, alpha.org.id, builders.local_today())
    totals = credit_reports.aging_totals(session, alpha.org.id, builders.local_today())
    assert totals["Opening credit"] == D("40.00")
    assert totals["Total"] == overview.total_credit == alpha.customer.total_credit
    page = client_for(alpha.main).get("/admin/reconciliation/aging").get_data(as_text=True)
    assert alpha.customer.code in page and "Opening credit" in page
    assert f"{overview.total_credit:,.2f}" in page.split('id="aging-totals"')[1]
    csv_rows = client_for(alpha.main).get("/admin/reconciliation/aging?export=csv") \
        .get_data(as_text=True).splitlines()
    assert csv_rows[-1].endswith(f"{overview.total_credit}")
    assert csv_rows[0].endswith(f",Total ({alpha.org.currency})")
    assert f",Opening credit ({alpha.org.currency})," in csv_rows[0]
    # each customer's row adds up across its columns, in the page and in the file
    for row in credit_reports.aging(session, alpha.org.id, builders.local_today()):
        assert row[-1] == sum(row[3:-1], D("0")) > 0, row
    mine = next(line for line in csv_rows if line.startswith(alpha.customer.code))
    assert mine.endswith(f",{alpha.customer.total_credit}"), mine


def test_the_customer_filter_finds_any_part_of_code_name_phone_or_email(world, client_for,
                                                                        session):
    """The reconciliation list found only the start of a code or name, in its case."""
    alpha, _ = world
    alpha.customer.name, alpha.customer.phone = "Nguyễn Thị Ánh", "+84 912 345 678"
    alpha.customer.email = "anh.nguyen@shop.test"
    session.commit()
    client = client_for(alpha.main)
    for part in ("thị án", "ÁNH", "345 6", "nguyen@shop", alpha.customer.code[1:]):
        page = client.get("/admin/reconciliation/", query_string={"q": part}).get_data(True)
        assert "Nguyễn Thị Ánh" in page, part
    page = client.get("/admin/reconciliation/", query_string={"q": "nobody"}).get_data(True)
    assert "Nguyễn Thị Ánh" not in page and "No customers match these filters." in page
