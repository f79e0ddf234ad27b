"""What the API reads from a request besides the schema's checks: amounts in the
organization's currency (its decimals checked by the core) and wall-clock times."""
from datetime import datetime, timezone


from ..extensions import db
from ..rules.core import clock, currency
from .auth import user


def amount(text: str | None, field: str):
    """An amount sent as a string, read in the organization's currency; None if blank."""
    if text in (None, ""):
        return None
    return currency.entered_for(db.session, user().org_id, text, field, field)


def wall(at: datetime | None) -> datetime | None:
    """An instant sent with an offset, on the organization's clock (its wall time)."""
    if at is None or at.tzinfo is None:
        return at
    return clock.local_time(user().org, at).replace(tzinfo=None)


def instant(at: datetime | None) -> datetime | None:
    """An instant sent, stored as naive UTC: with its offset as sent, without one on the
    organization's clock."""
    if at is None:
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=clock.zone(user().org.timezone))
    return at.astimezone(timezone.utc).replace(tzinfo=None)
