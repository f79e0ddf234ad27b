"""the organization's time zone: its business dates are its own, not the server's

Revision ID: d2f6b8a4c1e9
Revises: c7e1a5d9f3b2
Create Date: 2026-12-06 10:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'd2f6b8a4c1e9'
down_revision = 'c7e1a5d9f3b2'
branch_labels = None
depends_on = None


def upgrade():
    # Existing organizations keep the zone the product was specified for (Manila);
    # an owner changes it in Settings.
    with op.batch_alter_table('organization') as batch:
        batch.add_column(sa.Column('timezone', sa.String(length=64), nullable=False,
                                   server_default='Asia/Manila'))


def downgrade():
    with op.batch_alter_table('organization') as batch:
        batch.drop_column('timezone')
