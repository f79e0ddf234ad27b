"""The organization's own platform tables (Settings > Platform deadlines): a deadline
or a status mapping saved here takes the default's place; reset gives the default back.
Holidays are the days working-day clocks skip."""
from datetime import date

from sqlalchemy import select

from . import clocks, tables
from ..core import audit
from ..core.errors import RuleError
from ..core.text import single_line, typed
from ..core.usecase import use_case
from ...models import CLOCK_STEPS, CLOCK_UNITS, Holiday, PlatformDeadline, PlatformStatus

PERMISSION = "settings.manage"


def _channel(channel: str) -> str:
    if channel not in tables.channels():
        raise RuleError("platform.channel_one_of", {"names": ", ".join(tables.channels())},
                        field="channel")
    return channel


@use_case(PERMISSION)
def save_deadline(session, user, channel: str, country: str, step: str, amount: int,
                  unit: str, missed: str, source: str) -> PlatformDeadline:
    _channel(channel)
    country = (country or "").strip().upper()
    if len(country) not in (0, 2) or not country.isalpha() and country:
        raise RuleError("platform.country_code", field="country")
    if step not in CLOCK_STEPS:
        raise RuleError("platform.step_one_of", {"names": ", ".join(CLOCK_STEPS.values())},
                        field="step")
    if unit not in clocks.UNITS:
        raise RuleError("platform.deadline_unit_one_of",
                        {"names": ", ".join(CLOCK_UNITS.values())}, field="unit")
    if not isinstance(amount, int) or not 0 < amount <= clocks.MAX_AMOUNT:
        raise RuleError("platform.deadline_amount", {"max": clocks.MAX_AMOUNT}, field="amount")
    row = session.execute(select(PlatformDeadline).where(
        PlatformDeadline.org_id == user.org_id, PlatformDeadline.channel == channel,
        PlatformDeadline.country == country, PlatformDeadline.step == step)).scalar()
    before = {"amount": row.amount, "unit": row.unit} if row else {}
    if row is None:
        row = PlatformDeadline(org_id=user.org_id, channel=channel, country=country,
                               step=step)
        session.add(row)
    row.amount, row.unit = amount, unit
    default = next((d for d in tables.default_deadlines() if (d.channel, d.step) ==
                    (channel, step) and d.country in (country, "")), None)
    row.missed = typed(single_line(missed), "What happens when missed", 300) or \
        (default.missed if default else "")
    row.source = typed(single_line(source), "Source", 300) or ""
    session.flush()
    tables.forget(session)
    audit.record(session, user, "settings.platform_deadline", row, before=before,
                 after={"amount": amount, "unit": unit})
    return row


@use_case(PERMISSION)
def save_status(session, user, channel: str, platform_status: str, state: str,
                clock: str | None) -> PlatformStatus:
    _channel(channel)
    name = single_line(platform_status).upper()
    if not name or len(name) > 60:
        raise RuleError("platform.status_name", field="platform_status")
    if state not in tables.TARGETS:
        raise RuleError("platform.state_one_of", field="state")
    if clock and clock not in tables.CLOCKED:
        raise RuleError("platform.step_one_of", {"names": ", ".join(
            CLOCK_STEPS[s] for s in tables.CLOCKED)}, field="clock")
    row = session.execute(select(PlatformStatus).where(
        PlatformStatus.org_id == user.org_id, PlatformStatus.channel == channel,
        PlatformStatus.platform_status == name)).scalar()
    if row is None:
        row = PlatformStatus(org_id=user.org_id, channel=channel, platform_status=name)
        session.add(row)
    row.state, row.clock = state, clock or None
    session.flush()
    tables.forget(session)
    audit.record(session, user, "settings.platform_status", row)
    return row


@use_case(PERMISSION)
def reset(session, user, row) -> None:
    """The organization's row goes; the default (if any) applies again."""
    audit.record(session, user, "settings.platform_reset", row, before={"row": str(row)},
                 after={})
    session.delete(row)
    session.flush()
    tables.forget(session)


@use_case(PERMISSION)
def add_holiday(session, user, day: date | None, name: str) -> Holiday:
    if day is None:
        raise RuleError("platform.holiday_date", field="day")
    text = typed(single_line(name), "Name", 120)
    if not text:
        raise RuleError("platform.holiday_name", field="name")
    if session.execute(select(Holiday.id).where(Holiday.org_id == user.org_id,
                                                Holiday.day == day)).first():
        raise RuleError("platform.holiday_taken", {"day": day.isoformat()}, field="day")
    row = Holiday(org_id=user.org_id, day=day, name=text)
    session.add(row)
    session.flush()
    audit.record(session, user, "settings.holiday", row)
    return row
