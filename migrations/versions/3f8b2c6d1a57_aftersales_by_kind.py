"""lists of one after-sales kind (a supplier's pushed returns) count their tabs by index

Revision ID: 3f8b2c6d1a57
Revises: 2a4162e660a8
Create Date: 2026-11-22 19:45:00
"""
from alembic import op

revision = '3f8b2c6d1a57'
down_revision = '2a4162e660a8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_aftersales_org_kind_status', 'aftersales_order',
                    ['org_id', 'kind', 'status', 'id'])


def downgrade():
    op.drop_index('ix_aftersales_org_kind_status', table_name='aftersales_order')
