"""Each channel's status mapping and deadlines, as data (SPEC S12): the defaults in
defaults.json (with their sources), and the organization's own rows, which take their
place (Settings > Platform deadlines and statuses). A default is read, never copied:
a fix to defaults.json reaches every organization that kept it."""
import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import scoped_session

from ..core.messages import Labels
from ...models import Holiday, Organization, PlatformDeadline, PlatformStatus

DEFAULTS = Path(__file__).with_name("defaults.json")
# The organization's country, for the rows that differ by country (its currency tells).
COUNTRY_OF_CURRENCY = {"PHP": "PH", "MYR": "MY", "THB": "TH", "VND": "VN", "IDR": "ID",
                       "SGD": "SG"}
# the states a platform status may lead to (the S5 pipeline's names)
TARGETS = ("to_confirm", "confirm_return", "received_return", "refund_processing",
           "completed", "cancelled")
SELLER_STEPS = ("respond", "confirm_receipt")   # the seller's clocks; the buyer ships back
CLOCKED = ("respond", "buyer_ship", "confirm_receipt")  # steps an order's status starts


@dataclass(frozen=True)
class Deadline:
    channel: str
    country: str
    step: str
    amount: int
    unit: str
    missed: str
    source: str
    own: bool = False   # the organization's row (False: the default)


@dataclass(frozen=True)
class Mapping:
    channel: str
    platform_status: str
    state: str
    clock: str | None
    own: bool = False


@lru_cache(maxsize=1)
def _defaults() -> dict:
    return json.loads(DEFAULTS.read_text(encoding="utf-8"))


def default_deadlines() -> list[Deadline]:
    return [Deadline(**row) for row in _defaults()["deadlines"]]


def default_statuses() -> list[Mapping]:
    return [Mapping(**row) for row in _defaults()["statuses"]]


# The defaults' words a reader sees (what happens when a step is missed), in the
# catalogs like every label; an organization's own words stay as it typed them.
MISSED = Labels({row["missed"]: row["missed"] for row in _defaults()["deadlines"]})
# Our own defaults' notes are worded for the reader; the published sources are cited as
# their pages are written.
OUR_SOURCES = Labels({row["source"]: row["source"] for row in _defaults()["deadlines"]
                      if row["source"].startswith("Our default")})


def channels() -> tuple[str, ...]:
    return tuple(dict.fromkeys(d.channel for d in default_deadlines()))


def country_of(org: Organization) -> str:
    return COUNTRY_OF_CURRENCY.get(org.currency, "")


CACHED = ("platform_deadlines", "platform_statuses")


def _once_per_transaction(session, key: str, org_id: int, read):
    """read(session, org_id), kept for the transaction: a list shows many orders, an
    import checks many rows."""
    session = session() if isinstance(session, scoped_session) else session
    cache = session.info.setdefault(key, {})
    transaction = session.get_transaction()
    if cache.get("transaction") is not transaction:
        cache.clear()
        cache["transaction"] = transaction
    if org_id not in cache:
        cache[org_id] = read(session, org_id)
    return cache[org_id]


def deadlines(session, org_id: int) -> list[Deadline]:
    """Every deadline row in force for the organization: its own, then the defaults
    it has not replaced."""
    return _once_per_transaction(session, "platform_deadlines", org_id, _deadlines)


def _deadlines(session, org_id: int) -> list[Deadline]:
    own = [Deadline(r.channel, r.country, r.step, r.amount, r.unit, r.missed, r.source,
                    own=True)
           for r in session.execute(select(PlatformDeadline).where(
               PlatformDeadline.org_id == org_id)).scalars()]
    keys = {(d.channel, d.country, d.step) for d in own}
    return own + [d for d in default_deadlines()
                  if (d.channel, d.country, d.step) not in keys]


def deadline_for(session, org: Organization, channel: str, step: str) -> Deadline | None:
    """The row for this channel and step in the organization's country, or for every
    country."""
    rows = {(d.country, d.step): d for d in deadlines(session, org.id) if d.channel == channel}
    return rows.get((country_of(org), step)) or rows.get(("", step))


def statuses(session, org_id: int) -> list[Mapping]:
    """Every status mapping in force: the organization's own, then the defaults."""
    return _once_per_transaction(session, "platform_statuses", org_id, _statuses)


def _statuses(session, org_id: int) -> list[Mapping]:
    own = [Mapping(r.channel, r.platform_status, r.state, r.clock, own=True)
           for r in session.execute(select(PlatformStatus).where(
               PlatformStatus.org_id == org_id)).scalars()]
    keys = {(m.channel, m.platform_status) for m in own}
    return own + [m for m in default_statuses()
                  if (m.channel, m.platform_status) not in keys]


def mapping_for(session, org_id: int, channel: str, platform_status: str) -> Mapping | None:
    wanted = (channel.lower(), platform_status.strip().upper())
    return next((m for m in statuses(session, org_id)
                 if (m.channel.lower(), m.platform_status.upper()) == wanted), None)


def holidays(session, org_id: int) -> frozenset[date]:
    return frozenset(session.execute(select(Holiday.day).where(
        Holiday.org_id == org_id)).scalars())


def forget(session) -> None:
    """The organization's rows changed: read them again."""
    session = session() if isinstance(session, scoped_session) else session
    for key in CACHED:
        session.info.pop(key, None)
