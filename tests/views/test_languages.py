"""Who reads which language (issue 24 item 2): the sign-in page follows the browser or
the switcher, a signed-in person reads their own choice, else their organization's."""
import re
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

from flask_babel import force_locale, refresh

from admin_app.language_now import language_now
from admin_app.models import User
from admin_app.rules.aftersales import refund_posting
from admin_app.views.local_time import written


def _menu_of(page: str) -> str:
    return page.split('class="nav navbar-nav mr-auto"', 1)[1].split("</ul>", 1)[0]


def test_the_sign_in_page_follows_the_browser_then_the_switcher(app):
    http = app.test_client()
    thai = http.get("/login", headers={"Accept-Language": "th-TH,th;q=0.9,en;q=0.5"})
    page = thai.get_data(as_text=True)
    assert '<html lang="th">' in page and "เข้าสู่ระบบ" in page
    taiwan = http.get("/login", headers={"Accept-Language": "zh-TW"}).get_data(as_text=True)
    assert '<html lang="zh-Hant">' in taiwan and "登入" in taiwan
    french = http.get("/login", headers={"Accept-Language": "fr-FR"}).get_data(as_text=True)
    assert '<html lang="en">' in french and ">Sign in</button>" in french
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]  # the switcher's
    http.post("/language", data={"language": "vi", "next": "/login", "csrf_token": csrf})
    chosen = http.get("/login", headers={"Accept-Language": "th"}).get_data(as_text=True)
    assert '<html lang="vi">' in chosen and "Đăng nhập" in chosen


def test_a_person_reads_their_own_language_else_their_organizations(
        app, session, world, client_for):
    alpha, _ = world
    alpha.org.language = "vi"
    session.commit()
    owner, clerk = client_for(alpha.main), client_for(alpha.nobody)
    assert "Đơn hàng" in _menu_of(owner.get("/admin/orders/").get_data(as_text=True))
    chose = owner.post("/language", data={"language": "zh-CN", "next": "/admin/orders/"})
    assert chose.status_code == 302 and chose.headers["Location"].endswith("/admin/orders/")
    assert "订单" in _menu_of(owner.get("/admin/orders/").get_data(as_text=True))
    assert session.get(User, alpha.main.id).language == "zh_Hans"
    # the organization's other people still read its language
    assert "Đăng xuất" in clerk.get("/admin/").get_data(as_text=True)
    back = owner.post("/language", data={"language": "", "next": "/admin/"})
    assert "Đăng xuất" in owner.get(back.headers["Location"]).get_data(as_text=True)
    assert session.get(User, alpha.main.id).language is None


def test_an_unknown_language_is_refused_and_changes_nothing(app, session, world, client_for):
    alpha, _ = world
    owner = client_for(alpha.main)
    owner.post("/language", data={"language": "fr", "next": "/admin/"})
    page = owner.get("/admin/").get_data(as_text=True)
    assert "Language: choose one of en, zh_Hans, zh_Hant, ms, th, id, vi." in page
    assert session.get(User, alpha.main.id).language is None


def test_the_switcher_never_sends_anyone_off_the_site(app, world, client_for):
    alpha, _ = world
    owner = client_for(alpha.main)
    for target in ("https://evil.test/", "//evil.test/", "/\\evil.test"):
        went = owner.post("/language", data={"language": "th", "next": target})
        assert went.headers["Location"].endswith("/admin/"), target


def test_the_refusal_catalog_reaches_the_translator():
    from admin_app.rules.core import messages
    assert "language.unknown" in messages.CATALOG
    before = messages.translate
    try:
        messages.translate = lambda words: words.replace("Language", "Ngôn ngữ")
        assert messages.render("language.unknown", {"choices": "en"}).startswith("Ngôn ngữ")
    finally:
        messages.translate = before


def test_flask_admins_own_words_follow_the_reader(app, session, world, client_for):
    """Its shipped catalogs for Vietnamese and Chinese, ours for Thai, Malay and
    Indonesian (admin_app/translations/<lang>/LC_MESSAGES/admin.po)."""
    alpha, _ = world
    owner = client_for(alpha.main)
    for language, list_tab, search in (("th", "รายการ", "ค้นหา"), ("vi", "Danh sách", "Tìm"),
                                       ("ms", "Senarai", "Cari"), ("id", "Daftar", "Cari"),
                                       ("zh_Hant", "資料列表", "搜尋")):
        owner.post("/language", data={"language": language, "next": "/admin/"})
        page = owner.get("/admin/customers/").get_data(as_text=True)
        assert f">{list_tab}<" in page.replace("\n", "").replace("  ", ""), language
        assert search in page, language


def test_the_switcher_needs_the_forms_token_and_names_a_wrong_choice(
        app, session, world, client_for):
    alpha, _ = world
    owner = client_for(alpha.main)
    forged = owner.post("/language", data={"language": "th", "next": "/admin/"}, csrf=False)
    assert forged.status_code == 400
    assert session.get(User, alpha.main.id).language is None
    http = app.test_client()
    page = http.get("/login").get_data(as_text=True)
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    http.post("/language", data={"language": "klingon", "next": "/login", "csrf_token": csrf})
    again = http.get("/login", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Language: choose one of en, zh_Hans" in again and '<html lang="en">' in again


def test_dates_are_written_the_readers_way_on_the_organizations_clock(
        app, session, world, client_for):
    """Issue 24 item 5: English keeps ISO dates; Thai and Chinese readers get theirs,
    on the organization's clock; exports stay ISO for machines."""
    alpha, _ = world
    alpha.org.timezone = "Asia/Bangkok"
    session.commit()
    owner = client_for(alpha.main)
    english = owner.get("/admin/audit/").get_data(as_text=True)
    assert re.search(r">\d{4}-\d\d-\d\d \d\d:\d\d<", english)
    owner.post("/language", data={"language": "th", "next": "/admin/"})
    thai = owner.get("/admin/audit/").get_data(as_text=True)
    assert re.search(r">\d{1,2} [ก-๙.]+ \d{4} \d\d:\d\d น.<", thai)
    refund_posting.post_refund(session, alpha.main, alpha.credit_order, Decimal("1.00"),
                               "bank_transfer", "AS-NOTE")
    session.commit()
    ledger = owner.get(f"/admin/reconciliation/{alpha.customer.id}/ledger").get_data(True)
    assert f"คืนเงิน {alpha.credit_order.number} (โอนเงินผ่านธนาคาร)" in ledger  # its note
    assert f"Refund of {alpha.credit_order.number}" not in ledger
    assert re.search(r"<td>\d{1,2} [ก-๙.]+ \d{4}</td>", ledger)  # as the statement writes it
    assert not re.search(r"<td>\d{4}-\d\d-\d\d</td>", ledger)
    owner.post("/language", data={"language": "zh_Hans", "next": "/admin/"})
    chinese = owner.get("/admin/audit/").get_data(as_text=True)
    assert re.search(r">\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d<", chinese)
    exported = owner.get("/admin/audit/export/csv/").get_data(as_text=True)
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", exported) and "年" not in exported

@contextmanager
def _request(app, language: str):
    """A request of its own (the fixture's application context would share its g)."""
    with app.app_context(), app.test_request_context(
            "/", headers={"Accept-Language": language}):
        yield


def test_the_language_follows_the_request_and_a_forced_language(app):
    with _request(app, "th"):
        assert language_now() == "th"
        with force_locale("vi"):
            assert language_now() == "vi"
            with force_locale("zh_Hant"):
                assert language_now() == "zh_Hant"
            assert language_now() == "vi"
        assert language_now() == "th"
    with _request(app, "ms"):
        assert language_now() == "ms"  # a new request chooses again
        refresh()
        assert language_now() == "ms"


def test_a_day_is_written_in_each_language_however_often_it_is_asked(app):
    day = date(2026, 12, 6)
    seen = {}
    for _ in range(2):
        for language in ("en", "th", "vi", "zh_Hans"):
            with _request(app, language):
                text = written(day, "date")
                assert written(datetime(2026, 12, 6, 23, 59), "date") == text
                assert seen.setdefault(language, text) == text
    assert seen["en"] == "2026-12-06"
    assert len(set(seen.values())) == 4
    assert "2569" in seen["th"] or "2026" in seen["th"]
    assert "2026年12月6日" == seen["zh_Hans"]
