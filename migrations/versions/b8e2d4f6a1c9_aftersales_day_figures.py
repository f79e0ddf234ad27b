"""after-sales orders and returned units per day, store, kind and status: the dashboard
reads days, not after-sales orders

Revision ID: b8e2d4f6a1c9
Revises: f6c2d8a4b9e1
Create Date: 2026-12-07 00:10:00
"""
from collections import Counter
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa

revision = 'b8e2d4f6a1c9'
down_revision = 'f6c2d8a4b9e1'
branch_labels = None
depends_on = None


def _keys(*extra):
    return [sa.Column('org_id', sa.Integer, sa.ForeignKey('organization.id'), primary_key=True),
            sa.Column('day', sa.Date, primary_key=True),
            sa.Column('store_id', sa.Integer, sa.ForeignKey('store.id'), primary_key=True),
            *extra]


def upgrade():
    op.create_table('aftersales_day', *_keys(
        sa.Column('kind', sa.String(30), primary_key=True),
        sa.Column('status', sa.String(30), primary_key=True),
        sa.Column('count', sa.Integer, nullable=False)))
    op.create_table('sku_returns_day', *_keys(
        sa.Column('sku_id', sa.Integer, sa.ForeignKey('sku.id'), primary_key=True),
        sa.Column('units', sa.BigInteger, nullable=False)))
    _fill(op.get_bind())


def _fill(bind):
    """What the after-sales orders already hold, each on its organization's date (the
    time zone is the organization's own: a Python loop, as SQLite has no zones)."""
    zones = {org_id: ZoneInfo(name or "Asia/Manila") for org_id, name in bind.execute(
        sa.text("SELECT id, timezone FROM organization"))}
    where, counts, units = {}, Counter(), Counter()
    for aso_id, org_id, created, store_id, kind, status in bind.execute(sa.text(
            "SELECT a.id, a.org_id, a.created_at, o.store_id, a.kind, a.status "
            "FROM aftersales_order a JOIN sales_order o ON o.id = a.order_id")):
        if isinstance(created, str):  # SQLite
            created = datetime.fromisoformat(created)
        day = created.replace(tzinfo=timezone.utc).astimezone(zones[org_id]).date()
        where[aso_id] = (org_id, day, store_id)
        counts[(org_id, day, store_id, kind, status)] += 1
    for aso_id, sku_id, n in bind.execute(sa.text(
            "SELECT l.aftersales_id, l.sku_id, sum(l.quantity) FROM aftersales_line l "
            "JOIN aftersales_order a ON a.id = l.aftersales_id "
            "WHERE l.kind = 'return' AND a.status <> 'cancelled' "
            "GROUP BY l.aftersales_id, l.sku_id")):
        units[(*where[aso_id], sku_id)] += n
    days = sa.table('aftersales_day', *(sa.column(c) for c in (
        'org_id', 'day', 'store_id', 'kind', 'status', 'count')))
    returns = sa.table('sku_returns_day', *(sa.column(c) for c in (
        'org_id', 'day', 'store_id', 'sku_id', 'units')))
    for table, figures in ((days, counts), (returns, units)):
        names = [c.name for c in table.columns]
        rows = [dict(zip(names, (*key, n))) for key, n in figures.items() if n]
        for start in range(0, len(rows), 5000):
            bind.execute(table.insert(), rows[start:start + 5000])


def downgrade():
    op.drop_table('sku_returns_day')
    op.drop_table('aftersales_day')
