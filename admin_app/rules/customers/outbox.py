"""Delivering the outbox (SPEC S7): claim, send, record. Each message is claimed by one
sender at a time (row locks, SKIP LOCKED on PostgreSQL) and marked as sending before it
goes out, so it is never sent twice, however many senders run at once."""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import and_, exists, or_, select, update

from ...models import Campaign, Outbox, utcnow

MAX_ATTEMPTS = 5
# A message still "sending" this long after its claim (renewed after each message of the
# batch) belongs to a sender that died.
STALE_AFTER = timedelta(minutes=30)
INTERRUPTED = ("Interrupted while sending: it may have gone out, so it is not retried "
               "automatically. Retry it from its campaign if it did not arrive.")
NO_ADDRESS = "No email address."

PENDING = or_(Outbox.status == "queued",
              and_(Outbox.status == "failed", Outbox.attempts < MAX_ATTEMPTS))


@dataclass(frozen=True)
class Claimed:
    id: int
    to_address: str
    subject: str
    body: str
    body_html: str | None


def release_stale(session, now=None) -> int:
    """Messages a dead sender left as sending become failed, without automatic retry:
    they may have gone out."""
    now = now or utcnow()
    return session.execute(update(Outbox).where(
        Outbox.status == "sending", Outbox.claimed_at < now - STALE_AFTER)
        .values(status="failed", attempts=MAX_ATTEMPTS, error=INTERRUPTED)
        .execution_options(synchronize_session=False)).rowcount


def claim(session, limit: int, run_started, now=None) -> list[Claimed]:
    """Up to `limit` messages to send now, marked as sending (commit before sending);
    none this run already tried. Messages without an address fail at once, for good."""
    now = now or utcnow()
    untried = or_(Outbox.claimed_at.is_(None), Outbox.claimed_at < run_started)
    no_address = or_(Outbox.to_address.is_(None), Outbox.to_address == "")
    session.execute(update(Outbox).where(PENDING, no_address)
                    .values(status="failed", attempts=MAX_ATTEMPTS, error=NO_ADDRESS)
                    .execution_options(synchronize_session=False))
    ids = select(Outbox.id).where(PENDING, untried).order_by(Outbox.id).limit(limit) \
        .with_for_update(skip_locked=True).scalar_subquery()
    rows = session.execute(
        update(Outbox).where(Outbox.id.in_(ids), PENDING, untried)
        .values(status="sending", claimed_at=now, attempts=Outbox.attempts + 1)
        .returning(Outbox.id, Outbox.to_address, Outbox.subject, Outbox.body,
                   Outbox.body_html)
        .execution_options(synchronize_session=False)).all()
    return sorted((Claimed(*row) for row in rows), key=lambda c: c.id)


def record(session, message_id: int, error: str | None, rest=(), now=None,
           counts: bool = True) -> None:
    """What happened to a claimed message: sent, or failed with the reason (retried by
    a later run while it has attempts left; `counts=False`: the server could not be
    reached, so the attempt does not count). A sender judged dead that reports after all
    is believed. `rest`: the batch's messages not sent yet, whose claim is renewed."""
    now = now or utcnow()
    values = {"status": "sent", "sent_at": now, "error": None} if error is None \
        else {"status": "failed", "error": error[:500]}
    if error is not None and not counts:
        values["attempts"] = Outbox.attempts - 1
    mine = or_(Outbox.status == "sending",
               and_(Outbox.status == "failed", Outbox.error == INTERRUPTED))
    session.execute(update(Outbox).where(Outbox.id == message_id, mine).values(**values)
                    .execution_options(synchronize_session=False))
    if rest:
        session.execute(update(Outbox).where(Outbox.id.in_(list(rest)),
                                             Outbox.status == "sending")
                        .values(claimed_at=now).execution_options(synchronize_session=False))


def finish_campaigns(session, now=None) -> int:
    """Campaigns with nothing left to try are sent."""
    left = exists().where(Outbox.campaign_id == Campaign.id,
                          or_(PENDING, Outbox.status == "sending"))
    return session.execute(update(Campaign).where(Campaign.status == "sending", ~left)
                           .values(status="sent", finished_at=now or utcnow())
                           .execution_options(synchronize_session=False)).rowcount
