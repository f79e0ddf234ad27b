"""An API client that sends a token, as a connector would."""
import pytest

from admin_app.extensions import db
from admin_app.rules.accounts import api_tokens
from admin_app.rules.core import unit_of_work


class Api:
    """Each call in an application context of its own, as in production (a fresh `g`,
    its own database session), not the test's."""

    def __init__(self, app, secret: str | None):
        self.app = app
        self.client = app.test_client()
        self.secret = secret

    def _headers(self, key, headers):
        out = dict(headers or {})
        if self.secret:
            out["Authorization"] = f"Bearer {self.secret}"
        if key is not None:
            out["Idempotency-Key"] = key
        return out

    def _call(self, method, path, **kwargs):
        with self.app.app_context():
            return getattr(self.client, method)("/api/v1" + path, **kwargs)

    def get(self, path, headers=None, **params):
        return self._call("get", path, query_string=params,
                          headers=self._headers(None, headers))

    def post(self, path, json=None, key=None, headers=None):
        return self._call("post", path, json=json, headers=self._headers(key, headers))

    def patch(self, path, json=None, key=None, headers=None):
        return self._call("patch", path, json=json, headers=self._headers(key, headers))


def new_token(user, name="connector", role=None, expires_on=None) -> str:
    token, secret = unit_of_work.run(db.session, lambda: api_tokens.create(
        db.session, user, name=name, role=role, expires_on=expires_on))
    return secret


@pytest.fixture
def api_for(app):
    def make(user=None, role=None):
        return Api(app, new_token(user, role=role) if user is not None else None)
    return make
