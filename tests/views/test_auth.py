from admin_app.extensions import db
from admin_app.models import User

from .. import builders


def test_passwords_are_stored_as_argon2id_hashes(world):
    alpha, _ = world
    assert alpha.main.password_hash.startswith("$argon2id$")
    assert builders.PASSWORD not in alpha.main.password_hash


def test_sign_in_with_the_right_password_and_not_with_a_wrong_one(world, client_for):
    alpha, _ = world
    client = client_for()
    wrong = client.login(alpha.main.email, "not the password")
    assert wrong.status_code == 401
    assert "Wrong email or password" in wrong.get_data(as_text=True)
    assert client.get("/admin/orders/").status_code == 302
    right = client.login(alpha.main.email)
    assert right.status_code == 302
    assert client.get("/admin/orders/").status_code == 200


def test_unknown_email_gets_the_same_answer_as_a_wrong_password(world, client_for):
    response = client_for().login("nobody@nowhere.test", "whatever")
    assert response.status_code == 401
    assert "Wrong email or password" in response.get_data(as_text=True)


def test_five_failures_a_minute_on_one_account_are_throttled(world, client_for):
    alpha, _ = world
    client = client_for()
    for _ in range(5):
        assert client.login(alpha.main.email, "wrong password").status_code == 401
    throttled = client.login(alpha.main.email)  # even the right password now waits
    assert throttled.status_code == 429
    assert "Too many failed sign-in attempts" in throttled.get_data(as_text=True)


def test_failures_across_accounts_from_one_address_are_throttled(world, client_for):
    client = client_for()
    for n in range(5):
        assert client.login(f"guess{n}@x.test", "wrong password").status_code == 401
    assert client.login("guess9@x.test", "wrong password").status_code == 429


def test_successful_sign_ins_are_not_throttled(world, client_for):
    alpha, _ = world
    for _ in range(8):
        assert client_for().login(alpha.main.email).status_code == 302


def test_logout_ends_the_session_for_real(world, client_for, app):
    alpha, _ = world
    client = client_for(alpha.main)
    cookie = client.http.get_cookie("session").value
    assert client.post("/logout").status_code == 302
    assert client.get("/admin/orders/").status_code == 302
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    response = replay.get("/admin/orders/")
    assert response.status_code == 302 and "/login" in response.location


def test_logout_is_a_post_with_csrf(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    assert client.get("/logout").status_code == 405
    assert client.post("/logout", csrf=False).status_code == 400
    assert client.get("/admin/orders/").status_code == 200


def test_password_change_ends_other_sessions(world, client_for):
    alpha, _ = world
    here = client_for(alpha.main)
    elsewhere = client_for(alpha.main)
    response = here.post("/admin/account/", {"current": builders.PASSWORD,
                                                "new": "a brand new secret"})
    assert response.status_code == 302
    assert here.get("/admin/orders/").status_code == 200
    assert elsewhere.get("/admin/orders/").status_code == 302
    assert client_for().login(alpha.main.email, "a brand new secret").status_code == 302


def test_password_change_needs_the_current_password_and_a_long_one(world, client_for):
    alpha, _ = world
    client = client_for(alpha.main)
    before = db.session.get(User, alpha.main.id).password_hash
    page = client.post("/admin/account/", {"current": "wrong", "new": "a brand new one"})
    assert "that is not your password" in page.get_data(as_text=True)
    page = client.post("/admin/account/", {"current": builders.PASSWORD, "new": "short"})
    assert "at least 10 characters" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, alpha.main.id).password_hash == before


def test_after_login_only_local_redirects_are_followed(world, client_for):
    alpha, _ = world
    client = client_for()
    response = client.post("/login?next=https://evil.example/", {
        "email": alpha.main.email, "password": builders.PASSWORD})
    assert response.location.endswith("/admin/")
    client = client_for()
    response = client.post("/login?next=/admin/customers/", {
        "email": alpha.main.email, "password": builders.PASSWORD})
    assert response.location.endswith("/admin/customers/")


def test_a_deactivated_user_is_signed_out_and_cannot_sign_in(world, client_for):
    alpha, _ = world
    service = builders.make_user(db.session, alpha.org, "svc@alpha.test", ["orders.manage"])
    db.session.commit()
    their = client_for(service)
    owner = client_for(alpha.main)
    response = owner.post(f"/admin/users/edit/?id={service.id}", {
        "email": service.email, "name": "svc", "role": str(service.role_id)})  # active unticked
    assert response.status_code == 302
    assert their.get("/admin/orders/").status_code == 302
    assert client_for().login(service.email).status_code == 401


def test_the_login_page_lists_the_demo_logins_only_where_the_demo_is(app, session,
                                                                      client_for):
    """Issue 21 item 17: with the demo loaded, the login page shows whom to sign in as."""
    from admin_app import demo
    plain = client_for().get("/login").get_data(as_text=True)
    assert 'id="demo-logins"' not in plain
    demo.load(session, orders_per_org=12)
    session.commit()
    page = client_for().get("/login").get_data(as_text=True)
    assert 'id="demo-logins"' in page and demo.DEMO_PASSWORD in page
    assert "owner@supplier.demo" in page and "clerk@distributor.demo" in page
