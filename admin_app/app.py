"""create_app() builds the Flask app: its extensions, pages, admin, CLI and error pages."""
import os
from pathlib import Path

from apiflask import APIFlask
from flask import Flask, Response, redirect, request, url_for

from .config import Config, tune_postgresql
from .extensions import csrf, db, limiter, login_manager, mail, migrate
from .rules import wiring  # noqa: F401  (the rules' hooks, joined once)

from .paths import MIGRATIONS, STATIC
from . import PLOTLY_VERSION
PLOTLY_FILE = f"plotly-basic-{PLOTLY_VERSION}.min.js"


def _instance_path() -> str | None:
    """Where the quick start keeps its SQLite file, key, uploads and mail: INSTANCE_PATH
    (made absolute, as Flask wants), else Flask's instance/ folder."""
    chosen = os.environ.get("INSTANCE_PATH")
    return os.path.abspath(chosen) if chosen else None


def create_app(config: type[Config] | None = None, overrides: dict | None = None) -> Flask:
    # APIFlask is Flask with an OpenAPI document: only the API's blueprint is in it, and
    # its errors stay pages outside /api/ (json_errors off; api/errors.py words the API's)
    app = APIFlask(__name__, title="After-Sales Desk API", version="v1",
                   instance_relative_config=True, static_folder=str(STATIC),
                   static_url_path="/static", json_errors=False,
                   spec_path="/api/v1/openapi.json", docs_path=None,
                   instance_path=_instance_path())
    (config or Config).load(app)
    if overrides:
        app.config.update(overrides)
    tune_postgresql(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory=str(MIGRATIONS))
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    from . import i18n
    translations = i18n.init(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "strong"

    from .rules.accounts import users
    users.configure(app.config["ARGON2_PARAMS"])

    from . import auth, unsubscribe
    app.register_blueprint(auth.bp)
    app.register_blueprint(unsubscribe.bp)
    app.register_error_handler(429, auth.too_many_attempts)
    auth.warn_about_a_private_throttle(app)

    from .security import init_security
    init_security(app)

    from .views import init_admin
    init_admin(app, translations)

    from . import cli
    cli.register(app)
    from .jobs import runner
    runner.configure(app)

    _register_pages(app)
    _register_errors_and_api(app)
    return app


def _register_errors_and_api(app: Flask) -> None:
    from . import errors, observability
    errors.register(app)
    observability.init(app)
    from .api import errors as api_errors, init_api
    init_api(app)
    api_errors.answer_in_api(app)  # last: it wraps every error handler registered


def _register_pages(app: Flask) -> None:
    from .money import fmt
    from .views import local_time
    local_time.register(app)

    @app.template_filter("money")
    def money_filter(value):
        return fmt(value) if value is not None else ""

    @app.route("/")
    def home():
        return redirect(url_for("admin.index"))

    @app.route(f"/vendor/plotly-{PLOTLY_VERSION}.min.js")
    def plotly_js():
        """plotly.js's basic bundle (bar, scatter, pie: what the dashboards draw), 1.2 MB
        instead of the full 4.8 MB, sent gzipped (395 KB) to browsers that take it, read
        once and served from memory, cached for a year under its versioned name."""
        gzipped = "gzip" in request.headers.get("Accept-Encoding", "")
        name = PLOTLY_FILE + (".gz" if gzipped else "")
        body = app.extensions.get(name)
        if body is None:
            body = app.extensions[name] = (STATIC / "vendor" / name).read_bytes()
        response = Response(body, mimetype="text/javascript")
        if gzipped:
            response.headers["Content-Encoding"] = "gzip"
        response.vary.add("Accept-Encoding")
        response.cache_control.public, response.cache_control.max_age = True, 365 * 86400
        response.cache_control.immutable = True
        response.add_etag()
        return response.make_conditional(request)
