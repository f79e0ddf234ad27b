"""Proof files are written only when the action that carries them succeeds, and a long
or odd file name changes neither the type check nor where the file goes."""
from io import BytesIO
from pathlib import Path

import pytest

from admin_app.models import AfterSalesOrder, PaymentReceipt, RefundOrder
from admin_app.rules.aftersales import orders as aftersales

from .. import builders
from ..conftest import token_of

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


def stored_files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_DIR"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def received_aso(session, w):
    aso = aftersales.create(session, w.main, w.credit_order, "return_refund", [
        aftersales.ReturnInput(1, order_line=w.credit_order.lines[0])],
        warehouse=w.warehouse)
    aftersales.confirm(session, w.main, aso, with_stock_in=True)
    session.commit()
    return aso


def test_a_refused_refund_leaves_no_file(world, client_for, session, app):
    alpha, _ = world
    aso = received_aso(session, alpha)
    before = stored_files(app)
    client = client_for(alpha.main)
    url = f"/admin/refunds/create/{aso.id}"
    token = token_of(client.get(url).get_data(as_text=True))
    page = client.confirm(url, {"token": token, "amount": "1.00", "method": "bank_transfer",
                             "step": "confirm", "proof": (BytesIO(builders.PNG), "slip.png")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "enter the bank, the account name" in page  # no bank details: refused
    assert stored_files(app) == before
    assert session.query(RefundOrder).filter_by(aftersales_id=aso.id).count() == 0


def test_a_refused_confirmation_leaves_no_file_and_an_accepted_one_keeps_it(
        world, client_for, session, app):
    alpha, _ = world
    client = client_for(alpha.main)
    url = f"/admin/refunds/{alpha.refund.id}/confirm"
    before = stored_files(app)
    token = token_of(client.get(url).get_data(as_text=True))
    done = client.post(url, {"token": token, "proof": (BytesIO(PDF), "transfer.pdf")},
                       content_type="multipart/form-data", follow_redirects=True)
    assert "confirmed" in done.get_data(as_text=True)
    after = stored_files(app)
    assert len(after) == len(before) + 1
    again = client.post(url, {"token": token, "proof": (BytesIO(PDF), "again.pdf")},
                        content_type="multipart/form-data", follow_redirects=True)
    assert "already submitted" in again.get_data(as_text=True)  # the same form: once
    assert stored_files(app) == after


def test_a_payment_replayed_with_its_proof_writes_the_file_once(world, client_for, app):
    alpha, _ = world
    client = client_for(alpha.main)
    url = f"/admin/reconciliation/{alpha.customer.id}/receive"
    token = token_of(client.get(url).get_data(as_text=True))
    before = stored_files(app)
    form = {"token": token, "amount": "1.00", "scope": "all", "step": "confirm"}
    for _ in range(2):
        client.confirm(url, {**form, "proof": (BytesIO(builders.PNG), "r.png")},
                       content_type="multipart/form-data")
    assert len(stored_files(app)) == len(before) + 1


@pytest.mark.parametrize("name,data,accepted,shown", [
    ("x" * 300 + ".png", builders.PNG, True, "x" * 196 + ".png"),
    ("../../../etc/cron.d/evil.png", builders.PNG, True, "evil.png"),
    ("Scan 01 (final).JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 8, True, "Scan 01 (final).JPG"),
    ("statement.pdf.png", PDF, False, None),
    ("y" * 300 + ".png.exe", builders.PNG, False, None),
    ("no-extension", builders.PNG, False, None),
])
def test_the_type_check_reads_the_whole_name_and_the_content(
        world, client_for, app, session, name, data, accepted, shown):
    alpha, _ = world
    client = client_for(alpha.main)
    url = f"/admin/reconciliation/{alpha.customer.id}/receive"
    token = token_of(client.get(url).get_data(as_text=True))
    before = stored_files(app)
    client.confirm(url, {"token": token, "amount": "1.00", "scope": "all", "step": "confirm",
                      "proof": (BytesIO(data), name)}, content_type="multipart/form-data")
    receipt = session.query(PaymentReceipt).filter_by(org_id=alpha.org.id) \
        .order_by(PaymentReceipt.id.desc()).first()
    written = [p for p in stored_files(app) if p not in before]
    if accepted:
        assert receipt.proof_name == shown
        assert [p.name for p in written] == [receipt.proof_file]
        assert written[0].parent == Path(app.config["UPLOAD_DIR"]) / str(alpha.org.id)
    else:
        assert receipt.proof_name != name and written == []
    assert session.query(AfterSalesOrder).count() == 2
