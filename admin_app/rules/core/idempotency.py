"""One-time form tokens: the first submission posts, a replay posts nothing."""
import re

from sqlalchemy.exc import IntegrityError

from .errors import AlreadySubmitted, RuleError
from ...models import IdempotencyKey

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def claim(session, org_id: int, key: str, action: str) -> IdempotencyKey:
    """Record that `key` is being used; raise AlreadySubmitted on a replay.

    The UNIQUE (org_id, key) constraint makes two concurrent submissions race to the
    same row: exactly one insert wins, inside the caller's transaction.
    """
    if not key or not TOKEN.match(key):
        raise RuleError('form.form_expired_reload_page')
    existing = session.query(IdempotencyKey).filter_by(org_id=org_id, key=key).first()
    if existing is not None:
        raise _replay(existing)
    row = IdempotencyKey(org_id=org_id, key=key, action=action)
    session.add(row)
    try:
        session.flush()
    except IntegrityError:
        # The concurrent twin won; the caller rolls this transaction back.
        raise AlreadySubmitted('form.form_already_submitted_applied') from None
    return row


def check_unused(session, org_id: int, key: str) -> None:
    """Refuse a replay before doing any work (even a preview) with its form."""
    existing = session.query(IdempotencyKey).filter_by(org_id=org_id, key=key or "").first()
    if existing is not None:
        raise _replay(existing)


def _replay(row: IdempotencyKey) -> AlreadySubmitted:
    if row.result_ref:
        return AlreadySubmitted("form.already_submitted_as", {"ref": row.result_ref})
    return AlreadySubmitted("form.form_already_submitted_applied")


def reference(result) -> str | None:
    """What a replay is told was done: a document number, else the row."""
    ref = getattr(result, "number", None)
    if ref is None and getattr(result, "id", None) is not None:
        ref = f"{type(result).__name__} {result.id}"
    return str(ref)[:80] if ref else None
