"""The returns import over the API, as on its page: every row checked, all of it
imported or nothing, never the same file twice."""
import io

from admin_app.models import AfterSalesOrder, ImportBatch
from tests.views.test_aftersales_pages import ship

HEAD = "Order no.,SKU,Quantity,Warehouse,Tracking no.,Reason\n"


def send(api, data: bytes, dry_run=False, name="returns.csv"):
    form = {"file": (io.BytesIO(data), name), "dry_run": "true" if dry_run else "false"}
    with api.app.app_context():
        return api.client.post("/api/v1/aftersales/imports", data=form,
                               headers={"Authorization": f"Bearer {api.secret}"},
                               content_type="multipart/form-data")


def test_a_returns_file_is_checked_then_imported_once(api_for, world, session):
    alpha, _ = world
    ship(session, alpha)
    api = api_for(alpha.main)
    good = f"{alpha.order.number},{alpha.sku.code},1,{alpha.warehouse.name},API-1,\n"
    bad = f"{alpha.order.number},{alpha.sku.code},9,{alpha.warehouse.name},API-2,\n"
    refused = send(api, (HEAD + good + bad).encode())
    assert refused.status_code == 422, refused.get_json()
    problem = refused.get_json()
    assert problem["code"] == "import.row_s_problems_nothing"
    assert problem["detail"] == "1 row(s) have problems: nothing was imported."
    assert [r["row"] for r in problem["rows"]] == [3] and "9" in problem["rows"][0]["problem"]
    assert session.query(AfterSalesOrder).filter_by(kind="customer_return").count() == 0
    checked = send(api, (HEAD + good).encode(), dry_run=True)
    assert checked.status_code == 200 and checked.get_json()["dry_run"] is True
    assert (checked.get_json()["rows"], checked.get_json()["returns"],
            checked.get_json()["errors"]) == (1, 1, [])
    assert session.query(AfterSalesOrder).filter_by(kind="customer_return").count() == 0
    made = send(api, (HEAD + good).encode())
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["created"] == 1
    aso = session.query(AfterSalesOrder).filter_by(return_tracking_no="API-1").one()
    assert (aso.kind, aso.status) == ("customer_return", "confirm_return")
    again = send(api, (HEAD + good).encode(), name="other-name.csv")
    assert again.status_code == 422 and again.get_json()["code"] == \
        "import.file_already_imported_returns"
    assert session.query(ImportBatch).count() == 1
    assert send(api_for(alpha.nobody), (HEAD + good).encode()).status_code == 403
    not_a_file = send(api, b"\x00\x01garbage", name="returns.xlsx")
    assert not_a_file.status_code == 422
