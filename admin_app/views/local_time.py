"""Instants shown on the organization's clock (they are stored in UTC); the columns that
already hold its wall clock (an order's date, as typed) are shown as they are. Amounts
shown as the reader's language writes them, with the organization's currency's decimals
(VND and IDR have none)."""
from datetime import date, datetime, timezone
from decimal import Decimal

from babel.dates import format_skeleton
from flask.globals import _cv_app
from flask_login import current_user

from ..money import fmt
from ..rules.core import clock, currency
from ..rules.core.day_words import DATE_SKELETON, day_text
from ..language_now import language_now

WALL_CLOCK_COLUMNS = clock.WALL_CLOCK_COLUMNS


# English pages keep ISO dates (read alike in Manila and in Singapore); the other
# languages write them their own way (Babel: "6 ธ.ค. 2026 13:05", "2026年12月6日 13:05").
ISO = {"datetime": "%Y-%m-%d %H:%M", "date": "%Y-%m-%d"}
TIME_SKELETON = "Hm"


def local_text(value, name: str | None = None, kind: str = "datetime") -> str:
    """An instant on the organization's clock, or a date, as the reader writes it."""
    if value is None:
        return ""
    if isinstance(value, datetime) and name not in WALL_CLOCK_COLUMNS:
        aware = value if value.tzinfo else value.replace(tzinfo=timezone.utc)
        value = aware.astimezone(_readers_zone())  # as clock.local_time does
    return written(value, kind)


def _readers_zone():
    """The signed-in organization's zone, found once a request (a list page writes a
    hundred instants)."""
    ctx = _cv_app.get(None)
    kept = ctx.g.__dict__ if ctx is not None else {}
    found = kept.get("_readers_zone")
    if found is None:
        found = clock.zone(getattr(getattr(current_user, "org", None), "timezone", None))
        if ctx is not None:
            kept["_readers_zone"] = found
    return found


def written(value: date, kind: str = "datetime") -> str:
    language = language_now("en")
    if language == "en":
        return value.strftime(ISO[kind])
    if kind == "date":
        return day_text(value, language)
    locale = currency.babel_locale(language)
    zone = getattr(value, "tzinfo", None)
    day = format_skeleton(DATE_SKELETON, value, tzinfo=zone, locale=locale)
    clock_time = format_skeleton(TIME_SKELETON, value, tzinfo=zone, locale=locale)
    return locale.datetime_formats["medium"].format(clock_time, day)


def iso_text(value, name: str | None = None) -> str:
    """Exports: ISO, on the organization's clock (a file is read by machines too)."""
    if value is None:
        return ""
    if name not in WALL_CLOCK_COLUMNS:
        value = clock.local_time(getattr(current_user, "org", None), value)
    return value.strftime(ISO["datetime"])


def iso_date_cell(view, context, model, name) -> str:
    """An export's date column: ISO, on the organization's clock."""
    value = getattr(model, name)
    return iso_text(value, name)[:10] if value is not None else ""


def register(app) -> None:
    @app.template_filter("local")
    def local_filter(value):
        """{{ row.created_at|local }}: an instant on the organization's clock."""
        return local_text(value, None)

    @app.template_filter("local_date")
    def local_date(value):
        """{{ stmt.start|local_date }}: a date (an instant's, on the organization's
        clock)."""
        return local_text(value, None, "date")

    @app.template_filter("wall_date")
    def wall_date(value):
        """{{ order.order_date|wall_date }}: the date of a time kept as the organization's
        wall clock (an order's date, as typed), not moved again."""
        return local_text(value, "order_date", "date")


def amount_text(view, value: Decimal, name=None) -> str:
    """A list's or a page's amount: as the reader's language writes it, in the
    organization's currency's units (money.fmt); a rate finer than the currency keeps
    its decimals."""
    return fmt(value)
