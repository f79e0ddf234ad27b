"""the list search finds customers by any part of their email too (trigram index)

Revision ID: b4d8e6f2a1c3
Revises: f3b9d1c7a2e4
Create Date: 2026-12-06 08:00:00
"""
from alembic import op

revision = 'b4d8e6f2a1c3'
down_revision = 'f3b9d1c7a2e4'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE INDEX IF NOT EXISTS ix_customer_email_search ON customer "
                   "USING gin (email gin_trgm_ops)")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_customer_email_search")
