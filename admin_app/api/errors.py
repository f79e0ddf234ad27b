"""Every error under /api/ answers application/problem+json, never a page: refusals of
the core (by their kind), APIFlask's validation and token errors, werkzeug's HTTP errors
(404, 405, 413, 429), a database that does not answer (503), and anything unforeseen
(500, logged with the request id it quotes)."""
import logging

from apiflask.exceptions import HTTPError
from sqlalchemy.exc import IntegrityError, OperationalError
from werkzeug.exceptions import HTTPException

from ..errors import RETRY_AFTER
from ..observability import request_id
from ..rules.core.errors import RuleError
from ..rules.core.messages import word
from ..rules.core.messages._marker import _
from . import problems
from .field_words import all_in_words, in_words

log = logging.getLogger("admin_app.api")


def register_refusals(bp) -> None:
    bp.register_error_handler(RuleError, _refused)


def register(app) -> None:
    app.error_processor(apiflask_error)


def _refused(exc: RuleError):
    status, content = problems.refusal(exc)
    return problems.respond(status, content)


def apiflask_error(error):
    """APIFlask's HTTPError: 400 with each invalid field, 401 without a valid token."""
    errors = all_in_words(error.detail) if isinstance(error.detail, dict) and error.detail \
        else None
    code = {400: "request.invalid", 401: "auth.token_required"}.get(error.status_code, "")
    detail = in_words(error.message)
    if error.status_code == 401:
        detail = word(_("Send a valid API token: Authorization: Bearer asd_..."))
    headers = dict(error.headers or {})
    if error.status_code == 401:
        headers.setdefault("WWW-Authenticate", 'Bearer realm="api"')
    return problems.http(error.status_code, detail, code, headers, errors)


def answer_in_api(app) -> None:
    """Wrap the app's error handlers (called once they are all registered)."""
    for handlers in app.error_handler_spec[None].values():
        for cls, handler in list(handlers.items()):
            if not issubclass(cls, HTTPError):  # APIFlask's own: apiflask_error words it
                handlers[cls] = _api_aware(handler)
    app.register_error_handler(HTTPException, _api_aware(lambda error: error))


def _api_aware(handler):
    def handle(error):
        if not problems.in_api():
            return handler(error)
        if isinstance(error, HTTPException):
            headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
            detail = word(error.description) if error.code not in (404,) else \
                word(_("There is no such resource, or it is not your organization's."))
            return problems.http(error.code or 500, detail, headers=headers)
        if isinstance(error, IntegrityError):
            return problems.http(409, word(_(
                "This conflicts with a record saved at the same moment; nothing was saved. "
                "Retry the request.")), "db.conflict")
        if isinstance(error, OperationalError):
            return problems.http(503, word(_(
                "The database did not answer; nothing was saved. Retry shortly.")),
                "db.unavailable", {"Retry-After": str(RETRY_AFTER)})
        log.exception("unhandled %s in the API [%s]", type(error).__name__, request_id())
        return problems.http(500, word(_(
            "Something failed on our side; nothing was saved. Quote the request id to "
            "support.")), "server.error")
    return handle
