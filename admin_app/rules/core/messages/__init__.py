"""The one catalog of refusal messages: code -> words with {named} values, one module per
area. `render` fills in the values in the reader's language: the app installs its
translator (Flask-Babel's gettext, admin_app/i18n.py); without one the words are English.
A translation replaces the words, never the code."""
import contextlib
from datetime import date

from . import (aftersales, api, common, credit, customers, distribution, platforms, sales,
               stock)

CATALOG: dict[str, str] = {}
for _area in (common, sales, credit, aftersales, stock, distribution, customers, api,
              platforms):
    _clash = CATALOG.keys() & _area.MESSAGES.keys()
    assert not _clash, f"refusal codes defined twice: {_clash}"
    CATALOG.update(_area.MESSAGES)


def _same(words: str) -> str:
    return words


translate = _same  # the app's gettext once installed
day = date.isoformat  # the reader's way of writing a day once installed (day_words)


def render(code: str, params: dict) -> str:
    # a label filled in (a status, a kind) is read in the same language as the words,
    # a day as that reader writes days
    shown = {k: translate(v) if k.endswith("label") and isinstance(v, str)
             else day(v) if type(v) is date else v for k, v in params.items()}
    return translate(CATALOG[code]).format(**shown)


def word(text):
    """Words in the reader's language (a label, a name a view made); empty and
    non-text values (a lazy string, None) as they are."""
    if not text or not isinstance(text, str):
        return text
    return translate(text)


def say(text: str, /, **params) -> str:
    """A sentence with its values, in the reader's language (a file's problems)."""
    return translate(text).format(**params)


class Labels(dict[str, str]):
    """code -> English label, read in the reader's language: `labels[code]`, `.get`,
    `.items()` and `.values()` translate; `.english(code)` does not (files, logs).
    Every instance is listed in ALL so scripts/i18n puts its words in the catalogs."""

    ALL: list["Labels"] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        Labels.ALL.append(self)

    def __getitem__(self, code):
        return translate(super().__getitem__(code))

    def get(self, code, default=None):
        return translate(super().__getitem__(code)) if code in self else default

    def english(self, code, default=None):
        return super().get(code, default)

    def items(self):
        return [(code, translate(label)) for code, label in super().items()]

    def values(self):
        return [translate(label) for label in super().values()]

    def __reduce__(self):
        return (Labels, (dict(super().items()),))


class Said:
    """A sentence a rule reports ("Credit removed: {credit}..."), put in words when it is
    shown: in the staff's language on the page, in the customer's in their e-mail."""

    def __init__(self, words: str, **params):
        self.words, self.params = words, params

    def __str__(self) -> str:
        return translate(self.words).format(**self.params)

    def english(self) -> str:
        """As the record keeps it (the audit trail, logs)."""
        return self.words.format(**self.params)

    def __eq__(self, other) -> bool:
        return str(self) == str(other)

    def __contains__(self, text: str) -> bool:
        return text in str(self)

    def __hash__(self) -> int:
        return hash(self.words)


class Later:
    """A value of a sentence written when the sentence is shown, the way its reader
    writes it: Said(..., amount=Later(fmt, x)) reads 1,234.50 to an English customer
    and 1.234,50 to an Indonesian one, whoever cancelled the order."""

    def __init__(self, write, value):
        self.write, self.value = write, value

    def __str__(self) -> str:
        return self.write(self.value)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


def _no_switch(language: str | None):
    return contextlib.nullcontext()


# the app's Flask-Babel force_locale once installed
switch = _no_switch


def speaking(language: str | None):
    """Words of a message to a customer in the customer's language, whoever sends it."""
    return switch(language)
