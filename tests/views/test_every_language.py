"""Every demo page in every language (issue 24 item 3): drawn in English and in the other
languages (all six for the Vietnamese shop's owner, one of each script for the owners of
the Thai shop and of the partners), no English sentence is left outside names, codes
and numbers (compared with the English page), and every page still opens."""
import functools
import re
from pathlib import Path

from babel.messages.pofile import read_po
from sqlalchemy import String, Text, select

from admin_app.demo import DEMO_PASSWORD
from admin_app.extensions import db
from admin_app.models import (AfterSalesOrder, Customer, Order, PaymentReceipt, RefundOrder,
                              User)
from admin_app.rules.core import notes
from admin_app.rules.core.languages import LANGUAGES

from ..conftest import Client
from .page_words import english_left, texts
from .test_access_matrix import admin_views, rules_of

OTHER = [code for code in LANGUAGES if code != "en"]
CATALOGS = Path(__file__).resolve().parents[2] / "admin_app" / "translations"
LATIN = {"ms", "id", "vi"}
CODE = re.compile(r"^[a-z0-9_.\-]+$")  # codes stored in rows (statuses, kinds)


def _demo_data() -> list[str]:
    """What people typed or the demo made up: names, notes, numbers of documents."""
    found = set()
    for table in db.metadata.sorted_tables:
        columns = [c for c in table.columns if isinstance(c.type, (String, Text))]
        if columns:
            for row in db.session.execute(select(*columns)).all():
                found.update(str(v) for v in row if v)
                found.update(" ".join(str(v).split()) for v in row if v)  # as a page shows it
    # a stored note's values (a mail server's own answer) are shown inside translated words
    found.update(value for text in list(found) for pattern in notes.PATTERNS
                 if (match := notes._regex(pattern).match(text))
                 for value in match.groupdict().values())
    return sorted((v for v in found if len(v) > 2 and not CODE.match(v)), key=len,
                  reverse=True)


def _pages(app, org_id: int) -> list[str]:
    views = admin_views(app)
    urls = [r.rule for view in views for r in rules_of(app, view)
            if r.endpoint.endswith((".index_view", ".index")) and not r.arguments]
    urls += [f"/admin/{v.endpoint}/?tab=all" for v in views if hasattr(v, "tab_statuses")]
    urls += [f"/admin/{v.endpoint}/new/" for v in views
             if getattr(v, "create_template", None) and v._edit_allowed is not None
             and any(r.endpoint == f"{v.endpoint}.create_view" for r in rules_of(app, v))]
    order = db.session.scalars(select(Order).where(Order.org_id == org_id)
                              .order_by(Order.id)).first()
    aso = db.session.scalars(select(AfterSalesOrder).where(AfterSalesOrder.org_id == org_id)
                             .order_by(AfterSalesOrder.id)).first()
    customer = db.session.scalars(select(Customer).where(
        Customer.org_id == org_id, Customer.total_credit > 0)).first()
    documents = [f"/admin/refunds/{r.id}/slip" for r in db.session.scalars(
        select(RefundOrder).where(RefundOrder.org_id == org_id).limit(1))]
    documents += [f"/admin/reconciliation/receipt/{r.id}" for r in db.session.scalars(
        select(PaymentReceipt).where(PaymentReceipt.org_id == org_id).limit(1))]
    documents += [f"/admin/aftersales/return-note/{a.id}" for a in db.session.scalars(
        select(AfterSalesOrder).where(AfterSalesOrder.org_id == org_id,
                                      AfterSalesOrder.received_at.is_not(None)).limit(1))]
    urls += [f"/admin/orders/details/?id={order.id}", f"/admin/orders/edit/?id={order.id}",
             f"/admin/orders/cancel/?id={order.id}",
             f"/admin/aftersales/details/?id={aso.id}",
             f"/admin/aftersales/create/?order={order.number}",
             f"/admin/customers/details/?id={customer.id}",
             f"/admin/reconciliation/{customer.id}/ledger",
             f"/admin/reconciliation/{customer.id}/receive",
             f"/admin/reconciliation/{customer.id}/adjust",
             f"/admin/reconciliation/{customer.id}/statement",
             "/admin/reconciliation/aging", "/admin/refunds/?show=to_refund",
             "/admin/refunds/?show=all", f"/admin/return-stock-in/?q={aso.number}",
             "/admin/boards/credit", "/admin/boards/aftersales", "/admin/no-such-page/",
             f"/admin/orders/details/?id={order.id + 10**6}", *documents]
    return urls


@functools.cache
def _same_words(language: str) -> frozenset:
    """What the language's translators wrote as in English (words both languages use)."""
    same = set()
    for po in (CATALOGS / language / "LC_MESSAGES").glob("*.po"):
        with po.open("rb") as f:
            same |= {m.id for m in read_po(f) if m.id and m.string == m.id}
    return frozenset(same)


def _say(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code in (200, 302, 404), (url, response.status_code)
    return texts(response.get_data(as_text=True)) if response.status_code != 302 else []


# Every language on the first owner's pages; the other owners' pages (their currency,
# the supplier's and the distributor's own pages) in a language of each script: English
# left on a page is left in every language alike, and the catalogs' completeness is
# scripts/i18n check's
OWNERS = {"owner@vnd.demo": OTHER, "owner@thb.demo": ["th", "ms"],
          "owner@supplier.demo": ["zh_Hans", "id"], "owner@distributor.demo": ["zh_Hant", "vi"]}


def test_no_english_is_left_on_any_page_in_any_language(app, session):
    # one demo for the four owners: loading it is a fifth of the test's time
    assert app.test_cli_runner().invoke(args=["demo", "--orders", "40"]).exit_code == 0
    data = _demo_data()
    left: dict = {}
    assert set(OTHER) == {code for languages in OWNERS.values() for code in languages}
    for owner, languages in OWNERS.items():
        for language, found in _english_left(app, session, owner, data, languages).items():
            for text, url in found.items():
                left.setdefault(language, {}).setdefault(text, f"{owner} {url}")
    assert left == {}, {lang: list(found.items())[:30] for lang, found in left.items()}


def _english_left(app, session, owner: str, data: list[str], languages) -> dict:
    """{language: {English text: the page it was found on}} for the owner's pages."""
    user = session.scalars(select(User).where(User.email == owner)).one()
    urls = _pages(app, user.org_id)
    client = Client(app)
    assert client.login(owner, DEMO_PASSWORD).status_code == 302
    client.post("/language", data={"language": "en", "next": "/admin/"})
    english = {url: set(_say(client, url)) for url in urls}
    left, cache = {}, {}
    for language in languages:
        client.post("/language", data={"language": language, "next": "/admin/"})
        same = _same_words(language)
        for url in urls:
            words = english_left(_say(client, url), english[url], data, language in LATIN,
                                 same, cache)
            for text in words:
                left.setdefault(language, {}).setdefault(text, url)
    return left
