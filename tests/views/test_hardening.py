"""Sign-in that an attacker cannot use to lock a user out, client addresses from trusted
proxies only, a throttle that several workers share, and the security headers and
session rules of every page."""
import logging
import re
import time
from datetime import timedelta

import pytest

from admin_app.extensions import limiter

from .. import builders
from ..conftest import IN_CI, REDIS_TEST, make_app


def login(client, email, password=builders.PASSWORD, address="10.0.0.1"):
    return client.post("/login", {"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_an_attacker_who_knows_the_email_cannot_lock_the_user_out(world, client_for):
    alpha, _ = world
    usual = client_for()
    assert login(usual, alpha.main.email, address="10.0.0.1").status_code == 302
    usual.post("/logout")
    usual.token = None
    attacker = client_for()
    for n in range(20):  # from many addresses, without the user's device cookie
        login(attacker, alpha.main.email, "guess", address=f"10.9.0.{n}")
    # a new browser of the user waits like the attacker...
    assert login(client_for(), alpha.main.email, address="10.0.0.2").status_code == 429
    # ...but the user's usual browser still signs in with the right password
    assert login(usual, alpha.main.email, address="10.0.0.1").status_code == 302
    assert usual.get("/admin/").status_code == 200


def test_one_attacker_address_is_stopped_long_before_the_account_is(world, client_for):
    """The throttle per source is stricter than per account (issue 20 item 14): one
    address fails five times and waits; the account still lets its user in."""
    alpha, _ = world
    attacker = client_for()
    for _ in range(5):
        assert login(attacker, alpha.main.email, "guess", address="10.8.0.1") \
            .status_code == 401
    assert login(attacker, alpha.main.email, "guess", address="10.8.0.1").status_code == 429
    assert login(attacker, alpha.main.email, address="10.8.0.1").status_code == 429
    # a new browser of the user, elsewhere, with the right password
    assert login(client_for(), alpha.main.email, address="10.0.0.3").status_code == 302


def test_the_usual_browser_is_throttled_on_its_own_failures(world, client_for):
    alpha, _ = world
    usual = client_for()
    assert login(usual, alpha.main.email, address="10.0.0.1").status_code == 302
    usual.post("/logout")
    usual.token = None
    for n in range(5):
        assert login(usual, alpha.main.email, "typo", address=f"10.1.0.{n}") \
            .status_code == 401
    assert login(usual, alpha.main.email, address="10.1.0.9").status_code == 429


def test_client_addresses_come_only_from_trusted_proxies(world, client_for, request):
    client = client_for()
    for n in range(5):  # a forged X-Forwarded-For does not give a new address
        client.post("/login", {"email": f"g{n}@x.test", "password": "x"},
                    headers={"X-Forwarded-For": f"203.0.113.{n}"})
    assert client.post("/login", {"email": "g9@x.test", "password": "x"},
                       headers={"X-Forwarded-For": "203.0.113.99"}).status_code == 429


def test_behind_one_trusted_proxy_the_forwarded_address_counts(tmp_path):
    app = make_app(TRUSTED_PROXIES=1, WTF_CSRF_ENABLED=False, UPLOAD_DIR=str(tmp_path),
                   SQLALCHEMY_DATABASE_URI="sqlite://")

    def attempt(address, n):
        return app.test_client().post(
            "/login", data={"email": f"g{n}@x.test", "password": "x"},
            headers={"X-Forwarded-For": address}, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    with app.app_context():
        from admin_app.extensions import db
        db.create_all()
        limiter.reset()
        # six clients behind the proxy: each has its own count
        assert [attempt(f"203.0.113.{n}", n).status_code for n in range(6)] == [401] * 6
        # one client: its sixth failure in a minute is refused
        codes = [attempt("198.51.100.7", 10 + n).status_code for n in range(6)]
        assert codes == [401] * 5 + [429]


def test_several_workers_with_an_in_memory_throttle_are_warned_about(
        monkeypatch, caplog):
    monkeypatch.setenv("APP_WORKERS", "2")
    monkeypatch.setenv("SECRET_KEY", "shared by every worker")
    with caplog.at_level(logging.WARNING):
        make_app(RATELIMIT_STORAGE_URI="memory://")
    assert "shared store" in caplog.text
    caplog.clear()
    monkeypatch.setenv("APP_WORKERS", "1")
    with caplog.at_level(logging.WARNING):
        make_app(RATELIMIT_STORAGE_URI="memory://")
    assert "shared store" not in caplog.text


def _redis_or_skip():
    import redis
    try:
        redis.Redis.from_url(REDIS_TEST).ping()
    except redis.exceptions.ConnectionError:
        message = "Redis is not running on 127.0.0.1:6379"
        if IN_CI:
            pytest.fail("CI checks the shared throttle on Redis: " + message)
        pytest.skip(message)


def test_two_workers_on_redis_share_the_failed_sign_in_counts():
    _redis_or_skip()
    store = REDIS_TEST
    first, second = (make_app(RATELIMIT_STORAGE_URI=store, WTF_CSRF_ENABLED=False,
                              SQLALCHEMY_DATABASE_URI="sqlite://") for _ in range(2))
    email = f"shared-{time.time_ns()}@x.test"
    for app in (first, second):
        with app.app_context():
            from admin_app.extensions import db
            db.create_all()
    try:
        for n in range(20):  # the account's limit, spread over both workers
            app = (first, second)[n % 2]
            with app.app_context():
                app.test_client().post("/login", data={"email": email, "password": "x"},
                                       environ_base={"REMOTE_ADDR": f"10.2.0.{n}"})
        with second.app_context():
            throttled = second.test_client().post(
                "/login", data={"email": email, "password": "x"},
                environ_base={"REMOTE_ADDR": "10.2.0.99"})
        assert throttled.status_code == 429
    finally:
        with first.app_context():
            limiter.reset()


def test_every_page_carries_the_security_headers(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    page = client.get("/admin/orders/")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in csp and "unsafe-inline" not in csp
    assert "style-src 'self'" in csp and "object-src 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in page.headers  # plain HTTP here
    html = page.get_data(as_text=True)
    assert not re.search(r"<[^>]+\son[a-z]+=", html), "inline event handler"
    for script in html.split("<script")[1:]:  # every script is a file or has the nonce
        tag = script.split(">", 1)[0]
        assert "src=" in tag or f'nonce="{nonce}"' in tag, tag
    export = client.get("/admin/orders/export/csv/")
    assert export.headers["Cache-Control"] == "no-store"
    static = client.get("/static/app.css")
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_over_https_the_session_cookie_is_secure_and_hsts_is_sent(world, app):
    alpha, _ = world
    client = app.test_client()
    with app.app_context():
        page = client.get("/login", base_url="https://desk.example")
        assert "Strict-Transport-Security" in page.headers
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                          page.get_data(as_text=True)).group(1)
        signed_in = client.post("/login", base_url="https://desk.example", data={
            "email": alpha.main.email, "password": builders.PASSWORD, "csrf_token": token},
            headers={"Referer": "https://desk.example/login"})  # CSRF checks it on HTTPS
    cookies = signed_in.headers.getlist("Set-Cookie")
    assert any(c.startswith("session=") and "Secure" in c for c in cookies), cookies


def test_a_session_ends_after_the_idle_timeout(world, client_for, app):
    alpha, _ = world
    lifetime = app.permanent_session_lifetime
    app.permanent_session_lifetime = timedelta(seconds=2)
    try:
        client = client_for(alpha.main)
        assert client.get("/admin/orders/").status_code == 200
        time.sleep(1.2)
        assert client.get("/admin/orders/").status_code == 200  # activity renews it
        time.sleep(1.2)
        assert client.get("/admin/orders/").status_code == 200
        time.sleep(3.5)  # signatures carry whole seconds: more than 2 s for certain
        idle = client.get("/admin/orders/")
        assert idle.status_code == 302 and "/login" in idle.location
    finally:
        app.permanent_session_lifetime = lifetime
