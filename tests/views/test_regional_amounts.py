"""Amounts as the region writes them (issue 24 item 4): shown by Babel for the reader's
language with the organization's currency's minor units, typed with the language's
separators, "1.234" refused where it could be either."""
from decimal import Decimal as D

import pytest

from admin_app.models import Customer
from admin_app.rules.core import currency
from admin_app.rules.core.errors import RuleError
from tests.conftest import token_of


@pytest.mark.parametrize("language, code, amount, shown", [
    ("en", "PHP", "1234.5", "₱1,234.50"), ("ms", "MYR", "1234.5", "RM1,234.50"),
    ("th", "THB", "1234.5", "฿1,234.50"), ("id", "IDR", "1234567", "Rp1.234.567"),
    ("vi", "VND", "1234567", "1.234.567\xa0₫"), ("en", "VND", "0.5", "₫0.5"),
    ("zh_Hant", "PHP", "-50", "-PHP50.00")])
def test_an_amount_is_written_as_its_language_and_currency_write_it(
        language, code, amount, shown):
    assert currency.text(D(amount), code, symbol=True, language=language) == shown


@pytest.mark.parametrize("language, code, typed, read", [
    ("vi", "VND", "1.234.567", "1234567"), ("vi", "PHP", "1.234,50", "1234.50"),
    ("id", "IDR", "1.234", "1234"), ("id", "PHP", "12,5", "12.5"),
    ("en", "PHP", "1,234.50", "1234.50"), ("th", "THB", "1234.50", "1234.50"),
    ("vi", "PHP", "1234.5", "1234.5"), ("en", "PHP", "1.234", "1.234")])
def test_a_typed_amount_is_read_with_the_languages_separators(language, code, typed, read):
    assert currency.plain(typed, code, language) == read


def test_a_point_that_could_group_or_separate_is_refused_saying_so():
    with pytest.raises(RuleError) as refused:
        currency.plain("1.234", "PHP", "id")
    assert refused.value.code == "money.ambiguous"
    assert "1.234 could be 1234 or 1,234" in refused.value.message


def test_a_vietnamese_shop_types_and_reads_whole_dong(app, session, world, client_for):
    alpha, _ = world
    alpha.org.currency, alpha.org.language = "VND", "vi"
    session.commit()
    client = client_for(alpha.main)
    url = f"/admin/reconciliation/{alpha.customer.id}/adjust"
    before = session.get(Customer, alpha.customer.id).total_balance
    form = client.get(url).get_data(as_text=True)
    done = client.post(url, data={"amount": "1.234.567", "reason": "khách gửi thừa",
                                  "token": token_of(form)})
    assert done.status_code == 302, done.get_data(as_text=True)[-2000:]
    session.expire_all()
    assert session.get(Customer, alpha.customer.id).total_balance == before + D("1234567")
    page = client.get("/admin/customers/").get_data(as_text=True)
    assert currency.text(before + D("1234567"), "VND", language="vi") in page
    refused = client.post(url, data={"amount": "1.234,5", "reason": "x",
                                     "token": token_of(client.get(url).get_data(True))})
    assert "VND không có số lẻ; 1234.5 không phải là số tiền chẵn." in \
        refused.get_data(as_text=True)  # the refusal, in the reader's language
    session.expire_all()
    assert session.get(Customer, alpha.customer.id).total_balance == before + D("1234567")
