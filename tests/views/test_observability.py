"""A request id on every answer, refusal and failure; /healthz; no production start
without a shared SECRET_KEY."""
import logging

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from admin_app.config import MissingSecretKey
from admin_app.extensions import db
from tests.conftest import make_app, token_of


def test_production_refuses_to_start_without_a_secret_key(monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    for env, value in (("FLASK_ENV", "production"), ("APP_WORKERS", "3")):
        with monkeypatch.context() as m:
            m.setenv(env, value)
            with pytest.raises(MissingSecretKey, match="SECRET_KEY is not set"):
                make_app()
            m.setenv("SECRET_KEY", "the same on every server")
            assert make_app().config["SECRET_KEY"] == "the same on every server"


def test_every_answer_and_refusal_carries_the_request_id(client_for, world, caplog):
    alpha, _ = world
    client = client_for(alpha.main)
    url = f"/admin/reconciliation/{alpha.customer.id}/adjust"
    with caplog.at_level(logging.INFO, logger="admin_app.requests"):
        page = client.get("/admin/", headers={"X-Request-Id": "lb-7f3a9c01"})
        form = client.get(url).get_data(as_text=True)
        refused = client.post(url, data={"amount": "0", "reason": "none",
                                         "token": token_of(form)})
    assert page.headers["X-Request-Id"] == "lb-7f3a9c01"
    assert "GET /admin/ 200" in caplog.text and "[lb-7f3a9c01]" in caplog.text
    rid = refused.headers["X-Request-Id"]
    assert len(rid) == 16 and "refused adjustment.amount_0_most_either" in caplog.text
    assert any(rid in r.getMessage() and "refused" in r.getMessage()
               for r in caplog.records)


@pytest.mark.fresh_app
def test_a_failure_is_logged_and_the_page_gives_the_id_to_quote(app, caplog):
    app.add_url_rule("/boom", "boom", lambda: 1 / 0)
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="admin_app.requests"):
        answer = client.get("/boom", headers={"X-Request-Id": "quote-me-123"})
    assert answer.status_code == 500
    assert "quote-me-123" in answer.get_data(as_text=True)
    assert "Nothing was saved" in answer.get_data(as_text=True)
    assert "unhandled ZeroDivisionError on GET /boom [quote-me-123]" in caplog.text


def test_healthz_checks_the_database_and_the_migrations(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'health.db'}")
    with app.app_context():
        upgrade()
        client = app.test_client()
        ok = client.get("/healthz")
        assert ok.status_code == 200
        assert ok.get_json() == {"status": "ok", "database": "ok", "migrations": "at head"}
        db.session.execute(text("UPDATE alembic_version SET version_num = 'c7e1a5d9f3b2'"))
        db.session.commit()
        behind = client.get("/healthz")
        assert behind.status_code == 503
        assert behind.get_json()["migrations"].startswith("behind: at c7e1a5d9f3b2")
        db.engine.dispose()
