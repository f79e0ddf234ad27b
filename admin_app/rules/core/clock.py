"""The organization's time. Instants are stored in UTC (naive, models.utcnow); a business
date (an order's date, a due date, a ledger entry's date, aging, expiry, the 90-day push
rule, document numbers, dashboards) is the date on the organization's calendar, in its
time zone: a Manila refund at 07:30 is dated that day, not yesterday as on a UTC server.
"""
from datetime import date, datetime, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ...models import Organization, utcnow

DEFAULT_ZONE = "Asia/Manila"


# columns holding the organization's wall clock as typed (an order's date), not an
# instant stored in UTC: shown and sent as they are, in its zone
WALL_CLOCK_COLUMNS = frozenset({"order_date", "last_order"})


@lru_cache(maxsize=64)
def zone(name: str | None) -> ZoneInfo:
    return ZoneInfo(name or DEFAULT_ZONE)


def is_zone(name: str) -> bool:
    """An IANA time zone name this machine knows (Asia/Manila, Asia/Ho_Chi_Minh...)."""
    try:
        zone(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return name in available_timezones()


def business_date(org: Organization, at: datetime | None = None) -> date:
    """The organization's date at the instant `at` (naive UTC; default: now)."""
    return local_time(org, at or utcnow()).date()


def today(session, org_id: int) -> date:
    """business_date() for an organization known by its id (from the identity map)."""
    return business_date(session.get(Organization, org_id))


def wall_clock(session, org_id: int) -> datetime:
    """Now on the organization's clock, naive: what a person there would type as the
    date and time of an order."""
    org = session.get(Organization, org_id)
    return local_time(org, utcnow()).replace(tzinfo=None, microsecond=0)


def date_of(session, org_id: int, at: datetime) -> date:
    """The organization's date of a stored instant (a row's created_at)."""
    return business_date(session.get(Organization, org_id), at)


def local_time(org: Organization | None, at: datetime) -> datetime:
    """A stored instant (naive UTC) on the organization's clock, zone attached."""
    aware = at if at.tzinfo else at.replace(tzinfo=timezone.utc)
    return aware.astimezone(zone(getattr(org, "timezone", None)))


def day_start_utc(zone_name: str | None, day: date) -> datetime:
    """The instant (naive UTC) `day` begins in the zone: instants from here up to the
    next day's start fall on `day`."""
    local = datetime(day.year, day.month, day.day, tzinfo=zone(zone_name))
    return local.astimezone(timezone.utc).replace(tzinfo=None)
