"""The audit trail (SPEC S9): one row per transition, posting, push or settings change."""
import json
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import inspect as sa_inspect

from ...models import AuditLog
from . import webhooks

# Never copied into the trail.
SECRET_COLUMNS = {"password_hash", "secret_hash", "secret"}


def _plain(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def snapshot(obj) -> dict:
    """The column values of a model row, as JSON-safe values."""
    mapper = sa_inspect(obj).mapper
    return {
        attr.key: _plain(getattr(obj, attr.key))
        for attr in mapper.column_attrs
        if attr.key not in SECRET_COLUMNS
    }


def record(session, user, action: str, obj, before: dict | None = None,
           after: dict | None = None, org_id: int | None = None) -> AuditLog:
    """Append an audit row. `before`/`after` default to nothing/the row's snapshot."""
    if after is None and obj is not None:
        after = snapshot(obj)
    if before is not None and after is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after[k] for k in sorted(changed)}
    row = AuditLog(
        org_id=org_id if org_id is not None else obj.org_id,
        user_id=getattr(user, "id", None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "id", "") or ""),
        before=json.dumps(before, sort_keys=True) if before is not None else None,
        after=json.dumps(after, sort_keys=True) if after is not None else None,
    )
    session.add(row)
    webhooks.from_audit(session, row, obj)
    return row
