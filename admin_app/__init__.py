"""After-Sales Desk: create_app() builds the Flask app with its admin."""
from pathlib import Path

from flask import Flask, Response, redirect, request, url_for

from .config import Config, tune_postgresql
from .extensions import csrf, db, limiter, login_manager, mail, migrate
from .rules import distribution  # noqa: F401  (joins the after-sales hooks)
from .rules.aftersales import services  # noqa: F401  (marks uncollected orders)

# Everything the app needs ships inside the package (pip install . carries it).
HERE = Path(__file__).resolve().parent


def create_app(config: type[Config] | None = None, overrides: dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True,
                static_folder=str(HERE / "static"), static_url_path="/static")
    (config or Config).load(app)
    if overrides:
        app.config.update(overrides)
    tune_postgresql(app.config)
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True,
                     directory=str(HERE / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.session_protection = "strong"

    from .rules.accounts import users
    users.configure(app.config["ARGON2_PARAMS"])

    from . import auth
    app.register_blueprint(auth.bp)
    app.register_error_handler(429, auth.too_many_attempts)
    auth.warn_about_a_private_throttle(app)

    from .security import init_security
    init_security(app)

    from .views import init_admin
    init_admin(app)

    from . import cli
    cli.register(app)

    _register_pages(app)
    from . import errors
    errors.register(app)
    return app


def _register_pages(app: Flask) -> None:
    from .money import fmt

    @app.template_filter("money")
    def money_filter(value):
        return fmt(value) if value is not None else ""

    @app.route("/")
    def home():
        return redirect(url_for("admin.index"))

    @app.route("/vendor/plotly.min.js")
    def plotly_js():
        # Read once and served from memory: no open file is left behind when a browser
        # leaves the page before the 4.8 MB have arrived.
        body = app.extensions.get("plotly_js")
        if body is None:
            import plotly
            path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
            body = app.extensions["plotly_js"] = path.read_bytes()
        response = Response(body, mimetype="text/javascript")
        response.cache_control.public, response.cache_control.max_age = True, 30 * 86400
        response.add_etag()
        return response.make_conditional(request)
