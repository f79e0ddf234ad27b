"""indexes for the API's lists: an organization's rows newest first (org_id, id)

Revision ID: e2a9c4f7b1d5
Revises: d8f3b6a2e4c7
Create Date: 2026-12-06 17:00:00
"""
from alembic import op

revision = 'e2a9c4f7b1d5'
down_revision = 'd8f3b6a2e4c7'
branch_labels = None
depends_on = None

TABLES = ("sales_order", "customer", "aftersales_order", "refund_order", "stock_movement",
          "outbox")


def upgrade():
    for table in TABLES:
        op.create_index(f"ix_{table}_org_id_id", table, ["org_id", "id"])


def downgrade():
    for table in TABLES:
        op.drop_index(f"ix_{table}_org_id_id", table)
