"""Delivering the outbox (SPEC S7): claim a batch, then for each message start, send,
record. A run claims messages under its own token (row locks, SKIP LOCKED on
PostgreSQL) and marks each one "sending" (committed) just before it goes out, so a
message is never sent twice, however many runs go at once or die on the way."""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, exists, or_, select

from ..core.transitions import Lifecycle
from ...models import CAMPAIGN_STATUSES, OUTBOX_STATUSES, Campaign, Customer, Outbox, utcnow

# A message's life: claimed by a run, started just before it goes out, then sent or
# failed; a failure with attempts left is claimed again by a later run; a campaign's
# failed messages can be queued again (campaigns.retry_failed). Bulk moves: one UPDATE.
OUTBOX = Lifecycle("outbox", {
    "queued": {"claim": "claimed", "give_up": "failed"},
    "claimed": {"start": "sending", "release": "queued", "deliver": "sent", "fail": "failed"},
    "sending": {"deliver": "sent", "fail": "failed", "interrupt": "failed"},
    "failed": {"claim": "claimed", "give_up": "failed", "deliver": "sent", "fail": "failed",
               "requeue": "queued"},
    "sent": {},
}, OUTBOX_STATUSES, {"claim": "Claim", "give_up": "Give up", "start": "Start",
                     "release": "Release", "deliver": "Delivered", "fail": "Failed",
                     "interrupt": "Interrupted", "requeue": "Send again"})
# A campaign: a draft until sent; sending while its messages go out; sent when none is
# left to try; "send again" (its failed messages) makes it sending once more.
CAMPAIGN = Lifecycle("campaign", {
    "draft": {"send": "sending"},
    "sending": {"finish": "sent", "retry": "sending"},
    "sent": {"retry": "sending"},
}, CAMPAIGN_STATUSES, {"send": "Send", "finish": "Finish", "retry": "Send failed again"})

MAX_ATTEMPTS = 5
# A run that holds a message this long has died (or is far too slow): what it only
# claimed goes back to the queue; what it was sending is interrupted.
STALE_AFTER = timedelta(minutes=30)
INTERRUPTED = ("Interrupted while sending: it may have gone out, so it is not sent "
               "again.")
NO_ADDRESS = "No email address."
NOT_WANTED = ("Not sent: the customer was blacklisted, deactivated or unsubscribed after "
              "the campaign was sent.")

PENDING = or_(Outbox.status == "queued",
              and_(Outbox.status == "failed", Outbox.attempts < MAX_ATTEMPTS))
HELD = ("claimed", "sending")
# A campaign goes only to customers still wanting it when it is sent, not only when it
# was queued (notifications about their own orders always go).
STILL_WANTED = or_(Outbox.campaign_id.is_(None), exists().where(
    Customer.id == Outbox.customer_id, Customer.active.is_(True),
    Customer.blacklisted.is_(False), Customer.unsubscribed_at.is_(None)))


@dataclass(frozen=True)
class Claimed:
    id: int
    to_address: str
    subject: str
    body: str
    body_html: str | None
    org_id: int
    customer_id: int | None
    campaign_id: int | None


def release_stale(session, now=None) -> int:
    """What dead runs held: messages only claimed go back to the queue (never tried);
    those they were sending become failed for good (they may have gone out). Returns
    how many were interrupted."""
    old = Outbox.claimed_at < (now or utcnow()) - STALE_AFTER
    OUTBOX.move_many(session, Outbox, "release", old, claimed_by=None)
    return OUTBOX.move_many(session, Outbox, "interrupt", old, attempts=MAX_ATTEMPTS,
                            error=INTERRUPTED)


def claim(session, limit: int, run_started, token: str, now=None) -> list[Claimed]:
    """Up to `limit` messages for the run `token` (commit before sending); none this run
    already tried. Messages without an address fail at once, for good."""
    now = now or utcnow()
    untried = or_(Outbox.claimed_at.is_(None), Outbox.claimed_at < run_started)
    no_address = or_(Outbox.to_address.is_(None), Outbox.to_address == "")
    OUTBOX.move_many(session, Outbox, "give_up", PENDING, no_address,
                     attempts=MAX_ATTEMPTS, error=NO_ADDRESS)
    OUTBOX.move_many(session, Outbox, "give_up", PENDING, ~STILL_WANTED,
                     attempts=MAX_ATTEMPTS, error=NOT_WANTED)
    # Lock exactly `limit` ids first: as a subquery of the UPDATE, PostgreSQL may run
    # the LIMIT ... SKIP LOCKED once per outer row and claim far more than asked.
    ids = session.execute(select(Outbox.id).where(PENDING, untried).order_by(Outbox.id)
                          .limit(limit).with_for_update(skip_locked=True)).scalars().all()
    if not ids:
        return []
    rows = session.execute(
        OUTBOX.statement(Outbox, "claim", Outbox.id.in_(ids), PENDING, untried,
                         claimed_at=now, claimed_by=token)
        .returning(Outbox.id, Outbox.to_address, Outbox.subject, Outbox.body,
                   Outbox.body_html, Outbox.org_id, Outbox.customer_id, Outbox.campaign_id)
        .execution_options(synchronize_session=False)).all()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


def start(session, message_id: int, token: str, now=None) -> bool:
    """The message goes out now: commit this before sending. False: the run no longer
    holds it (judged dead, another run took it): do not send it."""
    return OUTBOX.move_many(session, Outbox, "start", Outbox.id == message_id,
                            Outbox.claimed_by == token, STILL_WANTED,
                            attempts=Outbox.attempts + 1, claimed_at=now or utcnow()) == 1


def record(session, message_id: int, token: str, error: str | None, now=None) -> None:
    """What happened to a message of the run: sent, or failed with the reason (retried
    by a later run while it has attempts left; a message never started used none). A
    run judged dead that reports after all is believed."""
    event, values = ("deliver", {"sent_at": now or utcnow(), "error": None}) \
        if error is None else ("fail", {"error": error[:500]})
    held = or_(Outbox.status.in_(HELD),
               and_(Outbox.status == "failed", Outbox.error == INTERRUPTED))
    OUTBOX.move_many(session, Outbox, event, Outbox.id == message_id,
                     Outbox.claimed_by == token, held, **values)


def release(session, token: str) -> int:
    """What the run claimed but never started goes back to the queue."""
    return OUTBOX.move_many(session, Outbox, "release", Outbox.claimed_by == token,
                            claimed_by=None)


def finish_campaigns(session, now=None) -> int:
    """Campaigns with nothing left to try are sent."""
    left = exists().where(Outbox.campaign_id == Campaign.id,
                          or_(PENDING, Outbox.status.in_(HELD)))
    return CAMPAIGN.move_many(session, Campaign, "finish", ~left,
                              finished_at=now or utcnow())
