"""What the server says about each request: a request id (taken from a proxy's
X-Request-Id when it is plain, else made here) on one log line per request, on every
refusal and exception, in the X-Request-Id answer header and on the 500 page, so a user
can quote it and the log finds it. /healthz says whether the database answers and its
schema is at the migrations' head (for a load balancer or a deploy script)."""
import logging
import os
import re
import time
import uuid

from alembic.script import ScriptDirectory
from flask import g, has_request_context, jsonify, request
from sqlalchemy import text

from .extensions import db
from .paths import MIGRATIONS

log = logging.getLogger("admin_app.requests")
PLAIN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id() -> str:
    if not has_request_context():
        return "-"
    if "request_id" not in g:
        given = request.headers.get("X-Request-Id", "")
        g.request_id = given if PLAIN_ID.match(given) else uuid.uuid4().hex[:16]
    return g.request_id


def refused(exc) -> None:
    """A rule's refusal: its code and values, on the request's line of the log."""
    log.info("refused %s %s [%s]", exc.code, exc.params, request_id())


def _start() -> None:
    g.started = time.perf_counter()
    request_id()


def _finish(response):
    ms = (time.perf_counter() - g.get("started", time.perf_counter())) * 1000
    response.headers["X-Request-Id"] = request_id()
    user = getattr(g, "_login_user", None)
    log.info("%s %s %s %.0fms user=%s [%s]", request.method, request.path,
             response.status_code, ms, getattr(user, "id", "-"), request_id())
    return response


def failed(error):
    """An exception no handler knew: logged with the request id, which the page gives
    the user to quote."""
    log.exception("unhandled %s on %s %s [%s]", type(error).__name__, request.method,
                  request.path, request_id())
    from flask import current_app
    page = current_app.jinja_env.get_template("errors/failed.html").render(
        request_id=request_id())
    return page, 500


def healthz():
    checks, ok = {}, True
    try:
        current = db.session.execute(text("SELECT version_num FROM alembic_version")
                                     ).scalars().all()
        checks["database"] = "ok"
    except Exception as exc:  # the check's answer, not a failure of the app
        db.session.remove()
        return jsonify(status="failing", database=type(exc).__name__), 503
    heads = set(ScriptDirectory(str(MIGRATIONS)).get_heads())
    checks["migrations"] = "at head" if set(current) == heads else \
        f"behind: at {', '.join(current) or 'none'}, head {', '.join(sorted(heads))}"
    ok = set(current) == heads
    return jsonify(status="ok" if ok else "failing", **checks), 200 if ok else 503


def init(app) -> None:
    if not log.handlers and not logging.getLogger().handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
    # LOG_REQUESTS=0: failures only (a benchmark sends thousands of requests)
    quiet = os.environ.get("LOG_REQUESTS") == "0"
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    app.before_request(_start)
    app.after_request(_finish)
    app.register_error_handler(Exception, _unless_http(failed))
    app.add_url_rule("/healthz", "healthz", healthz)


def _unless_http(handler):
    from werkzeug.exceptions import HTTPException

    def handle(error):
        if isinstance(error, HTTPException):
            return error
        return handler(error)
    return handle
