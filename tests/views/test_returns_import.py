"""Import returns through its page: check, fix, import, and never twice."""
import html
import io
import re

from admin_app.extensions import db
from admin_app.models import AfterSalesOrder, ImportBatch
from admin_app.rules.core import clock

from .. import builders
from ..conftest import token_of
from .test_aftersales_pages import ship


def upload(client, data, name="returns.csv"):
    return client.post("/admin/import-returns/", {"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data").get_data(True)


def confirm(client, page):
    fields = dict(re.findall(r'name="(digest|ext|name)" value="([^"]*)"', page))
    return client.post("/admin/import-returns/", {
        "step": "confirm", "token": token_of(page), **fields}, follow_redirects=True)


def test_a_file_with_a_bad_row_is_refused_then_imported_once_fixed(world, client_for,
                                                                   session):
    alpha, _ = world
    ship(session, alpha)
    client = client_for(alpha.main)
    head = "Order no.,SKU,Quantity,Warehouse,Tracking no.,Reason\n"
    ok = f"{alpha.order.number},{alpha.sku.code},1,{alpha.warehouse.name},IMP-1,\n"
    bad = f"{alpha.order.number},{alpha.sku.code},9,{alpha.warehouse.name},IMP-2,\n"
    page = upload(client, (head + ok + bad).encode())
    assert "1 of 2 row(s) have problems" in page
    assert re.search(r"<td>3</td><td>[^<]*9 but only 1 of 2 can still be returned", page)
    assert 'name="step" value="confirm"' not in page
    fixed = (head + ok).encode()
    page = upload(client, fixed)
    assert "all good: 1 customer return(s) will be created" in page
    done = confirm(client, page).get_data(True)
    assert "Imported 1 customer return(s)" in done and "IMP-1" in done
    aso = db.session.query(AfterSalesOrder).filter_by(return_tracking_no="IMP-1").one()
    assert (aso.kind, aso.status) == ("customer_return", "confirm_return")
    again = upload(client, fixed, "same-content-other-name.csv")
    batch = db.session.query(ImportBatch).one()
    shop_time = clock.local_time(alpha.org, batch.created_at)  # Manila, UTC+8
    assert f"already imported on {shop_time:%Y-%m-%d %H:%M}" in again
    assert db.session.query(AfterSalesOrder).filter_by(kind="customer_return").count() == 1


def test_templates_download_and_the_page_needs_manual_after_sales(world, client_for,
                                                                   session):
    alpha, _ = world
    client = client_for(alpha.main)
    csv_file = client.get("/admin/import-returns/template.csv")
    assert csv_file.status_code == 200 and b"Order no.,SKU,Quantity" in csv_file.data
    xlsx = client.get("/admin/import-returns/template.xlsx")
    assert xlsx.data[:2] == b"PK"
    clerk = builders.make_user(session, alpha.org, "clerk3@alpha.test", ["stock.return_in"])
    session.commit()
    assert client_for(clerk).get("/admin/import-returns/").status_code == 403


def test_a_confirmation_for_a_file_never_checked_changes_nothing(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    done = client.post("/admin/import-returns/", {
        "step": "confirm", "token": "forged-token-0001", "digest": "../../etc/passwd",
        "ext": "csv", "name": "x.csv"}, follow_redirects=True).get_data(True)
    assert "no longer waiting" in done
    assert db.session.query(AfterSalesOrder).filter_by(kind="customer_return").count() == 0


def test_a_hostile_file_gets_a_message_and_changes_nothing(world, client_for, session):
    """A NUL byte in a cell answered 500 on PostgreSQL (issue 20 item 10)."""
    alpha, _ = world
    ship(session, alpha)
    client = client_for(alpha.main)
    head = "Order no.,SKU,Quantity,Warehouse,Tracking no.,Reason\n"
    row = f"{alpha.order.number},{alpha.sku.code},1,{alpha.warehouse.name},IMP\x00-1,\n"
    page = upload(client, (head + row).encode())
    assert "Row 2, Tracking no.: holds a control character" in page
    assert 'name="step" value="confirm"' not in page
    assert db.session.query(AfterSalesOrder).filter_by(kind="customer_return").count() == 0


def test_a_files_problems_are_told_in_the_readers_language(world, client_for, session):
    alpha, _ = world
    ship(session, alpha)
    alpha.main.language = "vi"
    session.commit()
    client = client_for(alpha.main)
    head = "Order no.,SKU,Quantity,Warehouse,Tracking no.,Reason\n"
    rows = (f"{alpha.order.number},{alpha.sku.code},9,{alpha.warehouse.name},IMP-1,\n"
            f"SO-NOWHERE,{alpha.sku.code},1,Nowhere,IMP-2,\n")
    page = html.unescape(upload(client, (head + rows).encode()))
    assert f"{alpha.sku.code} trên đơn {alpha.order.number}: 9 nhưng chỉ còn" in page
    assert "không có đơn 'SO-NOWHERE' trong tổ chức của bạn" in page
    assert "can still be returned" not in page and "in your organization" not in page
