"""Fixtures: an app on the test database, clients signed in as given users.

TEST_DATABASE_URL picks the database (default: SQLite in memory). On PostgreSQL the
schema is created once per run and every table is truncated after each test.
"""
import html
import os
import re
import secrets

import pytest
from werkzeug.datastructures import MultiDict

from admin_app import create_app
from admin_app.config import TestConfig
from admin_app.extensions import db, limiter

from . import builders

TEST_DB = os.environ.get("TEST_DATABASE_URL", "sqlite://")
if TEST_DB.startswith("postgresql://"):
    TEST_DB = "postgresql+psycopg://" + TEST_DB[len("postgresql://"):]
IS_PG = TEST_DB.startswith("postgresql")
# Redis for the tests, one database per lane: CI runs the SQLite and PostgreSQL lanes at
# once, and a lane resetting its limiter store flushes the whole database
REDIS_TEST = "redis://127.0.0.1:6379/" + ("14" if IS_PG else "15")
IN_CI = os.environ.get("CI") == "true"


def make_app(url: str = TEST_DB, **overrides):
    return create_app(TestConfig, {"SQLALCHEMY_DATABASE_URI": url, **overrides})


@pytest.fixture(scope="session")
def _shared_app():
    """One app for the whole run: building one (Flask-Admin's 200 routes) costs about
    0.2 s, as much as most tests. Each test starts from empty tables instead."""
    app = make_app()
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.engine.dispose()


def _empty_all_tables():
    # DELETE, not TRUNCATE: on a test's few rows it is fifteen times quicker.
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def app(request, _shared_app, tmp_path):
    """The app, with empty tables and its own upload folder. Tests marked `fresh_app`
    (they add routes) get an app of their own."""
    fresh = request.node.get_closest_marker("fresh_app") is not None
    app = make_app() if fresh else _shared_app
    app.config["UPLOAD_DIR"] = str(tmp_path / "uploads")
    app.extensions["org_gate_violations"].clear()
    with app.app_context():
        if fresh:
            db.create_all()
        limiter.reset()
        yield app
        db.session.remove()
        _empty_all_tables()
        if fresh:
            db.engine.dispose()


@pytest.fixture
def session(app):
    return db.session


def token_of(page: str) -> str:
    """The one-time form token a page rendered (money and stock forms carry one)."""
    m = re.search(r'<input[^>]*name="token"[^>]*>', page)
    return re.search(r'value="([^"]+)"', m.group(0)).group(1)


CSRF_RE = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')


class Client:
    """A test client that knows its CSRF token, as a browser would."""

    def __init__(self, app):
        self.app = app
        self.http = app.test_client()
        self.token = None

    def csrf(self) -> str:
        if self.token is None:
            page = self.get("/login").get_data(as_text=True)
            if "csrf_token" not in page:
                page = self.get("/admin/").get_data(as_text=True)
            m = CSRF_RE.search(page)
            self.token = m.group(1) or m.group(2)
        return self.token

    def _open(self, method, url, **kw):
        # A fresh app context per request, as in production: otherwise the test's
        # context (with its g, current_user and session) would leak into requests.
        db.session.expire_all()
        with self.app.app_context():
            return getattr(self.http, method)(url, buffered=True, **kw)

    def get(self, url, **kw):
        return self._open("get", url, **kw)

    def post(self, url, data=None, csrf=True, **kw):
        # A dict keeps werkzeug's meaning (lists: several values, tuples: files);
        # a list of pairs repeats keys, as a form with several checkboxes does.
        data = MultiDict(data) if isinstance(data, list) else dict(data or {})
        if csrf and "csrf_token" not in data:
            data["csrf_token"] = self.csrf()
        return self._open("post", url, data=data, **kw)

    def act(self, url, data, **kw):
        """A bulk action or row button as a person presses it: confirmed on the page
        that asks first, when it asks (once, with that page's token)."""
        first = self.post(url, data, **kw)
        if 'id="confirm-action"' not in first.get_data(as_text=True):
            return first
        return self._press(first.get_data(as_text=True), **kw)

    def _press(self, page, **kw):
        """The button of the page that asks (views/confirming.py)."""
        form = re.search(r'<div class="confirm-step" id="confirm-action">.*?</form>', page,
                         re.S)
        fields = [(name, html.unescape(value)) for name, value in re.findall(
            r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form.group(0))]
        action = html.unescape(re.search(r'<form method="post" action="([^"]+)"',
                                         form.group(0)).group(1))
        return self.post(action, fields, **kw)

    def asked(self, url, data=None, **kw):
        """A POST that asks first (views/confirming.py): the page that asks, then its
        button pressed, as a person does. Returns (the question page, the outcome)."""
        question = self.post(url, data or {})
        page = question.get_data(as_text=True)
        assert 'id="confirm-action"' in page, f"{url} did not ask first ({question.status_code})"
        return page, self._press(page, **kw)

    def confirm(self, url, data, **kw):
        """A money form as a person sends it: previewed first, then confirmed with the
        preview page's fingerprint of what it showed (files are sent with the
        confirmation only, as the form's file field is filled then)."""
        data = dict(data)
        plain = {k: v for k, v in data.items() if not isinstance(v, tuple) and k != "step"}
        page = self.post(url, {**plain, "step": "preview"}).get_data(as_text=True)
        found = re.search(r'name="seen" value="([^"]*)"', page)
        return self.post(url, {**data, "step": "confirm",
                               "seen": found.group(1) if found else ""}, **kw)

    def login(self, email, password=builders.PASSWORD):
        response = self.post("/login", {"email": email, "password": password})
        self.token = None  # a new session after login
        return response


@pytest.fixture
def client_for(app):
    def make(user=None):
        client = Client(app)
        if user is not None:
            response = client.login(user.email)
            assert response.status_code == 302, "test user could not sign in"
        return client
    return make


@pytest.fixture
def world(app, session):
    """Two organizations, each with one row of every kind; Beta's rows say 'Zebra'."""
    alpha = builders.make_world(session, "Alpha Trading", marker="Alpha")
    beta = builders.make_world(session, "Zebra Imports", marker="Zebra")
    for w in (alpha, beta):
        builders.attach_proof(app.config["UPLOAD_DIR"], w.receipt)
        builders.attach_proof(app.config["UPLOAD_DIR"], w.refund)
        builders.attach_job_file(app.config["UPLOAD_DIR"], w.job)
        builders.attach_evidence(app.config["UPLOAD_DIR"], w.evidence)
    session.commit()
    return alpha, beta
