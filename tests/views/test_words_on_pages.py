"""Pages say what happened in words: statuses and methods as labels, dates to the
minute, yes/no, a readable audit trail and an outbox that names the customer (issue 11
item 15)."""
import re

from admin_app.models import AuditLog


def test_the_audit_trail_says_who_what_on_which_document_and_what_changed(
        world, client_for, session):
    alpha, _ = world
    session.add(AuditLog(org_id=alpha.org.id, user_id=alpha.main.id,
                         action="customer.update", object_type="Customer",
                         object_id=str(alpha.customer.id),
                         before='{"phone": "0901"}', after='{"phone": "0902"}'))
    session.commit()
    page = client_for(alpha.main).get("/admin/audit/").get_data(as_text=True)
    row = page[page.index("Update"):]
    assert alpha.main.email in page
    assert f'href="/admin/customers/details/?id={alpha.customer.id}' in page
    assert f"Customer #{alpha.customer.id}" in row
    assert re.search(r"<th><code>phone</code></th><td>0901</td><td>0902</td>", row)
    assert not re.search(r"\d\d:\d\d:\d\d\.\d{6}", page)  # no microseconds
    assert "received_return" not in page and "Received Return" in page


def test_refund_orders_and_the_outbox_show_labels_and_names(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    refunds = client.get("/admin/refunds/").get_data(as_text=True)
    assert "Bank transfer" in refunds and ">bank_transfer<" not in refunds
    assert "Waiting for confirmation" in refunds
    assert ">pending<" not in refunds
    outbox = client.get("/admin/outbox/").get_data(as_text=True)
    assert alpha.customer.name in outbox
    customers = client.get("/admin/customers/").get_data(as_text=True)
    assert ">True<" not in customers and ">False<" not in customers


def test_a_page_with_its_own_heading_names_itself_once(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    for url in ("/admin/api-tokens/", "/admin/import-platform-requests/",
                "/admin/import-returns/", "/admin/jobs/", "/admin/loyalty/",
                "/admin/mail-settings/", "/admin/platform-deadlines/", "/admin/refunds/",
                "/admin/return-stock-in/", "/admin/stock_adjust/", "/admin/webhooks/"):
        page = client.get(url).get_data(True)
        headings = re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", page, re.S)
        named = [re.sub(r"<[^>]+>|\s+", " ", h).strip() for h in headings]
        assert len(named) == len(set(named)) and named, (url, named)


def test_a_customers_page_and_the_outbox_word_codes_and_mail_answers(world, client_for,
                                                                     session):
    """The customer's page showed "manual messenger"; a message refused by the mail
    server read in English on every page."""
    from admin_app.models import Outbox
    alpha, _ = world
    alpha.customer.credit_order_types = "manual messenger"
    session.add(Outbox(org_id=alpha.org.id, customer_id=alpha.customer.id,
                       to_address="gone@b.test", subject="Hello", body="Hi", status="failed",
                       error="Refused by the mail server: 550 5.1.1 Mailbox does not exist"))
    session.commit()
    client = client_for(alpha.main)
    page = client.get(f"/admin/customers/details/?id={alpha.customer.id}").get_data(True)
    assert "Manual, Messenger" in page and "manual messenger" not in page
    alpha.main.language = "id"
    session.commit()
    outbox = client_for(alpha.main).get("/admin/outbox/").get_data(as_text=True)
    assert "Ditolak oleh server surat: 550 5.1.1 Mailbox does not exist" in outbox
