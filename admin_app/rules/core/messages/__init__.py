"""The one catalog of refusal messages: code -> words with {named} values, one module per
area. `render` fills in the values; a translation (next: Flask-Babel) replaces the
words, never the code."""
from . import aftersales, common, credit, customers, distribution, sales, stock

CATALOG: dict[str, str] = {}
for _area in (common, sales, credit, aftersales, stock, distribution, customers):
    _clash = CATALOG.keys() & _area.MESSAGES.keys()
    assert not _clash, f"refusal codes defined twice: {_clash}"
    CATALOG.update(_area.MESSAGES)


def render(code: str, params: dict) -> str:
    return CATALOG[code].format(**params)
