"""When a platform's clock runs out (SPEC S12): hours and calendar days count on the
organization's clock; working days skip weekends and the organization's holidays and
keep the time of day the clock started (a request at Friday 15:00 with 2 working days
is due Tuesday 15:00). A clock started on a day off counts from the next working day's
start. Pure: no database, no Flask."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

UNITS = ("hours", "days", "working_days")
WEEKEND = (5, 6)  # Saturday, Sunday
MAX_AMOUNT = 365


def is_working(day: date, holidays) -> bool:
    return day.weekday() not in WEEKEND and day not in holidays


def due(start: datetime, amount: int, unit: str, zone: ZoneInfo,
        holidays: frozenset[date] = frozenset()) -> datetime:
    """The instant (naive UTC) a clock started at `start` (naive UTC) runs out."""
    if unit not in UNITS or not 0 <= amount <= MAX_AMOUNT:
        raise ValueError(f"unknown clock {amount} {unit}")
    if unit == "hours":
        return start + timedelta(hours=amount)
    local = start.replace(tzinfo=timezone.utc).astimezone(zone)
    if unit == "days":
        # the same wall-clock time `amount` days later (a day is not always 24 h)
        wall = datetime.combine(local.date() + timedelta(days=amount), local.time())
    else:
        wall = _working_days_later(local, amount, holidays)
    return wall.replace(tzinfo=zone).astimezone(timezone.utc).replace(tzinfo=None)


def _working_days_later(local: datetime, amount: int, holidays) -> datetime:
    day, at = local.date(), local.time().replace(tzinfo=None)
    if not is_working(day, holidays):  # started on a day off: as at the next one's start
        at = time(0)
        while not is_working(day, holidays):
            day += timedelta(days=1)
    counted = 0
    while counted < amount:
        day += timedelta(days=1)
        if is_working(day, holidays):
            counted += 1
    return datetime.combine(day, at)


def working_days_between(start: date, end: date, holidays) -> int:
    """Working days after `start` up to and including `end` (for the tests' invariant)."""
    return sum(1 for n in range(1, (end - start).days + 1)
               if is_working(start + timedelta(days=n), holidays))
