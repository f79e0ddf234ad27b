"""url_for for the rows of a page: a list page links each of its 50 rows to the same few
endpoints, and werkzeug's URL building is a large share of the page's time. Each
endpoint's URL is built once per request with stand-in values, then filled in per row.
A static file's URL (a page's ~20 scripts and styles) is built once per process."""
import re
from urllib.parse import quote, quote_plus

from flask import request, url_for
from flask.globals import _cv_app
from werkzeug.routing import BuildError
from ..rules.core.text import digits_only

_INT_STAND_IN = 7_919_000_000_000  # no real id is this large; a path's int converter takes it


def row_url(endpoint: str, **values) -> str:
    """url_for(endpoint, **values) for an endpoint this request links many rows to."""
    template = _template(endpoint, values)
    if template is None:
        return url_for(endpoint, **values)  # a converter that refused the stand-in
    return _filled(template, values, lambda text: quote(text, safe=""))


def list_url(endpoint: str, values: dict) -> str:
    """url_for(endpoint, **values) of a list page (query arguments only): a list links
    to itself a few dozen times (sort headers, tabs, pager, filters)."""
    values = {k: v for k, v in values.items() if v is not None}
    # url_for's own arguments (_anchor, _external...) and lists are its to write
    if any(k.startswith("_") or type(v) not in (str, int) for k, v in values.items()):
        return url_for(endpoint, **values)
    template = _template(endpoint, values)
    if template is None:
        return url_for(endpoint, **values)
    # as werkzeug writes a query's values
    return _filled(template, values, lambda text: quote_plus(text, safe=_QUERY_SAFE))


_QUERY_SAFE = "!$'()*,/:;?@"
_PLAIN = re.compile(r"[A-Za-z0-9_.~-]*\Z").match  # what quoting leaves as it is


def _filled(template: list[str], values: dict, quoted) -> str:
    """The URL with each value quoted into its place (plain text needs no quoting)."""
    url = template[0]
    for value, after in zip(values.values(), template[1:]):
        text = str(value)
        url += (text if _PLAIN(text) else quoted(text)) + after
    return url


def _template(endpoint: str, values: dict) -> list[str] | None:
    """The endpoint's URL split around its values, built once per request."""
    templates = _cv_app.get().g.__dict__.setdefault("row_url_templates", {})
    key = (endpoint, tuple(values))
    template = templates.get(key)
    if template is None:
        stand_ins = {name: _INT_STAND_IN + i if _is_int(value) else f"zq{i}zq"
                     for i, (name, value) in enumerate(values.items())}
        try:
            built = url_for(endpoint, **stand_ins)
        except BuildError:
            built = ""
        template = _split(built, [str(s) for s in stand_ins.values()])
        if template is None:
            return None
        templates[key] = template
    return template


def _split(built: str, stand_ins: list[str]) -> list[str] | None:
    """The URL's text around each stand-in, in the order of the values; None if one is
    missing."""
    parts, rest = [], built
    for stand_in in stand_ins:
        before, found, rest = rest.partition(stand_in)
        if not found:
            return None
        parts.append(before)
    return parts + [rest]


def _is_int(value) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and digits_only(value))


_STATIC_URLS: dict[tuple, str] = {}


def static_url(endpoint: str, **values) -> str:
    """url_for of a static file, remembered: the same on every request to this app."""
    key = (request.script_root, endpoint, tuple(sorted(values.items())))
    found = _STATIC_URLS.get(key)
    if found is None:
        if len(_STATIC_URLS) > 1000:
            _STATIC_URLS.clear()
        found = _STATIC_URLS[key] = url_for(endpoint, **values)
    return found
