"""The API tokens page: made once and shown once, revoked, the main account's roles."""
from admin_app.models import ApiToken
from tests.api.conftest import Api
from tests.conftest import token_of


def test_a_user_makes_a_token_sees_it_once_and_it_works(app, world, client_for, session):
    alpha, _ = world
    alpha.role.permissions = "customers.manage"
    session.commit()
    browser = client_for(alpha.nobody)
    page = browser.get("/admin/api-tokens/").get_data(as_text=True)
    assert "Acts with the permissions of" not in page  # roles: the main account's
    made = browser.post("/admin/api-tokens/", data={"name": "Shopee connector",
                                                    "token": token_of(page)})
    html = made.get_data(as_text=True)
    assert "Copy it now: it is not shown again." in html
    secret = html.split('<code class="token-secret">')[1].split("<")[0]
    assert Api(app, secret).get("/customers").status_code == 200
    again = browser.get("/admin/api-tokens/").get_data(as_text=True)
    assert secret not in again and "Shopee connector" in again
    row = again.split("Shopee connector", 1)[1].split("</tr>")[0]
    assert "Until revoked" in row  # no expiry date: not a blank cell
    assert 'data-confirm="Revoke Shopee connector? Programs using it are refused' in row


def test_the_main_account_revokes_any_token_a_user_only_theirs(app, world, client_for,
                                                              session):
    alpha, _ = world
    mine = client_for(alpha.nobody)
    page = mine.get("/admin/api-tokens/").get_data(as_text=True)
    mine.post("/admin/api-tokens/", data={"name": "mine", "token": token_of(page)})
    token = session.query(ApiToken).order_by(ApiToken.id.desc()).first()
    owner = client_for(alpha.main)
    owner_page = owner.get("/admin/api-tokens/").get_data(as_text=True)
    assert "mine" in owner_page
    owner.post(f"/admin/api-tokens/{token.id}/revoke", data={})
    session.expire_all()
    assert session.get(ApiToken, token.id).revoked_at is not None


def test_another_organizations_token_cannot_be_revoked(app, world, client_for, session):
    alpha, beta = world
    theirs = client_for(beta.main)
    page = theirs.get("/admin/api-tokens/").get_data(as_text=True)
    theirs.post("/admin/api-tokens/", data={"name": "beta's", "token": token_of(page)})
    token = session.query(ApiToken).order_by(ApiToken.id.desc()).first()
    client_for(alpha.main).post(f"/admin/api-tokens/{token.id}/revoke", data={})
    session.expire_all()
    assert session.get(ApiToken, token.id).revoked_at is None
