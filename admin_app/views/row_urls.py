"""url_for for the rows of a page: a list page links each of its 50 rows to the same few
endpoints, and werkzeug's URL building is a large share of the page's time. Each
endpoint's URL is built once per request with stand-in values, then filled in per row."""
from urllib.parse import quote

from flask import g, url_for
from werkzeug.routing import BuildError

_INT_STAND_IN = 7_919_000_000_000  # no real id is this large; a path's int converter takes it


def row_url(endpoint: str, **values) -> str:
    """url_for(endpoint, **values) for an endpoint this request links many rows to."""
    templates = g.setdefault("row_url_templates", {})
    key = (endpoint, tuple(values))
    template = templates.get(key)
    if template is None:
        stand_ins = {name: _INT_STAND_IN + i if _is_int(value) else f"zq{i}zq"
                     for i, (name, value) in enumerate(values.items())}
        try:
            built = url_for(endpoint, **stand_ins)
        except BuildError:
            built = ""
        if not all(str(s) in built for s in stand_ins.values()):
            return url_for(endpoint, **values)  # a converter that refused the stand-in
        template = templates[key] = (built, [str(s) for s in stand_ins.values()])
    url, stand_ins = template
    for stand_in, value in zip(stand_ins, values.values()):
        url = url.replace(stand_in, quote(str(value), safe=""), 1)
    return url


def _is_int(value) -> bool:
    return isinstance(value, int) or (isinstance(value, str) and value.isdigit())
