"""The JSON API, /api/v1 (issue 25): APIFlask routes over the same use cases as the
pages. Each module holds one resource; api/calls.py runs their writes through the unit
of work with the request's Idempotency-Key; api/problems.py words every error."""
from apiflask import APIBlueprint

bp = APIBlueprint("api", __name__, url_prefix="/api/v1", enable_openapi=True)

RESOURCES = ("me", "customers", "orders", "aftersales", "refunds", "credit", "accounts",
             "stock", "stock_documents", "distribution", "partnerships", "campaigns",
             "platforms", "platform_settings", "imports", "webhooks")
_ready = False


def init_api(app) -> None:
    """Register the API on the app (an APIFlask, whose spec lists only this blueprint)."""
    global _ready
    import importlib

    from flask import current_app

    from ..extensions import csrf, limiter
    from . import auth, docs, errors, spec
    if not _ready:  # the blueprint is made once; each app (tests make many) registers it
        for name in RESOURCES:
            importlib.import_module(f"{__name__}.{name}")
        bp.before_request(auth.no_session_user)
        csrf.exempt(bp)
        limiter.limit(lambda: current_app.config["API_RATE_LIMIT"],
                      key_func=auth.rate_key)(bp)
        limiter.limit(lambda: current_app.config["API_ADDRESS_RATE_LIMIT"],
                      key_func=auth.address_key)(bp)
        errors.register_refusals(bp)
        _ready = True
    from .schemas import Problem
    app.config.update(HTTP_ERROR_SCHEMA=Problem, VALIDATION_ERROR_SCHEMA=Problem,
                      VALIDATION_ERROR_STATUS_CODE=400)
    errors.register(app)
    spec.register(app)
    app.register_blueprint(bp)
    docs.register(app)
