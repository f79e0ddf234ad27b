"""blacklist reason and date

Revision ID: b2d6f0a4c8e1
Revises: a7c3e1f5b9d2
Create Date: 2026-11-22 21:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'b2d6f0a4c8e1'
down_revision = 'a7c3e1f5b9d2'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('customer', sa.Column('blacklist_reason', sa.String(length=300),
                                        nullable=True))
    op.add_column('customer', sa.Column('blacklisted_at', sa.DateTime(), nullable=True))


def downgrade():
    import warnings
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Skipped unsupported reflection")
        with op.batch_alter_table('customer') as batch:
            batch.drop_column('blacklisted_at')
            batch.drop_column('blacklist_reason')
    if op.get_bind().dialect.name == "sqlite":
        for column in ("code", "name", "phone"):
            op.execute(f"CREATE INDEX IF NOT EXISTS ix_customer_{column}_prefix "
                       f"ON customer (org_id, lower({column}))")
