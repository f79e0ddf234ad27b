"""Errors of the JSON API as RFC 9457 problem details (application/problem+json): the
core's refusal code, its values and field, the words in the caller's language, and the
request id to quote. The status says the kind: 400 bad input, 401 no valid token, 403
not permitted, 404 not yours or absent, 409 a state conflict, 422 a rule refused."""
import json

from flask import Response, request

from ..observability import request_id
from ..rules.core.access import NotYours
from ..rules.core.errors import AlreadySubmitted, RuleError, TransitionError
from ..rules.core.replays import StillRunning
from ..rules.core.usecase import NotPermitted

MEDIA = "application/problem+json"
PREFIX = "/api/"
TITLES = {400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found",
          405: "Method not allowed", 409: "Conflict", 413: "Payload too large",
          422: "Unprocessable content", 429: "Too many requests",
          500: "Internal server error", 503: "Service unavailable"}


def in_api() -> bool:
    return request.path.startswith(PREFIX)


class BadInput(RuleError):
    """Input the API cannot read (a cursor it never gave): 400, as a schema's refusal."""


def status_of(exc: RuleError) -> int:
    if isinstance(exc, BadInput):
        return 400
    if isinstance(exc, NotPermitted):
        return 403
    if isinstance(exc, NotYours):
        return 404
    if isinstance(exc, (TransitionError, StillRunning, AlreadySubmitted)):
        return 409
    return 422


def body(status: int, code: str, detail: str, *, params: dict | None = None,
         field: str | None = None, errors: dict | None = None) -> dict:
    out = {"type": f"about:blank#{code}" if code else "about:blank",
           "title": TITLES.get(status, "Error"), "status": status, "code": code,
           "detail": detail, "request_id": request_id()}
    if params:
        out["params"] = {k: _plain(v) for k, v in params.items()}
    if field:
        out["field"] = field
    if errors:
        out["errors"] = errors
    return out


def _plain(value):
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)


def respond(status: int, content: dict, headers: dict | None = None) -> Response:
    return Response(json.dumps(content, ensure_ascii=False), status=status,
                    mimetype=MEDIA, headers=headers)


# refusals whose words name a page's control: the API names its own field instead
API_WORDS = {
    "customer.blacklisted": ("customer.blacklisted_api", "blacklist_acknowledged"),
    "customer.blacklisted_because": ("customer.blacklisted_because_api",
                                     "blacklist_acknowledged")}


# a rule names the page's control for a row chosen; the API's body names its id
API_FIELDS = {"order": "order_id", "store": "store_id", "customer": "customer_id",
              "sku": "sku_id", "warehouse": "warehouse_id", "return_warehouse": "warehouse_id",
              "returned_items": "returns"}
# a refund's body names its amount and method plainly (a platform request's has its own
# refund_amount)
AREA_FIELDS = {"refund": {"refund_amount": "amount", "refund_method": "method"}}


def refusal(exc: RuleError) -> tuple[int, dict]:
    status = status_of(exc)
    area = exc.code.split(".")[0]
    field = AREA_FIELDS.get(area, {}).get(exc.field) or API_FIELDS.get(exc.field, exc.field)
    message = exc.message
    if exc.code in API_WORDS:
        words, field = API_WORDS[exc.code]
        message = RuleError(words, exc.params).message
    return status, body(status, exc.code, message, params=exc.params, field=field)


def http(status: int, detail: str = "", code: str = "", headers=None,
         errors: dict | None = None) -> Response:
    """A werkzeug or APIFlask HTTP error inside the API."""
    code = code or f"http.{status}"
    return respond(status, body(status, code, detail or TITLES.get(status, ""),
                                errors=errors), headers)
