"""Every role can finish its job, sees only the buttons its role allows, and a refusal
answers inside the app saying which permission is needed and who grants it."""
from decimal import Decimal
from io import BytesIO

from admin_app.models import AfterSalesOrder, Organization
from admin_app.rules.aftersales import orders as aftersales

from .. import builders
from ..conftest import token_of


def received_return(session, w):
    aso = aftersales.create(session, w.main, w.credit_order, "return_refund", [
        aftersales.ReturnInput(1, order_line=w.credit_order.lines[0])],
        warehouse=w.warehouse)
    aftersales.confirm(session, w.main, aso, with_stock_in=True)
    session.commit()
    return aso


def test_finance_finds_what_waits_for_a_refund_order_and_makes_it(
        world, client_for, session):
    alpha, _ = world
    aso = received_return(session, alpha)
    finance = builders.make_user(session, alpha.org, "fin@alpha.test", ["aftersales.refund"])
    session.commit()
    client = client_for(finance)
    queue = client.get("/admin/refunds/?show=to_refund").get_data(as_text=True)
    assert aso.number in queue and f"/admin/refunds/create/{aso.id}" in queue
    assert alpha.aso.number not in queue  # already in Refund Processing
    listing = client.get("/admin/aftersales/?tab=received_return").get_data(as_text=True)
    assert "Create Refund Order" in listing and "Confirm After-Sales" not in listing
    page = client.get(f"/admin/refunds/create/{aso.id}").get_data(as_text=True)
    done = client.confirm(f"/admin/refunds/create/{aso.id}", {
        "token": token_of(page), "amount": "1.00", "method": "balance",
        "step": "confirm"}, follow_redirects=True)
    assert done.status_code == 200 and "is completed" in done.get_data(as_text=True)
    assert session.get(AfterSalesOrder, aso.id).status == "completed"


def test_a_refused_page_stays_in_the_app_and_names_the_permission_and_who_grants_it(
        world, client_for, session):
    alpha, _ = world
    clerk = builders.make_user(session, alpha.org, "clerk2@alpha.test", ["stock.return_in"],
                               role_name="Warehouse")
    session.commit()
    page = client_for(clerk).get("/admin/orders/")
    text = page.get_data(as_text=True)
    assert page.status_code == 403
    assert 'class="navbar' in text and "Return Stock-In" in text  # the app's menu
    assert "Orders" in text and "orders.manage" not in text  # by its name
    assert "Warehouse" in text and alpha.main.email in text  # the role, who grants it


def test_not_found_stays_in_the_app(world, client_for):
    alpha, beta = world
    page = client_for(alpha.main).get(f"/admin/orders/details/?id={beta.order.id}")
    assert page.status_code == 404 and 'class="navbar' in page.get_data(as_text=True)


def test_a_file_over_the_limit_goes_back_to_the_form_with_the_limit(
        world, client_for, app):
    alpha, _ = world
    client = client_for(alpha.main)
    url = f"/admin/reconciliation/{alpha.customer.id}/receive"
    token = token_of(client.get(url).get_data(as_text=True))
    limit = app.config["MAX_CONTENT_LENGTH"]
    big = BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * limit)
    page = client.confirm(url, {"token": token, "amount": "1.00", "scope": "all",
                             "step": "confirm", "proof": (big, "huge.png")},
                       headers={"Referer": f"http://localhost{url}"},
                       content_type="multipart/form-data", follow_redirects=True)
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="receive-form"' in text
    assert "at most 5 MB" in text


def test_roles_show_permission_names_and_settings_need_their_own_permission(
        world, client_for, session):
    alpha, _ = world
    nobody_role = alpha.role
    nobody_role.permissions = "orders.manage aftersales.refund"
    session.commit()
    listing = client_for(alpha.main).get("/admin/roles/").get_data(as_text=True)
    assert "Orders, After-Sales Refund" in listing and "orders.manage" not in listing
    form = client_for(alpha.main).get(f"/admin/roles/edit/?id={nobody_role.id}") \
        .get_data(as_text=True)
    assert "Manual After-Sales Order: create, edit, confirm" in form
    service = builders.make_user(session, alpha.org, "cs@alpha.test", ["customers.manage"])
    owner_of_settings = builders.make_user(session, alpha.org, "set@alpha.test",
                                           ["settings.manage"])
    session.commit()
    assert client_for(service).get("/admin/loyalty/").status_code == 403
    settings_client = client_for(owner_of_settings)
    assert settings_client.get("/admin/loyalty/").status_code == 200
    assert settings_client.post("/admin/loyalty/", {
        "points_earn_rate": "2.00", "point_value": "0.05", "points_expiry_month": "12",
        "points_expiry_day": "31", "csrf_token": settings_client.csrf()}).status_code == 302
    session.expire_all()
    assert session.get(Organization, alpha.org.id).points_earn_rate == Decimal("2")
    # a rate finer than an amount (a point per 1,000), shown as typed; too fine: refused
    assert settings_client.post("/admin/loyalty/", {
        "points_earn_rate": "0.001", "point_value": "0.05", "points_expiry_month": "12",
        "points_expiry_day": "31", "csrf_token": settings_client.csrf()}).status_code == 302
    page = settings_client.get("/admin/loyalty/").get_data(as_text=True)
    assert 'value="0.001"' in page
    refused = settings_client.post("/admin/loyalty/", {
        "points_earn_rate": "0.0000001", "point_value": "0.05", "points_expiry_month": "12",
        "points_expiry_day": "31", "csrf_token": settings_client.csrf()})
    assert refused.status_code == 200
    assert "&#39;0.0000001&#39; has more than 6 decimals" in refused.get_data(as_text=True)
    session.expire_all()
    assert session.get(Organization, alpha.org.id).points_earn_rate == Decimal("0.001")
    # a dong shop read in Vietnamese, where a point groups thousands in amounts: a rate
    # is not an amount, "0.001" (or "0,001") is a thousandth, not 1
    session.get(Organization, alpha.org.id).currency = "VND"
    owner_of_settings.language = "vi"
    session.commit()
    for typed in ("0.002", "0,003"):
        assert settings_client.post("/admin/loyalty/", {
            "points_earn_rate": typed, "point_value": "5", "points_expiry_month": "12",
            "points_expiry_day": "31", "csrf_token": settings_client.csrf()}).status_code == 302
        session.expire_all()
        assert session.get(Organization, alpha.org.id).points_earn_rate == \
            Decimal(typed.replace(",", "."))
    page = settings_client.get("/admin/loyalty/").get_data(as_text=True)
    assert 'value="5"' in page and 'value="5.00"' not in page  # a point's worth in dong
    blank = settings_client.post("/admin/loyalty/", {
        "points_earn_rate": "", "point_value": "5", "points_expiry_month": "12",
        "points_expiry_day": "31", "csrf_token": settings_client.csrf()}).get_data(True)
    assert "Trường này là bắt buộc." in blank and "This field is required." not in blank
