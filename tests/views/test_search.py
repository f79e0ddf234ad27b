"""The list search finds by any part of what people type, whatever the case and the
script, on SQLite and PostgreSQL; a search that finds nothing in the current tab says
where it finds (issue 21 item 9)."""
import re

import pytest

from admin_app.models import Customer
from admin_app.rules.aftersales import orders as aftersales

from .. import builders
from .test_aftersales_pages import ship


@pytest.fixture
def people(session, world):
    alpha, _ = world
    for code, name, phone, email in (
            ("VN-001", "Nguyễn Thị Đào", "0912 345 678", "dao.nguyen@mail.test"),
            ("TH-002", "สมชาย ใจดี", "081-555-0199", "somchai@shop.test"),
            ("CN-003", "王小明", "+63 917 000 1234", "xiaoming.wang@corp.test")):
        session.add(Customer(org_id=alpha.org.id, code=code, name=name, phone=phone,
                             email=email))
    session.commit()
    return alpha


def found(client, url) -> str:
    return client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("term,expected", [
    ("đào", "VN-001"), ("THỊ", "VN-001"), ("345", "VN-001"), ("NGUYEN@", "VN-001"),
    ("ใจดี", "TH-002"), ("0199", "TH-002"), ("小明", "CN-003"), ("corp.TEST", "CN-003"),
    ("vn-0", "VN-001"), ("-003", "CN-003")])
def test_customers_are_found_by_any_part_of_name_phone_email_or_code(
        people, client_for, term, expected):
    page = found(client_for(people.main), f"/admin/customers/?search={term}")
    codes = set(re.findall(r"(?:VN|TH|CN)-00\d", page))
    assert codes == {expected}


def test_orders_and_after_sales_by_any_part_of_number_tracking_or_customer(
        people, client_for, session):
    alpha = people
    ship(session, alpha)
    aso = aftersales.create(session, alpha.main, alpha.order, "return_refund", [
        aftersales.ReturnInput(1, order_line=alpha.order.lines[0])],
        warehouse=alpha.warehouse, tracking_no="SPXMY0123456789")
    session.commit()
    client = client_for(alpha.main)
    middle = alpha.order.number[3:9]
    assert alpha.order.number in found(client, f"/admin/orders/?tab=all&search={middle}")
    assert alpha.order.number in found(client, "/admin/orders/?tab=all&search=buyer")
    for term in ("0123456", aso.number[4:10], "alpha buy"):
        assert aso.number in found(client, f"/admin/aftersales/?tab=all&search={term}"), term


def test_a_search_finding_nothing_in_its_tab_says_where_it_finds(people, client_for,
                                                                 session):
    alpha = people
    ship(session, alpha)
    aso = aftersales.create(session, alpha.main, alpha.order, "return_refund", [
        aftersales.ReturnInput(1, order_line=alpha.order.lines[0])],
        warehouse=alpha.warehouse, tracking_no="JNT778899")
    aftersales.cancel(session, alpha.main, aso)
    session.commit()
    page = found(client_for(alpha.main), "/admin/aftersales/?search=778899")  # To Confirm
    assert aso.number not in page.split('id="found-elsewhere"')[0]
    hint = re.search(r'id="found-elsewhere">(.*?)</div>', page, re.S).group(1)
    assert "1 in Cancelled" in hint and "tab=cancelled" in hint and "search=778899" in hint
    nothing = found(client_for(alpha.main), "/admin/aftersales/?search=nowhere-at-all")
    assert 'id="found-elsewhere"' not in nothing
    other = builders.make_user(session, builders.make_org(session, "Other Co"),
                               "owner@other.test", main=True)
    session.commit()  # another organization's search finds nothing of Alpha's
    assert 'id="found-elsewhere"' not in found(client_for(other),
                                               "/admin/aftersales/?search=778899")
