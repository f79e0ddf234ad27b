"""a push failure that can never succeed is marked final (not offered as Re-push)

Revision ID: a9e4c2d7f1b8
Revises: c8e4a2f7d1b3
Create Date: 2026-12-06 07:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'a9e4c2d7f1b8'
down_revision = 'c8e4a2f7d1b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('distribution_return') as batch:
        batch.add_column(sa.Column('final', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    # failures recorded before: too old, or outside the cooperation period, never pass
    op.execute("UPDATE distribution_return SET final = TRUE WHERE status = 'push_failed' "
               "AND (fail_reason LIKE '%days old; orders older than%' "
               "OR fail_reason LIKE '%outside the cooperation period%')")


def downgrade():
    with op.batch_alter_table('distribution_return') as batch:
        batch.drop_column('final')
