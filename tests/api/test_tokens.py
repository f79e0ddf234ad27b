"""Who may call the API: a valid token only, acting as its user (or its role)."""
from datetime import date, timedelta

from admin_app.extensions import db
from admin_app.models import ApiToken, Role
from admin_app.rules.accounts import api_tokens
from admin_app.rules.core import unit_of_work
from tests.api.conftest import Api, new_token


def test_a_token_acts_as_its_user_and_only_a_hash_is_kept(app, world, session):
    alpha, _ = world
    secret = new_token(alpha.main, "books")
    answer = Api(app, secret).get("/me")
    assert answer.status_code == 200
    me = answer.get_json()
    assert me["user"]["email"] == alpha.main.email
    assert me["organization"]["currency"] == "PHP"
    assert "aftersales.refund" in me["permissions"]
    stored = session.query(ApiToken).order_by(ApiToken.id.desc()).first()
    assert secret not in (stored.secret_hash, stored.prefix) and stored.last_used_at


def test_no_token_a_wrong_one_or_a_session_cookie_is_401(app, world, client_for):
    alpha, _ = world
    for api in (Api(app, None), Api(app, "asd_" + "x" * 43), Api(app, "Basic abc")):
        answer = api.get("/customers")
        assert answer.status_code == 401
        assert answer.mimetype == "application/problem+json"
        assert answer.get_json()["code"] == "auth.token_required"
    signed_in = client_for(alpha.main)
    assert signed_in.get("/api/v1/customers").status_code == 401


def test_revoked_and_expired_tokens_stop_at_once(app, world, session):
    alpha, _ = world
    secret = new_token(alpha.main)
    api = Api(app, secret)
    assert api.get("/me").status_code == 200
    token = session.query(ApiToken).order_by(ApiToken.id.desc()).first()
    unit_of_work.run(db.session, lambda: api_tokens.revoke(db.session, alpha.main, token))
    assert api.get("/me").status_code == 401
    token.revoked_at, token.expires_at = None, token.created_at
    session.commit()
    assert api.get("/me").status_code == 401


def test_a_role_token_has_the_roles_permissions_only(app, world, session):
    alpha, _ = world
    clerk = Role(org_id=alpha.org.id, name="Clerk", permissions="stock.return_in")
    session.add(clerk)
    session.commit()
    api = Api(app, new_token(alpha.main, role=clerk))
    assert api.get("/me").get_json()["permissions"] == ["stock.return_in"]
    refused = api.get("/customers")
    assert refused.status_code == 403
    assert refused.get_json()["code"] == "access.not_permitted"


def test_only_the_main_account_makes_role_tokens_and_expiry_is_ahead(world, session):
    alpha, _ = world
    role = alpha.nobody.role
    from admin_app.rules.core.errors import RuleError
    import pytest
    with pytest.raises(RuleError) as refused:
        new_token(alpha.nobody, role=role)
    assert refused.value.code == "api.token_for_role_main_only"
    with pytest.raises(RuleError) as refused:
        new_token(alpha.main, expires_on=date(2020, 1, 1))
    assert refused.value.code == "api.token_expiry_past"
    assert session.query(ApiToken).count() == 2  # the world's two
    new_token(alpha.main, expires_on=date.today() + timedelta(days=30))
    assert session.query(ApiToken).order_by(ApiToken.id.desc()).first().expires_at is not None


def test_each_token_has_its_own_rate_limit(app, world):
    alpha, _ = world
    one, two = Api(app, new_token(alpha.main, "one")), Api(app, new_token(alpha.main, "two"))
    app.config["API_RATE_LIMIT"] = "3/minute"
    try:
        answers = [one.get("/me").status_code for _ in range(4)]
        limited = one.get("/me")
        other = two.get("/me")
    finally:
        app.config["API_RATE_LIMIT"] = "600/minute"
    assert answers == [200, 200, 200, 429]
    assert limited.status_code == 429 and limited.mimetype == "application/problem+json"
    assert "Retry-After" in limited.headers or "X-RateLimit-Reset" in limited.headers
    assert other.status_code == 200


def test_invented_tokens_count_against_their_address(app, world):
    app.config["API_ADDRESS_RATE_LIMIT"] = "3/minute"
    try:
        codes = [Api(app, f"asd_invented{n}").get("/me").status_code for n in range(4)]
    finally:
        app.config["API_ADDRESS_RATE_LIMIT"] = "3000/minute"
    assert codes == [401, 401, 401, 429]
