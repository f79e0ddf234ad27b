"""Keyset pages for every list: newest first by id, `limit` rows, and a `next` cursor
naming the last id seen, so rows added meanwhile never shift or repeat a page. A cursor
is signed with the app's secret: one the API never gave is refused (400), not read as
some page."""
import base64
import binascii
import hashlib
import hmac

from flask import current_app
from sqlalchemy import BigInteger, select

from ..extensions import db
from .problems import BadInput
from ..rules.core.text import digits_only

MAX_LIMIT = 200


def after(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii") + b"==").decode("ascii")
        named, _, signed = text.rpartition(":")
        kind, _, value = named.partition(":")
        if kind != "id" or not digits_only(value) or len(value) > 18 or \
                not hmac.compare_digest(signed, _signature(named)):
            raise ValueError(text)
        return int(value)
    except (ValueError, UnicodeError, binascii.Error):
        raise BadInput("api.cursor_invalid", field="cursor") from None


def largest(model) -> int:
    """The largest id the model's column holds (a bound parameter beyond it is an error
    on PostgreSQL)."""
    return 2**63 - 1 if isinstance(model.__table__.c.id.type, BigInteger) else 2**31 - 1


def cursor_of(last_id: int) -> str:
    named = f"id:{last_id}"
    return base64.urlsafe_b64encode(f"{named}:{_signature(named)}".encode()) \
        .decode().rstrip("=")


def _signature(named: str) -> str:
    key = str(current_app.secret_key).encode()
    return hmac.new(key, f"cursor:{named}".encode(), hashlib.sha256).hexdigest()[:16]


def where_of(model, org_id: int, args: dict, names) -> list:
    """The organization's rows, filtered by each named argument the query sent."""
    return [model.org_id == org_id, *(getattr(model, name) == args[name] for name in names
                                      if args.get(name) not in (None, ""))]


def page(model, where: list, args: dict, shape, options=()) -> dict:
    """One page of `model` rows matching `where` (the organization's filter first);
    `options` load what `shape` reads in a few statements, not one per row."""
    limit = args.get("limit") or 50
    query = select(model).where(*where).options(*options)
    last = after(args.get("cursor"))
    if last is not None:  # a cursor past every id is the first page
        query = query.where(model.id < min(last, largest(model)))
    rows = db.session.execute(query.order_by(model.id.desc()).limit(limit + 1)).scalars().all()
    more = len(rows) > limit
    rows = rows[:limit]
    return {"data": [shape(row) for row in rows],
            "next": cursor_of(rows[-1].id) if more else None}
