"""Idempotency keys of the JSON API, by Stripe's rules: the same key with the same
request replays the first answer (status and body, a refusal too); with a different
request it is refused; while the first is still running, the twin is told to retry.

The claim commits on its own before the work (a twin sees it at once). The answer is
written in the work's own transaction, so "done" and the change commit together: a
claim left without an answer means the work never committed, and once STALE it may run
again. Answers are kept KEEP (at least a day)."""
import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from .errors import RuleError
from ...models import ApiRequest, utcnow

KEEP = timedelta(hours=24)
# A claim without an answer older than this: its request died before committing. Every
# request ends well before (gunicorn's timeout, gunicorn.conf.py: 30 s), so a request
# still running is never taken over.
STALE = timedelta(minutes=10)
KEY = re.compile(r"^[\x21-\x7e]{1,255}$")


class StillRunning(RuleError):
    """The first request with this key has not answered yet (HTTP 409)."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: str


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(b"\0".join((method.encode(), path.encode(), body))).hexdigest()


def claim(session, org_id: int, token_id: int, key: str, print_: str) -> Answer | None:
    """Claim `key` for a request; the first answer if it was answered (replay it)."""
    if not KEY.match(key or ""):
        raise RuleError("api.key_invalid", field="Idempotency-Key")
    now = utcnow()
    row = session.execute(select(ApiRequest).where(
        ApiRequest.token_id == token_id, ApiRequest.key == key)).scalar_one_or_none()
    if row is not None and row.created_at < now - KEEP:
        session.delete(row)
        session.flush()
        row = None
    if row is not None:
        if row.fingerprint != print_:
            raise RuleError("api.key_reused", field="Idempotency-Key")
        if row.status_code is not None:
            return Answer(row.status_code, row.body or "")
        if row.created_at >= now - STALE:
            raise StillRunning("api.key_running")
        row.created_at = now  # its request died before committing: this one runs
        return None
    session.add(ApiRequest(org_id=org_id, token_id=token_id, key=key,
                           fingerprint=print_, created_at=now))
    try:
        session.flush()
    except IntegrityError:  # a twin claimed it between the read and the insert
        raise StillRunning("api.key_running") from None
    return None


def answer(session, token_id: int, key: str, status: int, body: str) -> None:
    """Keep the answer; called inside the work's transaction (or after a refusal)."""
    row = session.execute(select(ApiRequest).where(
        ApiRequest.token_id == token_id, ApiRequest.key == key)).scalar_one()
    row.status_code, row.body = status, body


def release(session, token_id: int, key: str) -> None:
    """The request failed unexpectedly: the key may be used again at once."""
    session.execute(delete(ApiRequest).where(ApiRequest.token_id == token_id,
                                             ApiRequest.key == key,
                                             ApiRequest.status_code.is_(None)))


def forget_old(session) -> int:
    """Drop answers older than KEEP (the periodic clean-up)."""
    return session.execute(delete(ApiRequest).where(
        ApiRequest.created_at < utcnow() - KEEP)).rowcount or 0
