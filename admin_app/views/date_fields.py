"""Dates typed the reader's way (issue 24 item 5): the picker writes ISO (2026-12-06),
and a person may type the date as their language writes it (6/12/2026 in Thai or
Vietnamese, 2026/12/6 in Chinese); both are read, in that language's day-month order."""
from datetime import date

from babel.dates import format_date, parse_date
from flask_babel import gettext
from wtforms.fields import DateField

from .access import org_today
from ..language_now import language_now


class LocalDateField(DateField):
    def process_formdata(self, valuelist):
        text = " ".join(valuelist or []).strip()
        self.data = None
        if not text:
            return
        language = language_now("en")
        try:
            self.data = date.fromisoformat(text)
            return
        except ValueError:
            pass
        try:
            self.data = parse_date(text, locale=language, format="short")
        except (ValueError, IndexError):
            raise ValueError(gettext(
                "Not a date: enter it as %(example)s or YYYY-MM-DD.",
                example=format_date(org_today(), "short", locale=language))) from None
