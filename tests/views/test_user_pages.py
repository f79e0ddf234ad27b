from admin_app.extensions import db
from admin_app.models import AuditLog, Role, User

from .. import builders


def test_the_main_account_creates_a_role_and_a_sub_account_who_can_sign_in(world,
                                                                           client_for):
    alpha, _ = world
    owner = client_for(alpha.main)
    response = owner.post("/admin/roles/new/", {
        "name": "Returns desk", "permissions": ["stock.return_in", "aftersales.manual"]})
    assert response.status_code == 302
    role = db.session.query(Role).filter_by(name="Returns desk").one()
    assert role.permission_set == {"stock.return_in", "aftersales.manual"}
    response = owner.post("/admin/users/new/", {
        "email": "New.Clerk@Alpha.test", "name": "New clerk", "role": str(role.id),
        "active": "y", "new_password": "a good long password"})
    assert response.status_code == 302
    user = db.session.query(User).filter_by(email="new.clerk@alpha.test").one()
    assert user.org_id == alpha.org.id and not user.is_main
    assert user.password_hash.startswith("$argon2id$")
    assert db.session.query(AuditLog).filter_by(action="user.create").count() == 1
    clerk = client_for()
    assert clerk.login("new.clerk@alpha.test", "a good long password").status_code == 302
    assert clerk.get("/admin/stock/").status_code == 200
    assert clerk.get("/admin/orders/").status_code == 403


def test_a_new_user_needs_a_long_password(world, client_for):
    alpha, _ = world
    owner = client_for(alpha.main)
    for password, message in [("", "needs a password"), ("short", "at least 10")]:
        response = owner.post("/admin/users/new/", {
            "email": "x@alpha.test", "name": "X", "active": "y", "new_password": password})
        assert message in response.get_data(as_text=True)
    assert db.session.query(User).filter_by(email="x@alpha.test").count() == 0


def test_unknown_permissions_are_not_stored(world, client_for):
    alpha, _ = world
    owner = client_for(alpha.main)
    response = owner.post("/admin/roles/new/", {"name": "Sneaky",
                                                "permissions": ["superuser"]})
    assert response.status_code == 200
    assert "not a valid choice" in response.get_data(as_text=True)
    assert db.session.query(Role).filter_by(name="Sneaky").count() == 0


def test_a_user_manager_cannot_take_over_the_main_account(world, client_for, session):
    alpha, _ = world
    manager = builders.make_user(session, alpha.org, "hr@alpha.test", ["users.manage"])
    session.commit()
    client = client_for(manager)
    before = alpha.main.password_hash
    response = client.post(f"/admin/users/edit/?id={alpha.main.id}", {
        "email": alpha.main.email, "name": "Owner", "active": "y",
        "new_password": "i am the owner now"})
    assert "Only the main account can change the main account" in response.get_data(
        as_text=True)
    response = client.post("/admin/users/delete/", {"id": str(alpha.main.id)},
                           follow_redirects=True)
    assert "Only the main account" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, alpha.main.id).password_hash == before


def test_nobody_deletes_their_own_account(world, client_for):
    alpha, _ = world
    owner = client_for(alpha.main)
    response = owner.post("/admin/users/delete/", {"id": str(alpha.main.id)},
                          follow_redirects=True)
    assert "main account cannot be deleted" in response.get_data(as_text=True)
    assert db.session.get(User, alpha.main.id) is not None


def test_changing_a_users_password_signs_them_out(world, client_for, session):
    alpha, _ = world
    clerk = builders.make_user(session, alpha.org, "c@alpha.test", ["orders.manage"])
    session.commit()
    theirs = client_for(clerk)
    owner = client_for(alpha.main)
    owner.post(f"/admin/users/edit/?id={clerk.id}", {
        "email": clerk.email, "name": "c", "role": str(clerk.role_id), "active": "y",
        "new_password": "reset by the owner"})
    assert theirs.get("/admin/orders/").status_code == 302
