"""the organization's mail sender; customers who unsubscribed from campaigns

Revision ID: c7e1a5d9f3b2
Revises: b4d8e6f2a1c3
Create Date: 2026-12-06 09:00:00
"""
from alembic import op
import sqlalchemy as sa

revision = 'c7e1a5d9f3b2'
down_revision = 'b4d8e6f2a1c3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('organization') as batch:
        batch.add_column(sa.Column('mail_sender_name', sa.String(length=120), nullable=True))
        batch.add_column(sa.Column('mail_sender_address', sa.String(length=254),
                                   nullable=True))
    with op.batch_alter_table('customer') as batch:
        batch.add_column(sa.Column('unsubscribed_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('customer') as batch:
        batch.drop_column('unsubscribed_at')
    with op.batch_alter_table('organization') as batch:
        batch.drop_column('mail_sender_address')
        batch.drop_column('mail_sender_name')
