"""When a platform's clock runs out: in the organization's zone, working days skipping
weekends and its holidays (SPEC S12)."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings, strategies as st

from admin_app.models import Holiday
from admin_app.rules.core import clock
from admin_app.rules.platforms import clocks, deadlines

from .helpers import at, make_platform_shop

MANILA = ZoneInfo("Asia/Manila")


def test_two_working_days_from_friday_afternoon_is_tuesday_afternoon():
    friday_3pm = at("2026-12-04T07:00:00")  # 15:00 in Manila
    assert clocks.due(friday_3pm, 2, "working_days", MANILA) == at("2026-12-08T07:00:00")
    holiday = frozenset({date(2026, 12, 7)})
    assert clocks.due(friday_3pm, 2, "working_days", MANILA, holiday) == \
        at("2026-12-09T07:00:00")


def test_a_clock_started_on_a_day_off_counts_from_the_next_working_day():
    saturday = at("2026-12-05T07:00:00")
    # as if it started on Monday at 00:00: Monday and Tuesday are the 2 working days
    assert clocks.due(saturday, 2, "working_days", MANILA) == at("2026-12-08T16:00:00")


def test_calendar_days_keep_the_wall_clock_time_across_a_zone_change():
    # New York changes its clocks on 2026-03-08: 2 days later is still 09:00 there
    start = datetime(2026, 3, 7, 14, 0)  # 09:00 EST
    assert clocks.due(start, 2, "days", ZoneInfo("America/New_York")) == \
        datetime(2026, 3, 9, 13, 0)  # 09:00 EDT
    assert clocks.due(start, 48, "hours", ZoneInfo("America/New_York")) == \
        datetime(2026, 3, 9, 14, 0)


days = st.integers(min_value=1, max_value=30)
starts = st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31))
holiday_sets = st.frozensets(st.dates(min_value=date(2026, 1, 1),
                                      max_value=date(2028, 3, 31)), max_size=40)
zones = st.sampled_from(["Asia/Manila", "Asia/Bangkok", "Asia/Jakarta", "Asia/Ho_Chi_Minh",
                         "America/New_York"])


@settings(max_examples=300, deadline=None)
@given(starts, days, holiday_sets, zones)
def test_working_days_land_on_a_working_day_after_exactly_n_of_them(start, n, holidays, zone):
    tz = ZoneInfo(zone)
    due = clocks.due(start, n, "working_days", tz, holidays)
    local_start = clock.local_time(None, start).astimezone(tz)
    local_due = clock.local_time(None, due).astimezone(tz)
    assert due > start
    # a clock started on a day off runs as from the next working day's start
    counted_from = local_start.date()
    while not clocks.is_working(counted_from, holidays):
        counted_from += timedelta(days=1)
    assert clocks.working_days_between(counted_from, local_due.date(), holidays) == n
    assert clocks.is_working(local_due.date(), holidays)


def test_the_organizations_holidays_and_zone_move_a_lazada_deadline(session):
    shop = make_platform_shop(session)
    shop.org.timezone = "Asia/Bangkok"
    session.add(Holiday(org_id=shop.org.id, day=date(2026, 12, 10), name="Constitution Day"))
    session.flush()
    wednesday_9am_bangkok = at("2026-12-09T02:00:00")
    due = deadlines.due_for(session, shop.org, "Lazada", "respond", wednesday_9am_bangkok)
    # Thursday is a holiday: Friday and Monday are the 2 working days
    assert due == wednesday_9am_bangkok + timedelta(days=5)
