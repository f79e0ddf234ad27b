"""The one catalog of refusal messages: code -> words with {named} values, one module per
area. `render` fills in the values in the reader's language: the app installs its
translator (Flask-Babel's gettext, admin_app/i18n.py); without one the words are English.
A translation replaces the words, never the code."""
from . import aftersales, common, credit, customers, distribution, sales, stock

CATALOG: dict[str, str] = {}
for _area in (common, sales, credit, aftersales, stock, distribution, customers):
    _clash = CATALOG.keys() & _area.MESSAGES.keys()
    assert not _clash, f"refusal codes defined twice: {_clash}"
    CATALOG.update(_area.MESSAGES)


def _same(words: str) -> str:
    return words


translate = _same  # the app's gettext once installed


def render(code: str, params: dict) -> str:
    return translate(CATALOG[code]).format(**params)
