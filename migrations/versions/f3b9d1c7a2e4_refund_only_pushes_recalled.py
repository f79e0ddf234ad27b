"""Refund-Only after-sales orders bring no goods back, so they have no return stock-in
(distribution) record (SPEC S6 Decision). Records made from them before are recalled:
those not pushed, and those pushed but not stocked in by the supplier (the supplier's
record is cancelled with them); one the supplier has stocked in is left as it is.

Revision ID: f3b9d1c7a2e4
Revises: a9e4c2d7f1b8
Create Date: 2026-12-06 05:00:00
"""
import json
import logging
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

revision = 'f3b9d1c7a2e4'
down_revision = 'a9e4c2d7f1b8'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
WHY = "Refund-Only: no goods come back, nothing to push (recalled by an upgrade)"


def upgrade():
    conn = op.get_bind()
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    rows = conn.execute(sa.text(
        "SELECT r.id, r.org_id, r.status, s.id, s.org_id, s.status "
        "FROM distribution_return r "
        "JOIN aftersales_order a ON a.id = r.aftersales_id "
        "LEFT JOIN aftersales_order s ON s.id = r.supplier_aso_id "
        "WHERE a.kind = 'refund_only' AND r.status <> 'recalled'")).all()
    recalled = kept = 0
    for rid, org_id, status, sid, s_org, s_status in rows:
        if sid is not None and s_status != "confirm_return":
            kept += 1  # the supplier stocked goods in: its books stand
            continue
        if sid is not None:
            conn.execute(sa.text("UPDATE aftersales_order SET status = 'cancelled' "
                                 "WHERE id = :id"), {"id": sid})
            _audit(conn, s_org, "AfterSalesOrder", sid, "aftersalesorder.recall",
                   {"status": "cancelled", "why": WHY}, now)
        conn.execute(sa.text("UPDATE distribution_return SET status = 'recalled', "
                             "recalled_at = :now WHERE id = :id"), {"id": rid, "now": now})
        _audit(conn, org_id, "DistributionReturn", rid, "distribution.recall",
               {"status": "recalled", "why": WHY}, now)
        recalled += 1
    log.info("Refund-Only return stock-in records: %d recalled, %d left (stocked in by "
             "the supplier)", recalled, kept)


def _audit(conn, org_id, object_type, object_id, action, after, now):
    conn.execute(sa.text(
        "INSERT INTO audit_log (org_id, at, user_id, action, object_type, object_id, "
        "after) VALUES (:org, :at, NULL, :action, :type, :id, :after)"),
        {"org": org_id, "at": now, "action": action, "type": object_type,
         "id": str(object_id), "after": json.dumps(after, sort_keys=True)})


def downgrade():
    pass  # what was recalled stays recalled: the records were wrong
