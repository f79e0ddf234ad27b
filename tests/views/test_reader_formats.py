"""Amounts and dates written the reader's way (SPEC S10): a customer's e-mail in the
customer's language whoever sends it, notes kept in English and shown in each reader's,
and the dates of the payment, cancel and statement pages in the reader's language."""
import io
import re
from datetime import date, datetime, timedelta
from decimal import Decimal as D

from pypdf import PdfReader

from admin_app.models import LedgerEntry, Outbox
from admin_app.rules.core import notes
from admin_app.rules.credit import adjustments

from .. import builders
from ..conftest import token_of
from ..rules.accounts_helpers import make_shop, order

TODAY = builders.local_today()


def paid_with_balance(session, shop, balance, expires):
    """An order of yesterday paid with cash and with a balance expiring on `expires`."""
    shop.customer.email = "maria@example.test"
    adjustments.adjust_balance(session, shop.main, shop.customer.id, D(balance), "gift",
                               expires)
    made = order(shop, "2000.00", received=str(D("2000.00") - D(balance)), balance=balance,
                 when=datetime.combine(TODAY - timedelta(days=1), datetime.min.time()))
    session.commit()
    return made


def cancel_and_tell(client, made):
    url = f"/admin/orders/cancel/?id={made.id}"
    done = client.post(url, {"token": token_of(client.get(url).get_data(True)),
                             "revert_credit": "y", "notify": "y"})
    assert done.status_code == 302


def test_the_customers_email_writes_amounts_and_dates_their_way(session, client_for):
    """Staff reading Vietnamese cancel; the customer reads English: 1,234.50, not
    1.234,50 (which reads as 1.2345). A Thai customer gets the expiry in Thai."""
    shop = make_shop(session, period=30)
    shop.main.language, shop.customer.language = "vi", "en"
    made = paid_with_balance(session, shop, "1234.50", TODAY + timedelta(days=300))
    cancel_and_tell(client_for(shop.main), made)
    body = session.query(Outbox).filter_by(customer_id=shop.customer.id).one().body
    assert "1,234.50" in body and "1.234,50" not in body
    assert (TODAY + timedelta(days=300)).isoformat() in body  # English: ISO dates

    other = make_shop(session, period=30, name="Thai Books")
    other.customer.language = "th"
    made = paid_with_balance(session, other, "100.00", date(2030, 3, 15))
    cancel_and_tell(client_for(other.main), made)
    body = session.query(Outbox).filter_by(customer_id=other.customer.id).one().body
    assert "2030-03-15" not in body and "15 มี.ค. 2030" in body


def test_a_note_keeps_its_amount_in_english_and_shows_it_the_readers_way(
        session, client_for):
    """An overpayment entered by staff reading Indonesian: the note is kept as
    "1,234.50 to balance" (it was kept as "1.234,50 to balance", which an English
    reader takes for 1.2345), and each reader sees it written their way."""
    shop = make_shop(session, period=30)
    shop.main.language = "id"
    session.commit()
    client = client_for(shop.main)
    url = f"/admin/reconciliation/{shop.customer.id}/receive"
    sent = {"amount": "1.234,50", "scope": "all"}
    page = client.post(url, {**sent, "token": token_of(client.get(url).get_data(True)),
                             "step": "preview"}).get_data(True)
    ack = re.search(r'name="ack_to_balance"[^>]*value="([^"]*)"', page) or \
        re.search(r'value="([^"]*)"[^>]*name="ack_to_balance"', page)
    done = client.post(url, {**sent, "token": token_of(page), "step": "confirm",
                             "seen": re.search(r'name="seen" value="([^"]*)"', page)[1],
                             "ack_to_balance": ack[1]})
    assert done.status_code == 302
    note = session.query(LedgerEntry).filter_by(doc_type="payment").one().note
    assert note == "1,234.50 to balance"
    ledger = client.get(f"/admin/reconciliation/{shop.customer.id}/ledger").get_data(True)
    assert "1.234,50" in ledger and "1,234.50" not in ledger
    assert notes.shown(note) == "1,234.50 to balance"  # an English reader (no request)
    assert notes.shown("1.234,50 to balance") == "1.234,50 to balance"  # as stored before


def test_thai_pages_and_the_pdf_write_their_dates_in_thai(session, client_for):
    shop = make_shop(session, period=30)
    shop.main.language = "th"
    made = paid_with_balance(session, shop, "50.00", date(2030, 3, 15))
    client = client_for(shop.main)
    cancel = client.get(f"/admin/orders/cancel/?id={made.id}").get_data(True)
    assert "2030-03-15" not in cancel and "15 มี.ค. 2030" in cancel
    order(shop, "100.00", when=datetime(2026, 11, 3, 10, 0))
    session.commit()
    receive = client.get(f"/admin/reconciliation/{shop.customer.id}/receive").get_data(True)
    rows = receive[receive.index("<tbody>"):receive.index("</tbody>")]
    assert "2026-11-03" not in rows and "3 พ.ย. 2026" in rows
    start = TODAY - timedelta(days=40)
    pdf = client.get(f"/admin/reconciliation/{shop.customer.id}/statement"
                     f"?start={start}&end={TODAY}&format=pdf")
    text = PdfReader(io.BytesIO(pdf.data)).pages[0].extract_text()
    assert TODAY.isoformat() not in text and "2026-11-03" not in text


def test_a_dong_shops_files_write_whole_amounts(session, client_for):
    """VND has no decimals: the files write 450000, as the API and the pages do (they
    wrote the stored 450000.00)."""
    org = builders.make_org(session, "Dong Files", currency="VND",
                            timezone="Asia/Ho_Chi_Minh")
    w = builders.make_world(session, "Dong Files", marker="DF", org=org)
    session.commit()
    client = client_for(w.main)
    for url in ("/admin/orders/export/csv/?tab=all",
                f"/admin/reconciliation/{w.customer.id}/ledger?export=csv"):
        text = client.get(url).get_data(as_text=True)
        assert ".00" not in text, (url, text[:500])
    book = client.get("/admin/orders/export/xlsx/?tab=all")
    assert book.status_code == 200
