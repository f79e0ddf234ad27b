"""A day as its reader writes it: ISO in English (read alike in Manila and in
Singapore), the reader's own way in the other languages (Babel: "6 ธ.ค. 2026",
"2026年12月6日"). Pages, printed documents and the customers' e-mails share it."""
from datetime import date, datetime

from babel.dates import format_skeleton

from . import currency

DATE_SKELETON = "yMMMd"
_DAYS: dict[tuple[str, date], str] = {}


def day_text(value: date, language: str | None = None) -> str:
    """`value`'s day in `language` (default: whoever reads now)."""
    language = language or currency.reader()[0]
    day = value.date() if isinstance(value, datetime) else value
    if language == "en":
        return day.isoformat()
    key = (language, day)  # a list's rows share a few days: each written once
    found = _DAYS.get(key)
    if found is None:
        if len(_DAYS) > 20_000:
            _DAYS.clear()
        found = _DAYS[key] = format_skeleton(DATE_SKELETON, day,
                                             locale=currency.babel_locale(language))
    return found
